"""Load test of `kg serve`: concurrent clients send every named query; p50/p95/max and errors.

    .venv/bin/python bench/load_serve.py                  # 8 clients, 20 rounds, bundled corpus
    .venv/bin/python bench/load_serve.py --cache-mb 0         # every request runs its query
    .venv/bin/python bench/load_serve.py --endpoint http://127.0.0.1:7878/query   # any endpoint

Without --endpoint it builds the project if needed, starts `kg serve` on 127.0.0.1 on a free
port, and stops it at the end. Each client keeps one HTTP/1.1 connection open and sends, round
after round, every query of the named library (queries/*.rq) in its own shuffled order, as a
form POST asking for SPARQL results JSON (Turtle for CONSTRUCT). Traffic goes to loopback only;
the run is bounded by --rounds and --max-seconds. The README's "Performance" figures come from
here.
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.project import open_project  # noqa: E402
from kg.query.library import library  # noqa: E402


def main() -> int:
    args = _arguments()
    project = open_project(args.project)
    queries = {q.name: q.text for q in library(project.queries_dirs).values()}
    server = None
    endpoint = args.endpoint
    if endpoint is None:
        if not project.build_file.is_file():
            subprocess.run([sys.executable, "-m", "kg", "build", "-p", str(project.root)],
                           check=True, capture_output=True)
        server, endpoint = _start_server(project.root, args)
    started = time.monotonic()
    try:
        results = _run(endpoint, queries, args)
        args.elapsed = time.monotonic() - started
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    _report(results, args, endpoint, len(queries))
    return 0 if not any(status != 200 for _, _, status in results) else 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", help="a running SPARQL endpoint (default: start kg serve)")
    parser.add_argument("--project", type=Path, default=None, help="project (default: bundled)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the named queries "
                        "per client")
    parser.add_argument("--workers", type=int, default=0, help="kg serve --workers")
    parser.add_argument("--cache-mb", type=int, default=64, help="kg serve --cache-mb (0: every "
                        "request runs its query)")
    parser.add_argument("--max-seconds", type=float, default=300.0, help="stop sending after")
    return parser.parse_args()


def _start_server(root: Path, args: argparse.Namespace) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kg", "serve", "--port", str(port), "-p", str(root),
               "--workers", str(args.workers), "--cache-mb", str(args.cache_mb)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return server, base + "/sparql"
        except OSError:
            if server.poll() is not None:
                raise SystemExit("kg serve did not start") from None
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("kg serve did not answer within 30 s")


def _run(endpoint: str, queries: dict[str, str], args: argparse.Namespace
         ) -> list[tuple[str, float, int]]:
    """(query name, seconds, HTTP status or 0 for a failed connection) per request."""
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.max_seconds
    url = urllib.parse.urlsplit(endpoint)

    def client(seed: int) -> None:
        order = random.Random(seed)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        mine = []
        for _ in range(args.rounds):
            names = list(queries)
            order.shuffle(names)
            for name in names:
                if time.monotonic() > deadline:
                    break
                mine.append(_send(connection, url.path, name, queries[name]))
        connection.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _send(connection: http.client.HTTPConnection, path: str, name: str, text: str
          ) -> tuple[str, float, int]:
    body = urllib.parse.urlencode({"query": text})
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/sparql-results+json, text/turtle;q=0.9"}
    started = time.perf_counter()
    try:
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException):
        connection.close()
        status = 0
    return name, time.perf_counter() - started, status


def _report(results: list[tuple[str, float, int]], args: argparse.Namespace, endpoint: str,
            query_count: int) -> None:
    times = sorted(seconds * 1000 for _, seconds, _ in results)
    errors = sum(1 for _, _, status in results if status != 200)
    if not times:
        print("no requests were sent")
        return
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"endpoint {endpoint}: {args.clients} clients, {query_count} named queries, "
          f"{len(times)} requests in {args.elapsed:.1f} s ({len(times) / args.elapsed:.0f}/s), "
          f"{errors} errors")
    failed: dict[tuple[str, int], int] = {}
    for name, _, status in results:
        if status != 200:
            failed[name, status] = failed.get((name, status), 0) + 1
    for (name, status), count in sorted(failed.items()):
        print(f"  error: {name}: HTTP {status or 'connection failed'} x {count}")
    print(f"latency ms: p50 {statistics.median(times):.1f}  p95 {p95:.1f}  "
          f"max {times[-1]:.1f}")
    by_query: dict[str, list[float]] = {}
    for name, seconds, _ in results:
        by_query.setdefault(name, []).append(seconds * 1000)
    for name, values in sorted(by_query.items()):
        values.sort()
        print(f"  {name:32} p50 {statistics.median(values):7.1f}  "
              f"p95 {values[min(len(values) - 1, int(0.95 * len(values)))]:7.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
