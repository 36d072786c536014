"""`kg query --endpoint`: the same rows from a real Oxigraph server as from the local store, and
a clear failure (exit 3) for every way an endpoint can let a client down. Every server here
listens on 127.0.0.1 only."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.run import build
from kg.engine.store import open_store
from kg.errors import EndpointError
from kg.project import open_project
from kg.query.library import library, run
from kg.query.params import Defaults, bindings_for
from kg.remote.query import LONG_QUERY, run_remote, select
from kg.shipped import shipped

from .conftest import REPO

BUNDLED = Defaults(main_event="event/bloody-january")  # the bundled kg.toml's

NAMED = {name: q for name, q in library([shipped("queries")]).items()
         if not name.startswith("conflict-")}
EMPTY_JSON = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
ONE_ROW_JSON = (b'{"head":{"vars":["s"]},"results":{"bindings":'
                b'[{"s":{"type":"uri","value":"http://example.org/s"}}]}}')


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "kg.toml", root / "kg.toml")
    proj = open_project(root)
    build(proj)
    return proj


@pytest.fixture
def endpoint(oxigraph_server: str, project) -> str:
    """A real Oxigraph server holding the bundled build; its SPARQL query URL."""
    request = urllib.request.Request(f"{oxigraph_server}/store?default", method="POST",
                                     data=project.build_file.read_bytes(),
                                     headers={"Content-Type": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201, 204)
    return f"{oxigraph_server}/query"


def rows_of(results) -> list:
    if isinstance(results, ox.QueryBoolean):
        return [bool(results)]
    if isinstance(results, list) or isinstance(results, ox.QueryTriples):
        return sorted(str(t) for t in results)
    names = [v.value for v in results.variables]
    return [tuple(None if s[n] is None else str(s[n]) for n in names) for s in results]


def test_every_named_query_gives_the_same_rows_remotely(endpoint: str, project) -> None:
    store = open_store(project)
    for name, query in NAMED.items():
        terms = bindings_for(query, {}, BUNDLED)
        local = rows_of(run(store, query.text, terms))
        remote = rows_of(run_remote(endpoint, query.text, terms).results)
        assert sorted(remote) == sorted(local), name
        if "ORDER BY" in query.text:
            assert remote == local, f"{name}: the endpoint ordered its rows differently"


def test_select_returns_rows_like_a_local_run(endpoint: str, project) -> None:
    text = "SELECT ?claim WHERE { ?claim <https://w3id.org/qantar/ontology#value> 238 }"
    rows = [row["claim"].value for row in select(endpoint, text)]
    assert rows == ["https://w3id.org/qantar/id/claim/004-08"]
    assert bool(select(endpoint, "ASK { ?s ?p 238 }")) is True


def test_cli_endpoint_output_is_byte_identical_to_the_local_one(kg, endpoint, project) -> None:
    for fmt in ("csv", "tsv", "json", "xml", "table"):
        local = kg("query", "claims", "-f", fmt, "-p", str(project.root))
        remote = kg("query", "claims", "-f", fmt, "--endpoint", endpoint, "-p",
                    str(project.root))
        assert remote.exit_code == 0, remote.stderr
        assert remote.stdout_bytes == local.stdout_bytes, fmt
    local = kg("query", "claim-graph", "-p", str(project.root))
    remote = kg("query", "claim-graph", "--endpoint", endpoint, "-p", str(project.root))
    assert remote.stdout_bytes == local.stdout_bytes


def test_a_long_query_goes_by_post_and_still_answers(endpoint: str) -> None:
    padding = "# " + "x" * LONG_QUERY + "\n"
    text = padding + "SELECT ?s WHERE { ?s <https://w3id.org/qantar/ontology#value> 238 }"
    assert len(list(select(endpoint, text))) == 1


class FakeEndpoint:
    """A loopback HTTP server whose answer each test scripts, recording what it was sent."""

    def __init__(self) -> None:
        self.status, self.headers, self.body = 200, {}, EMPTY_JSON
        self.declared_length: int | None = None
        self.trickle = False
        self.methods: list[str] = []
        self.stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output clean
                pass

            def do_GET(self) -> None:
                fake.methods.append("GET")
                self.answer()

            def do_POST(self) -> None:
                fake.methods.append("POST")
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.answer()

            def answer(self) -> None:
                try:
                    self.send_response(fake.status)
                    self.send_header("Content-Type", "application/sparql-results+json")
                    for name, value in fake.headers.items():
                        self.send_header(name, value)
                    length = fake.declared_length or len(fake.body)
                    self.send_header("Content-Length", str(length))
                    self.end_headers()
                    if fake.trickle:
                        while not fake.stop.wait(0.2):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                        return
                    self.wfile.write(fake.body)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeEndpoint:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as server:
        yield server


def test_short_queries_use_get_and_long_ones_post(fake: FakeEndpoint) -> None:
    # One row, so no empty answer sends the follow-up ASK behind the union-default-graph hint.
    fake.body = ONE_ROW_JSON
    select(fake.url, "SELECT ?s WHERE { ?s ?p ?o }")
    select(fake.url, "# " + "x" * LONG_QUERY + "\nSELECT ?s WHERE { ?s ?p ?o }")
    assert fake.methods == ["GET", "POST"]


@pytest.mark.parametrize("header", ["X-SPARQL-MaxRows", "Qantar-Truncated"])
def test_a_cap_the_server_announces_is_an_error(fake: FakeEndpoint, header: str) -> None:
    fake.headers = {header: "10000"}
    with pytest.raises(EndpointError, match=f"cut the results at 10000 rows .*{header.lower()}"):
        select(fake.url, "SELECT ?s WHERE { ?s ?p ?o }")


def test_partial_anytime_results_are_an_error(fake: FakeEndpoint) -> None:
    fake.headers = {"X-SQL-State": "S1TAT"}
    with pytest.raises(EndpointError, match="ran out of time and sent partial results"):
        select(fake.url, "SELECT ?s WHERE { ?s ?p ?o }")


def test_a_body_cut_short_is_an_error(fake: FakeEndpoint) -> None:
    fake.body = EMPTY_JSON[:30]
    fake.declared_length = len(EMPTY_JSON)
    with pytest.raises(EndpointError, match="closed the connection after 30 bytes"):
        select(fake.url, "SELECT ?s WHERE { ?s ?p ?o }")


def test_results_that_do_not_parse_are_an_error(fake: FakeEndpoint) -> None:
    fake.body = EMPTY_JSON[:30]
    with pytest.raises(EndpointError, match="end early or do not parse"):
        select(fake.url, "SELECT ?s WHERE { ?s ?p ?o }")


def test_a_common_cap_without_a_header_gets_a_note(fake: FakeEndpoint) -> None:
    row = b'{"s":{"type":"literal","value":"x"}}'
    fake.body = (b'{"head":{"vars":["s"]},"results":{"bindings":['
                 + b",".join([row] * 1000) + b"]}}")
    answer = run_remote(fake.url, "SELECT ?s WHERE { ?s ?p ?o }")
    assert len(list(answer.results)) == 1000
    assert "exactly 1000 rows, a limit many servers impose" in answer.notes[0]


def test_the_timeout_bounds_the_whole_request(fake: FakeEndpoint) -> None:
    """The server sends a byte every 0.2 s, so no single read ever times out."""
    fake.trickle = True
    started = time.monotonic()
    with pytest.raises(EndpointError, match="gave no complete answer within 1 s"):
        select(fake.url, "SELECT ?s WHERE { ?s ?p ?o }", timeout=1.0)
    assert time.monotonic() - started < 20  # a bound, not a measurement


@pytest.mark.parametrize("status, expected", [
    (400, "badly formed: no such graph"), (500, "status code 500: no such graph"),
    (503, "answered HTTP 503")])
def test_http_errors_carry_the_servers_words(fake: FakeEndpoint, status: int,
                                             expected: str) -> None:
    fake.status, fake.body = status, b"no such graph\nmore detail"
    with pytest.raises(EndpointError, match=expected):
        select(fake.url, "SELECT ?s WHERE { ?s ?p ?o }")


def test_cli_exit_3_when_results_are_capped(kg, fake: FakeEndpoint) -> None:
    fake.headers = {"X-SPARQL-MaxRows": "5"}
    result = kg("query", "--query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", fake.url)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {fake.url} cut the results at 5 rows")


def test_a_password_in_the_url_is_refused_and_never_shown(kg, fake: FakeEndpoint) -> None:
    url = fake.url.replace("http://", "http://reader:s3cret@")
    result = kg("query", "--query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", url)
    assert result.exit_code == 2 and "remove the user name and password" in result.stderr
    assert "s3cret" not in result.stderr and fake.methods == []


def test_an_unreachable_endpoint_exits_3(kg) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = kg("query", "claims", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.exit_code == 3 and "cannot reach http://127.0.0.1" in result.stderr


def test_a_query_that_does_not_parse_is_stopped_before_sending(kg, fake: FakeEndpoint) -> None:
    result = kg("query", "--query", "SELECT * WHERE { ?s ?p }", "--endpoint", fake.url)
    assert result.exit_code == 2 and "query syntax error at line 1" in result.stderr
    assert fake.methods == []


def test_params_reach_the_endpoint_as_a_values_block(endpoint: str) -> None:
    query = NAMED["timeline"]
    terms = bindings_for(query, {"scope": "qid:scope/lawEnforcement"}, BUNDLED)
    rows = list(run_remote(endpoint, query.text, terms).results)
    assert [r["claim"].value.rsplit("/", 1)[-1] for r in rows] == ["004-09"]


def test_an_empty_store_says_nothing_is_there(oxigraph_server: str, tmp_path: Path) -> None:
    assert list(select(f"{oxigraph_server}/query", "SELECT * WHERE { ?s ?p ?o }")) == []


def test_no_rows_from_a_store_that_hides_its_named_graphs_gets_a_hint(kg, project,
                                                                     tmp_path: Path) -> None:
    """A store that reads its default graph without the named graphs `kg push` filled: the
    named queries find nothing there, and kg query says why."""
    from .conftest import OxigraphServer

    server = OxigraphServer(tmp_path / "store", union=False)
    server.start()
    try:
        request = urllib.request.Request(
            f"{server.base}/store?graph=urn:x:pushed", method="POST",
            data=project.build_file.read_bytes(),
            headers={"Content-Type": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201, 204)
        result = kg("query", "claims", "--endpoint", f"{server.base}/query",
                    "-p", str(project.root))
        assert result.exit_code == 0 and "(0 rows)" in result.stdout
        assert "its named graphs hold claims" in result.stderr
        assert "--union-default-graph" in result.stderr
    finally:
        server.stop()


def test_no_rows_from_an_empty_store_get_no_hint(kg, oxigraph_server: str, project) -> None:
    result = kg("query", "claims", "--endpoint", f"{oxigraph_server}/query",
                "-p", str(project.root))
    assert result.exit_code == 0 and "named graphs" not in result.stderr
