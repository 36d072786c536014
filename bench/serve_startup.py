"""How long `kg serve` takes to answer after it starts, and what the `claims` query costs
through it, on a synthetic corpus (issue 19).

    .venv/bin/python bench/serve_startup.py [--claims 100000] [--work DIR]

Generates the corpus (bench/synthetic.py) in DIR unless it is already built there, builds it,
then starts `kg serve` twice (the first start after a build and a later one), each timed from
the process's start to its first answer to `ASK {}`; then times the named `claims` query
through the endpoint while the workers read the store on disk, the workers' move to memory
(kg.engine.serving: until `kg serve` says they hold the build), the `claims` query again, the
VoID description (the first request writes the dumps it sizes, kg.export.files; the second
reads their sizes) and the Turtle dump. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import generate  # noqa: E402

from kg.project import open_project  # noqa: E402
from kg.query.library import library  # noqa: E402


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, body: str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


MOVED = "now hold the build in memory"  # what kg serve says once its workers have moved


def start(root: Path) -> tuple[subprocess.Popen, int, float]:
    """`kg serve`, and the seconds from its start to its first answer; what it says on
    stderr is gathered in `server.said` (a list of lines, filled by a thread)."""
    port = _port()
    began = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "-p", str(root),
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    server.said = []
    threading.Thread(target=lambda: server.said.extend(server.stderr), daemon=True).start()
    while True:
        if server.poll() is not None:
            raise SystemExit("kg serve exited")
        try:
            status, _ = request(port, "GET", "/sparql?" + urllib.parse.urlencode(
                {"query": "ASK {}"}))
            if status == 200:
                return server, port, time.perf_counter() - began
        except OSError:
            time.sleep(0.05)


def moved(server: subprocess.Popen, limit: float = 600.0) -> bool:
    """Wait until kg serve says its workers hold the build in memory (False: it did not)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline and server.poll() is None:
        if any(MOVED in line for line in server.said):
            return True
        time.sleep(0.1)
    return False


def timed(call) -> tuple[float, object]:
    began = time.perf_counter()
    outcome = call()
    return time.perf_counter() - began, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-serve-startup"))
    args = parser.parse_args()
    root = args.work / f"synthetic-{args.claims}"
    if not (root / "data").is_dir():
        generate(root, args.claims)
    subprocess.run([sys.executable, "-m", "kg", "build", "-p", str(root)], check=True,
                   stdout=subprocess.DEVNULL)
    claims = library(open_project(root).queries_dirs)["claims"].text
    rows = []
    for attempt in ("first start after the build", "a later start"):
        server, port, seconds = start(root)
        rows.append((f"kg serve, {attempt}: first answer", f"{seconds:.2f}", ""))
        if attempt.startswith("first"):
            began = time.perf_counter() - seconds
            for label, wait in (("named query claims through /sparql, workers on the store "
                                 "(10,000 rows at most)", False),
                                ("named query claims through /sparql, workers in memory",
                                 True)):
                if wait:
                    rows.append(("workers in memory (from the start)" if moved(server) else
                                 "workers did not move to memory (see kg serve's stderr)",
                                 f"{time.perf_counter() - began:.2f}", ""))
                took, (status, size) = timed(lambda: request(
                    port, "POST", "/sparql", urllib.parse.urlencode({"query": claims}),
                    {"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "text/csv"}))
                rows.append((label, f"{took:.2f}", f"HTTP {status}, {size} bytes"))
            for label in ("VoID description, first request (writes the dumps)",
                          "VoID description, again"):
                took, (status, size) = timed(lambda: request(
                    port, "GET", "/.well-known/void", headers={"Accept": "text/turtle"}))
                rows.append((label, f"{took:.2f}", f"HTTP {status}, {size} bytes"))
            took, (status, size) = timed(lambda: request(port, "GET", "/kg.ttl"))
            rows.append(("/kg.ttl", f"{took:.2f}", f"HTTP {status}, {size} bytes"))
        server.terminate()
        server.wait(timeout=60)
    print(f"{args.claims} claims")
    print("| step | seconds | answer |")
    print("|---|---|---|")
    for step, seconds, answer in rows:
        print(f"| {step} | {seconds} | {answer} |")


if __name__ == "__main__":
    main()
