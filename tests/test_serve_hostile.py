"""`kg serve` against an attacker (issue 22): SERVICE in every spelling reaches no listener, with
the endpoint's refusals and with the sandbox alone; deep nesting, unknown functions, memory
hogs and held-open connections are answered with a sentence and cost no other client.

The listener is a raw TCP socket on 127.0.0.1 that counts every connection it accepts, so a
request that never completes an HTTP exchange still counts.
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from kg.build.run import build
from kg.engine.workers import Data, Failure, Job, WorkerPool
from kg.output.results import Choice
from kg.project import open_project
from kg.serve.safety import SERVICE_REFUSED, refusal

from .conftest import REPO, TEST_DATA
from .test_serve import Served, served, start_serve, stop  # noqa: F401 - the fixture

JSON = Choice("application/sparql-results+json", "text/turtle")


class Listener:
    """Counts the TCP connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    try:
        yield found
    finally:
        found.close()


def _spellings(url: str) -> list[str]:
    """The spellings that got past the old token scan (issue 22), and the plain ones."""
    body = f"<{url}> {{ ?a ?b ?c }}"
    return [
        f"SELECT * WHERE {{ SERVICE {body} }}",
        f"SELECT * WHERE {{ SERVICE SILENT {body} }}",
        f"PREFIX : <{url}#> SELECT * WHERE {{ SERVICE:name {{ ?a ?b ?c }} }}",
        *(f"PREFIX e: <urn:e:> SELECT * WHERE {{ ?s e:a{mark}\\{escaped}b ?o . SERVICE {body} }}"
          for mark in ("\u00b7", "\u203f", "\u0301") for escaped in ("#", "'")),
    ]


def _fuzzed(url: str, count: int, seed: int = 22) -> list[str]:
    """SERVICE in random case, with letters as \\u escapes, glued to what comes before."""
    rng = random.Random(seed)
    before = ["", " ", "\n", "\t", "?x ?y 1 ", "?x ?y 1.", "FILTER(?a<?b)", "# c\n", "{ }"]
    found = []
    for _ in range(count):
        word = "".join(
            f"\\u{ord(c):04X}" if rng.random() < 0.2 else (c.lower() if rng.random() < 0.5 else c)
            for c in "SERVICE")
        silent = rng.choice(["", " SILENT", " silent"])
        found.append(f"SELECT * WHERE {{ {rng.choice(before)}{word}{silent}"
                     f"{rng.choice([' ', '', chr(10)])}<{url}> {{ ?a ?b ?c }} }}")
    return found


def test_every_spelling_is_refused_by_the_gate(listener: Listener) -> None:
    for query in _spellings(listener.url) + _fuzzed(listener.url, 300):
        assert refusal(query) == SERVICE_REFUSED, query


@pytest.fixture(scope="module")
def mini_data(tmp_path_factory: pytest.TempPathFactory) -> Data:
    root = tmp_path_factory.mktemp("hostile") / "mini"
    shutil.copytree(TEST_DATA / "mini", root, ignore=shutil.ignore_patterns("build"))
    project = open_project(root)
    build(project)
    return Data(str(project.build_file), in_memory=True)


def test_the_sandbox_alone_stops_every_spelling(mini_data: Data, listener: Listener) -> None:
    """No gate: Oxigraph reads each SERVICE and tries to connect; the worker cannot."""
    pool = WorkerPool(mini_data, size=1, timeout=20.0)
    try:
        queries = _spellings(listener.url) + _fuzzed(listener.url, 40)
        for query in queries:
            pool.run(Job(query, JSON, 10))
        time.sleep(0.3)
        assert listener.connections == 0
        # the worker is still alive and answers
        reply = pool.run(Job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON, 10))
        assert not isinstance(reply, Failure)
    finally:
        pool.close()


def test_without_the_sandbox_the_engine_does_connect(mini_data: Data,
                                                    listener: Listener) -> None:
    """The control: the test above would pass for nothing if Oxigraph made no request."""
    unguarded = Data(mini_data.path, in_memory=True, sandbox=False)
    pool = WorkerPool(unguarded, size=1, timeout=20.0)
    try:
        pool.run(Job(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?a ?b ?c }} }}", JSON, 10))
        time.sleep(0.3)
        assert listener.connections >= 1
    finally:
        pool.close()


def test_the_sandbox_refuses_inet_sockets_and_keeps_unix_ones() -> None:
    script = (
        "import socket\n"
        "from kg.engine.sandbox import forbid_network\n"
        "a, b = socket.socketpair()\n"
        "forbid_network()\n"
        "a.send(b'x'); assert b.recv(1) == b'x'\n"
        "for family in (socket.AF_INET, socket.AF_INET6):\n"
        "    try:\n"
        "        socket.socket(family, socket.SOCK_STREAM)\n"
        "    except PermissionError:\n"
        "        continue\n"
        "    raise SystemExit('opened an inet socket')\n"
        "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_deep_nesting_is_refused_and_the_server_lives(served: Served) -> None:  # noqa: F811
    for query in ("SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
                  "SELECT * WHERE " + "{" * 10_000,
                  "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"):
        status, _, body = served.post({"query": query})
        assert status == 403 and b"deep; at most 256 are read" in body
    status, _, _ = served.get("ASK { }")
    assert status == 200


def test_an_unknown_function_is_a_bad_request(served: Served) -> None:  # noqa: F811
    status, _, body = served.post({"query": "SELECT (<urn:nope>(1) AS ?x) WHERE { }"})
    assert status == 400 and b"urn:nope" in body


def test_a_long_query_of_junk_is_answered(served: Served) -> None:  # noqa: F811
    """A megabyte less a little of `_`: quadratic in the old token scan (30 s for 40 KB)."""
    status, _, _ = served.request("POST", "/sparql", "_" * ((1 << 20) - 100),
                                  {"Content-Type": "application/sparql-query"})
    assert status == 400
    status, _, _ = served.get("ASK { }")
    assert status == 200


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The mini corpus served with small limits: 300 MB per worker, 16 connections, 1 s for a
    request head."""
    root = tmp_path_factory.mktemp("tight") / "mini"
    shutil.copytree(TEST_DATA / "mini", root, ignore=shutil.ignore_patterns("build"))
    summary = build(open_project(root))
    server, base = start_serve(root, root / "serve.log", "--timeout", "20", "--workers", "1",
                               "--worker-memory", "300", "--max-connections", "16",
                               "--head-timeout", "1")
    try:
        yield Served(base, summary.triples)
    finally:
        stop(server)


def test_a_query_past_the_memory_cap_costs_only_its_worker(tight: Served) -> None:
    """Nested CONCAT doublings: 2^28 characters per row, past 300 MB."""
    grow = "?s0"
    lines = ['BIND("xxxxxxxxxxxxxxxx" AS ?s0)']
    for i in range(1, 25):
        lines.append(f"BIND(CONCAT(?s{i - 1}, ?s{i - 1}) AS ?s{i})")
        grow = f"?s{i}"
    query = f"SELECT (STRLEN({grow}) AS ?n) WHERE {{ {' '.join(lines)} }}"
    status, _, body = tight.post({"query": query})
    assert status in (400, 503) and b"memory" in body, body
    status, _, _ = tight.get("ASK { }")  # a fresh worker answers
    assert status == 200


def _idle_connections(base: str, count: int) -> list[socket.socket]:
    port = int(base.rsplit(":", 1)[1])
    return [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]


def test_held_open_connections_do_not_lock_out_a_client(tight: Served) -> None:
    held = _idle_connections(tight.base, 40)  # past --max-connections 16
    try:
        for _ in range(5):
            status, _, _ = tight.get("ASK { }")
            assert status == 200
    finally:
        for sock in held:
            sock.close()


def test_a_connection_that_sends_no_request_head_is_closed(tight: Served) -> None:
    (sock,) = _idle_connections(tight.base, 1)
    try:
        sock.settimeout(10)
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n")  # and never the rest
        assert sock.recv(1024) == b""  # closed by the server after --head-timeout
    finally:
        sock.close()


@pytest.fixture(scope="module")
def served_bundled(built_bundled) -> Iterator[Served]:
    """The bundled corpus served by one worker, as the issue's campaign served it."""
    server, base = start_serve(built_bundled, built_bundled / "serve.log", "--timeout", "20",
                               "--workers", "1", "--max-rows", "100000")
    try:
        yield Served(base, 0)
    finally:
        stop(server)


MIXED = "VALUES ?o { " + " ".join(f'{i} "{i}"' for i in range(30)) + " }"


@pytest.mark.parametrize("query", [
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)",
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY DESC(?o) ?s LIMIT 3",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC(?s)",
    "SELECT ?o WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } } ORDER BY DESC(?r) DESC(?o)",
    f"SELECT ?o WHERE {{ {{ ?s ?p ?o }} UNION {{ {MIXED} }} }} ORDER BY DESC(?o)",
    f"SELECT ?o WHERE {{ {MIXED} }} ORDER BY ?o",
])
def test_a_sort_over_mixed_values_is_answered_and_costs_only_its_worker(
        served_bundled: Served, query: str) -> None:
    status, _, body = served_bundled.post({"query": query})
    assert status == 200 or status == 400 and b"could not run this query" in body, body[:300]
    status, _, body = served_bundled.get("ASK { ?s ?p ?o }")  # a fresh worker, or the same one
    assert status == 200 and b"true" in body
    status, _, body = served_bundled.post({"query": "SELECT (<urn:nope>(1) AS ?x) WHERE { }"})
    assert status == 400 and b"urn:nope" in body
