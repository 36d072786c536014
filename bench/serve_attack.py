"""How `kg serve` holds up under attack: 8 normal clients' latency while attackers send heavy
queries, hold 1,000 idle connections, or send 1 MB query texts (issue 22).

    .venv/bin/python bench/serve_attack.py [--seconds 10] [--project DIR]

Builds the bundled corpus (or DIR) in a temporary copy, serves it on 127.0.0.1 with the
defaults (the answer cache off, so every query reaches a worker) and an open-file limit of
1,024, the common default, then runs each scenario for `--seconds`. Each normal client sends
small distinct queries one after another on a keep-alive connection (reconnecting, as browsers
do, when the server closed it); its latency includes a reconnection. Prints a Markdown table:
requests answered, errors, median and p95 latency per scenario.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build.run import build  # noqa: E402
from kg.project import open_project  # noqa: E402

CLIENTS = 8
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} # {n}"
CHEAP = "SELECT ?s WHERE {{ ?s a ?type }} LIMIT 5 # {n}"
_counter = itertools.count()


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _limit_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, resource.getrlimit(
        resource.RLIMIT_NOFILE)[1]))


def serve(root: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "-p", str(root), "--port", str(port),
         "--cache-mb", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=_limit_files)
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.05)
    raise SystemExit("kg serve did not start")


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def query(self, text: str, timeout: float = 60) -> int:
        body = urllib.parse.urlencode({"query": text})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                             timeout=timeout)
            try:
                self.connection.request("POST", "/sparql", body, headers)
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def normal_clients(port: int, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds

    def loop() -> None:
        client = Client(port)
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status = client.query(CHEAP.format(n=next(_counter)))
            except OSError:
                status = 0
            if status == 200:
                latencies.append(time.perf_counter() - start)
            else:
                errors[0] += 1
    threads = [threading.Thread(target=loop) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def heavy(port: int, stop: threading.Event) -> None:
    client = Client(port)
    while not stop.is_set():
        try:
            client.query(HEAVY.format(n=next(_counter)))
        except OSError:
            time.sleep(0.1)


def idle_holder(port: int, stop: threading.Event, count: int = 500) -> None:
    """Opens `count` connections that send nothing, and opens them again as they close."""
    held: list[socket.socket] = []
    while not stop.is_set():
        while len(held) < count and not stop.is_set():
            try:
                held.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            except OSError:
                time.sleep(0.05)
                break
        alive = []
        for sock in held:
            sock.setblocking(False)
            try:
                closed = sock.recv(1) == b""
            except BlockingIOError:
                closed = False
            except OSError:
                closed = True
            if closed:
                sock.close()
            else:
                alive.append(sock)
        held = alive
        time.sleep(0.2)
    for sock in held:
        sock.close()


def junk(port: int, stop: threading.Event) -> None:
    client = Client(port)
    text = "_" * ((1 << 20) - 200)
    while not stop.is_set():
        try:
            client.query(text)
        except OSError:
            time.sleep(0.1)


SCENARIOS: list[tuple[str, Callable[[int, threading.Event], None] | None]] = [
    ("no attacker", None),
    ("2 attackers sending heavy queries", heavy),
    ("2 attackers holding 1,000 idle connections", idle_holder),
    ("2 attackers sending 1 MB query texts", junk),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "corpus"
        shutil.copytree(args.project, root, ignore=shutil.ignore_patterns(
            "build", ".git", ".venv", "tests", "bench"))
        build(open_project(root))
        print("| scenario | answered | errors | median ms | p95 ms |")
        print("|---|---|---|---|---|")
        for name, attacker in SCENARIOS:
            port = _port()
            server = serve(root, port)
            stop = threading.Event()
            attackers = [threading.Thread(target=attacker, args=(port, stop))
                         for _ in range(2)] if attacker else []
            for thread in attackers:
                thread.start()
            time.sleep(1.0 if attacker else 0)  # let the attack take hold
            latencies, errors = normal_clients(port, args.seconds)
            stop.set()
            for thread in attackers:
                thread.join()
            server.terminate()
            server.wait(timeout=30)
            ms = sorted(x * 1000 for x in latencies)
            p95 = ms[int(0.95 * (len(ms) - 1))] if ms else float("nan")
            median = statistics.median(ms) if ms else float("nan")
            print(f"| {name} | {len(ms)} | {errors} | {median:.1f} | {p95:.1f} |", flush=True)


if __name__ == "__main__":
    main()
