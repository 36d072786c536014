"""`kg push` against a real Oxigraph server (the `oxigraph` package from PyPI, on 127.0.0.1),
and against small loopback servers that refuse, redirect or never answer."""

from __future__ import annotations

import base64
import http.server
import json
import socket
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build.run import build
from kg.cli import push as push_command
from kg.errors import EndpointError
from kg.namespaces import DEFAULT_IDS
from kg.project import open_project
from kg.query.library import library
from kg.remote.push import Credentials, Target, graphs_of, push, replace_graph_update

from .conftest import OxigraphServer, loopback_http


def count(base: str, per_graph: bool = False) -> dict[str, int]:
    """Triples in the store's named graphs, by graph (SPARQL protocol over plain HTTP)."""
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g" if per_graph
             else "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    request = urllib.request.Request(
        base + "/query", urllib.parse.urlencode({"query": query}).encode(),
        {"Accept": "application/sparql-results+json",
         "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    return {row.get("g", {}).get("value", "all"): int(row["n"]["value"]) for row in rows}


@pytest.fixture
def built(bundled: Path) -> Path:
    build(open_project(bundled))
    return bundled


def test_dry_run_lists_the_graphs_and_their_sizes(kg, built: Path) -> None:
    result = kg("push", "--dry-run", "-p", str(built))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    sizes = {line.split()[1].strip("<>"): int(line.split()[0]) for line in lines[:-1]}
    assert list(sizes)[:2] == [str(DEFAULT_IDS.graph(name)) for name in ("ontology", "entities")]
    stems = sorted(p.stem for p in (built / "data" / "sources").glob("*.txt"))
    assert list(sizes)[2:] == [str(DEFAULT_IDS.graph(f"source/{stem}")) for stem in stems]
    triples = len((built / "build" / "kg.nt").read_text(encoding="utf-8").splitlines())
    assert sum(sizes.values()) == triples
    assert lines[-1] == f"{len(sizes)} graphs, {triples} triples would be sent"


def test_every_triple_is_in_exactly_one_graph(built: Path) -> None:
    graphs = graphs_of(open_project(built))
    everything = [t for g in graphs for t in g.triples]
    assert len(everything) == len(set(everything))
    claims = [g for g in graphs if "/source/" in g.name]
    assert all(any("/claim/" in str(t.subject) for t in g.triples) for g in claims)


def _rows(output: str, name: str) -> object:
    """A command's output as a comparable value: a graph for RDF, sorted rows for results."""
    if name == "claim-graph":
        return Graph().parse(data=output, format="nt")
    document = json.loads(output)
    if "boolean" in document:
        return document["boolean"]
    return sorted(json.dumps(b, sort_keys=True) for b in document["results"]["bindings"])


def test_push_then_every_named_query_gives_the_same_rows(kg, built: Path,
                                                         oxigraph_server: str) -> None:
    pushed = kg("push", "--endpoint", oxigraph_server + "/update", "-p", str(built))
    assert pushed.exit_code == 0, pushed.stderr
    assert pushed.stdout.startswith("pushed 7 graphs")
    names = library(open_project(built).queries_dirs)
    assert "claims" in names
    answered = 0
    for name in names:
        fmt = "nt" if name == "claim-graph" else "json"
        local = kg("query", name, "-f", fmt, "-p", str(built))
        remote = kg("query", name, "-f", fmt, "--endpoint", oxigraph_server + "/query",
                    "-p", str(built))
        assert (local.exit_code, remote.exit_code) == (0, 0), (name, remote.stderr)
        mine, theirs = _rows(local.stdout, name), _rows(remote.stdout, name)
        if isinstance(mine, Graph):
            assert isomorphic(mine, theirs), name
        else:
            assert mine == theirs, name
        answered += bool(mine)
    assert answered >= len(names) // 2  # not a comparison of empty answers
    one = ("claims", "--param", "subject=<https://w3id.org/qantar/id/event/bloody-january>",
           "-f", "json", "-p", str(built))
    local, remote = kg("query", *one), kg("query", *one, "--endpoint", oxigraph_server + "/query")
    assert _rows(local.stdout, "claims") == _rows(remote.stdout, "claims") != []


def test_push_twice_gives_the_same_store(kg, built: Path, oxigraph_server: str) -> None:
    triples = len((built / "build" / "kg.nt").read_text(encoding="utf-8").splitlines())
    store = ("--graph-store", oxigraph_server + "/store", "-p", str(built))
    assert kg("push", *store).exit_code == 0
    first = count(oxigraph_server, per_graph=True)
    assert sum(first.values()) == triples and len(first) == 7
    assert kg("push", *store).exit_code == 0
    assert count(oxigraph_server, per_graph=True) == first
    update = ("--endpoint", oxigraph_server + "/update", "-p", str(built))
    assert kg("push", *update).exit_code == 0  # the other way of replacing a graph
    assert count(oxigraph_server, per_graph=True) == first


def test_server_stopped_mid_push_exits_3_and_a_push_after_restart_completes(
        kg, built: Path, oxigraph_server_process: OxigraphServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    server = oxigraph_server_process
    said: list[str] = []

    def stop_after_the_first_graph(message: str) -> None:
        said.append(message)
        if len(said) == 1:
            server.stop()

    monkeypatch.setattr(push_command, "say", stop_after_the_first_graph)
    arguments = ("push", "--endpoint", server.base + "/update", "-p", str(built))
    result = kg(*arguments)
    assert result.exit_code == 3
    assert f"cannot push to the store at {server.base}/update" in result.stderr
    assert "1 of 7 graphs were replaced before this; the others are as they were" \
        in result.stderr
    assert result.stdout == ""

    monkeypatch.undo()
    server.start()  # same store directory, same port
    assert count(server.base) == {"all": len(graphs_of(open_project(built))[0].triples)}
    result = kg(*arguments)
    assert result.exit_code == 0, result.stderr
    triples = len((built / "build" / "kg.nt").read_text(encoding="utf-8").splitlines())
    assert count(server.base) == {"all": triples}


def test_store_down_gives_exit_3_and_a_sentence(kg, built: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe is closed
    base = f"http://127.0.0.1:{port}"
    result = kg("push", "--endpoint", f"{base}/update", "--keep-stale", "-p", str(built))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: cannot push to the store at {base}/update: ")
    assert "Nothing was changed in the store." in result.stderr
    result = kg("push", "--endpoint", f"{base}/update", "-p", str(built))  # lists graphs first
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: cannot list the store's graphs at {base}/query "
                                    f"(its query endpoint, as found from {base}/update): ")
    assert "Nothing was changed in the store." in result.stderr


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with the class's `status`, `headers` and `body`; keeps requests."""

    status = 401
    headers_out: dict[str, str] = {}
    body = b""
    seen: list[tuple[str, str, dict[str, str]]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        self.seen.append((self.command, self.path, dict(self.headers)))
        body = self.body.replace(b"{auth}", self.headers.get("Authorization", "").encode())
        self.send_response(self.status)
        for name, value in self.headers_out.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = do_GET = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, type[Recorder]]]:
    handler = type("ThisRecorder", (Recorder,), {"seen": []})
    with loopback_http(handler) as url:
        yield url, handler


def test_credentials_come_from_the_environment_and_never_show(
        kg, built: Path, recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    base, handler = recorder
    handler.status, handler.body = 401, b"bad credentials: {auth} and s3cret-pass\n"
    monkeypatch.setenv("KG_PUSH_USER", "alice")
    monkeypatch.setenv("KG_PUSH_PASSWORD", "s3cret-pass")
    encoded = base64.b64encode(b"alice:s3cret-pass").decode()
    for listing in (True, False):
        result = kg("push", "--graph-store", base + "/store", "-p", str(built),
                    *(() if listing else ("--keep-stale",)))
        assert result.exit_code == 3
        method, path, headers = handler.seen[-1]
        wanted = ("POST", "/query") if listing else ("PUT", "/store")
        assert (method, path.split("?")[0]) == wanted
        assert headers["Authorization"] == f"Basic {encoded}"
        output = result.stdout + result.stderr
        assert "s3cret-pass" not in output and encoded not in output
        assert "HTTP 401" in output and "check the credentials" in output

    monkeypatch.delenv("KG_PUSH_USER")
    monkeypatch.setenv("KG_PUSH_TOKEN", "tok-123456")
    handler.body = b"token {auth} refused\n"
    result = kg("push", "--endpoint", base + "/update", "-p", str(built))
    assert handler.seen[-1][2]["Authorization"] == "Bearer tok-123456"
    assert result.exit_code == 3 and "tok-123456" not in result.stdout + result.stderr


def test_a_password_in_the_url_is_refused_without_showing_it(kg, built: Path) -> None:
    result = kg("push", "--endpoint", "http://bob:hunter2@127.0.0.1:9/update", "-p", str(built))
    assert result.exit_code == 2 and "hunter2" not in result.stdout + result.stderr
    assert "KG_PUSH_USER" in result.stderr


def test_a_refusal_gives_exit_3_with_what_the_store_said(kg, built: Path, recorder) -> None:
    base, handler = recorder
    handler.status, handler.body = 500, b"disk full\n"
    result = kg("push", "--endpoint", base + "/update", "--keep-stale", "-p", str(built))
    assert result.exit_code == 3
    assert f"the store at {base}/update refused graph <{DEFAULT_IDS.graph('ontology')}>: HTTP 500" \
        in result.stderr
    assert "disk full" in result.stderr and "Nothing was changed" in result.stderr


def test_redirects_are_not_followed(kg, built: Path, recorder,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    base, handler = recorder
    handler.status, handler.headers_out = 307, {"Location": base + "/elsewhere"}
    monkeypatch.setenv("KG_PUSH_TOKEN", "tok-abcdef")
    result = kg("push", "--endpoint", base + "/update", "--keep-stale", "-p", str(built))
    assert result.exit_code == 3 and "redirect" in result.stderr
    assert [path for _, path, _ in handler.seen] == ["/update"]
    result = kg("push", "--endpoint", base + "/update", "-p", str(built))  # the listing too
    assert result.exit_code == 3 and "redirect" in result.stderr
    assert [path for _, path, _ in handler.seen] == ["/update", "/query"]


def test_every_request_has_a_timeout(built: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        target = Target(endpoint=f"http://127.0.0.1:{listener.getsockname()[1]}/update",
                        timeout=0.5)
        with pytest.raises(EndpointError, match=r"no answer within 0\.5 s"):
            push(graphs_of(open_project(built))[:1], target, Credentials())
    finally:
        listener.close()


def test_the_update_request_replaces_one_graph(built: Path) -> None:
    graph = graphs_of(open_project(built))[1]
    text = replace_graph_update(graph).decode("utf-8")
    assert text.startswith(f"DROP SILENT GRAPH <{graph.name}> ;\nINSERT DATA {{ GRAPH "
                           f"<{graph.name}> {{\n")
    assert text.count("\n") == graph.size + 3


def test_graphs_are_the_build_chunks_and_a_build_without_them_is_refused(kg, built: Path
                                                                        ) -> None:
    manifest = json.loads((built / "build" / "chunks.json").read_text(encoding="utf-8"))
    graphs = graphs_of(open_project(built))
    assert [(g.name, g.size) for g in graphs] == [
        (str(DEFAULT_IDS.graph(c["graph"])), c["triples"]) for c in manifest["chunks"]]
    assert graphs[2].ntriples() == (built / "build" / manifest["chunks"][2]["path"]).read_bytes()
    (built / "build" / "chunks.json").unlink()
    result = kg("push", "--dry-run", "-p", str(built))
    assert result.exit_code == 2 and "run 'kg build' to write it" in result.stderr
