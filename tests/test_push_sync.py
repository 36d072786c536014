"""`kg push` makes the store's graphs under `qid:graph/` the build's: the graph of a deleted
source is dropped, a partner's graphs are left alone, `--dry-run` lists the drop and changes
nothing, a store that cannot list its graphs stops the push before any change; and a copied
project (new modification times, in any order) pushes as its original. Against a real Oxigraph
server on 127.0.0.1 (tests/conftest.py) and small loopback servers."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build.run import build
from kg.engine.chunks import SAMPLE_BLOCKS, SAMPLE_BYTES, sample_blocks
from kg.errors import InputError
from kg.namespaces import DEFAULT_IDS, QID
from kg.project import open_project
from kg.remote.push import Credentials, Target, graphs_of, push

from .conftest import loopback_http

GONE = "003_a092b713cc7d5c78"  # a bundled source no other sheet refers to
# Graphs another party keeps in the same store: the second nearly shares our prefix, the third
# is in our id namespace but not under qid:graph/.
PARTNER = ["http://partner.example/graph/a", str(DEFAULT_IDS.graph("")).rstrip("/") + "ical",
           str(QID["source/x"])]


def _post(url: str, data: dict[str, str] | bytes, content_type: str) -> bytes:
    body = data if isinstance(data, bytes) else urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, body, {"Content-Type": content_type,
                                                 "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def quads(base: str) -> list[tuple[str, ...]]:
    """Every quad of the store's named graphs, sorted (SPARQL protocol over plain HTTP)."""
    answer = _post(base + "/query", {"query": "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"},
                   "application/x-www-form-urlencoded")
    rows = json.loads(answer)["results"]["bindings"]
    return sorted(tuple(json.dumps(row[v], sort_keys=True) for v in "gspo") for row in rows)


def graphs_in(base: str) -> set[str]:
    return {json.loads(g)["value"] for g, *_ in quads(base)}


def add_partner_graphs(base: str) -> None:
    data = " ".join(f"GRAPH <{g}> {{ <http://partner.example/s> <http://partner.example/p> {i} }}"
                    for i, g in enumerate(PARTNER))
    _post(base + "/update", f"INSERT DATA {{ {data} }}".encode(), "application/sparql-update")


def delete_source(project: Path, stem: str) -> None:
    for path in (f"sources/{stem}.txt", f"sources/{stem}.yaml", f"claims/{stem}.yaml"):
        (project / "data" / path).unlink()


def copy_without_times(original: Path, copy: Path) -> Path:
    """A copy as `cp -r` makes it: contents only, every file with a new modification time; then
    kg.nt made the newest, after chunks.json, which the old freshness check refused."""
    shutil.copytree(original, copy, copy_function=shutil.copyfile)
    build = copy / "build"
    listing = (build / "chunks.json").stat().st_mtime_ns
    os.utime(build / "kg.nt", ns=(listing + 10**9, listing + 10**9))
    return copy


@pytest.fixture
def built(bundled: Path) -> Path:
    build(open_project(bundled))
    return bundled


@pytest.mark.parametrize("way", ["--endpoint", "--graph-store"])
def test_a_deleted_source_is_dropped_and_other_graphs_are_left_alone(
        kg, built: Path, oxigraph_server: str, way: str) -> None:
    url = oxigraph_server + ("/update" if way == "--endpoint" else "/store")
    assert kg("push", way, url, "-p", str(built)).exit_code == 0
    add_partner_graphs(oxigraph_server)
    gone = str(DEFAULT_IDS.graph(f"source/{GONE}"))
    assert gone in graphs_in(oxigraph_server)

    delete_source(built, GONE)
    build(open_project(built))
    before = quads(oxigraph_server)
    dry = kg("push", way, url, "--dry-run", "-p", str(built))
    assert dry.exit_code == 0, dry.stderr
    assert quads(oxigraph_server) == before  # a dry run changes nothing
    lines = dry.stdout.splitlines()
    assert f"    drop  <{gone}>" in lines
    assert lines[-1] == (f"6 graphs, {_triples(built)} triples would be sent to {url}; "
                         "1 graph no longer in the build would be dropped")
    assert not any(name in dry.stdout for name in PARTNER)

    pushed = kg("push", way, url, "-p", str(built))
    assert pushed.exit_code == 0, pushed.stderr
    assert pushed.stdout == (f"pushed 6 graphs, {_triples(built)} triples to {url}; "
                             "dropped 1 graph no longer in the build\n")
    assert f"dropped <{gone}> (no longer in the build)" in pushed.stderr
    ours = {g.name for g in graphs_of(open_project(built))}
    assert graphs_in(oxigraph_server) == ours | set(PARTNER)
    partner = [q for q in before if json.loads(q[0])["value"] in PARTNER]
    assert [q for q in quads(oxigraph_server) if json.loads(q[0])["value"] in PARTNER] == partner
    assert len(quads(oxigraph_server)) == _triples(built) + len(PARTNER)  # the build, exactly

    again = kg("push", way, url, "-p", str(built))  # nothing left to drop
    assert again.exit_code == 0 and "dropped" not in again.stdout + again.stderr


def test_a_copied_project_pushes_as_its_original(kg, built: Path, tmp_path: Path,
                                                 oxigraph_server: str) -> None:
    copy = copy_without_times(built, tmp_path / "copy")
    arguments = ("push", "--graph-store", oxigraph_server + "/store")
    plans = [kg(*arguments, "--dry-run", "-p", str(p)) for p in (built, copy)]
    assert [p.exit_code for p in plans] == [0, 0], plans[1].stderr
    assert plans[0].stdout == plans[1].stdout
    exports = [kg("export", "-f", "nq", "-p", str(p)) for p in (built, copy)]
    assert exports[1].exit_code == 0 and exports[0].stdout == exports[1].stdout

    assert kg(*arguments, "-p", str(built)).exit_code == 0
    original = quads(oxigraph_server)
    _post(oxigraph_server + "/update", b"DROP ALL", "application/sparql-update")
    assert quads(oxigraph_server) == []
    pushed = kg(*arguments, "-p", str(copy))
    assert pushed.exit_code == 0, pushed.stderr
    assert quads(oxigraph_server) == original
    assert len(original) == _triples(built)


def test_the_chunk_list_is_checked_by_content_not_by_dates(kg, built: Path) -> None:
    build_file = built / "build" / "kg.nt"
    listing = (built / "build" / "chunks.json").stat().st_mtime_ns
    os.utime(build_file, ns=(listing + 10**9, listing + 10**9))  # newer: still the same bytes
    assert kg("push", "--dry-run", "-p", str(built)).exit_code == 0
    data = bytearray(build_file.read_bytes())
    at = data.index(b'"238"')  # a figure, edited in place: the same size, other content
    data[at + 1] = ord("9")
    build_file.write_bytes(bytes(data))
    for command in (("push", "--dry-run"), ("export", "-f", "nt")):
        result = kg(*command, "-p", str(built))
        assert result.exit_code == 2
        assert "chunks.json: does not describe kg.nt" in result.stderr


def test_a_large_build_file_is_sampled_not_read_whole() -> None:
    small = SAMPLE_BLOCKS * SAMPLE_BYTES
    assert sample_blocks(small - 5) == [(o, min(SAMPLE_BYTES, small - 5 - o))
                                        for o in range(0, small - 5, SAMPLE_BYTES)]
    for size in (small + 1, 3 * 10**9):
        blocks = sample_blocks(size)
        assert len(blocks) == SAMPLE_BLOCKS and sum(n for _, n in blocks) == small
        assert blocks[0][0] == 0 and blocks[-1][0] + blocks[-1][1] == size
        assert all(a[0] + a[1] <= b[0] for a, b in zip(blocks, blocks[1:], strict=False))


class QueryRefused(http.server.BaseHTTPRequestHandler):
    """A store whose updates work and whose query endpoint answers 404; keeps the requests."""

    seen: list[tuple[str, str]] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append((self.command, self.path))
        status = 404 if self.path.startswith("/query") else 204
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = do_GET = do_DELETE = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing() -> Iterator[tuple[str, type[QueryRefused]]]:
    handler = type("ThisQueryRefused", (QueryRefused,), {"seen": []})
    with loopback_http(handler) as url:
        yield url, handler


def test_a_store_that_cannot_list_its_graphs_stops_the_push_before_any_change(
        kg, built: Path, refusing) -> None:
    base, handler = refusing
    for dry in ((), ("--dry-run",)):
        result = kg("push", "--endpoint", base + "/update", *dry, "-p", str(built))
        assert result.exit_code == 3 and result.stdout == ""
        assert result.stderr.startswith(f"error: the store refused to list its graphs at "
                                        f"{base}/query (its query endpoint, as found from "
                                        f"{base}/update): HTTP 404")
        assert "--query-endpoint" in result.stderr and "--keep-stale" in result.stderr
        assert result.stderr.rstrip().endswith("Nothing was changed in the store.")
    assert handler.seen == [("POST", "/query")] * 2

    kept = kg("push", "--endpoint", base + "/update", "--keep-stale", "-p", str(built))
    assert kept.exit_code == 0 and kept.stdout.startswith("pushed 7 graphs")
    assert [path for _, path in handler.seen[2:]] == ["/update"] * 7


def test_the_query_endpoint_can_be_given_and_must_be_when_it_cannot_be_told(
        kg, built: Path, oxigraph_server: str) -> None:
    # a Graph Store URL not named …/store or …/data: its query endpoint cannot be told
    result = kg("push", "--graph-store", oxigraph_server + "/gsp", "-p", str(built))
    assert result.exit_code == 2
    assert "cannot tell the query endpoint of the store" in result.stderr
    assert "--query-endpoint" in result.stderr and "--keep-stale" in result.stderr
    stale = str(DEFAULT_IDS.graph("source/999_old"))
    insert = f"INSERT DATA {{ GRAPH <{stale}> {{ <{stale}> <{stale}> 1 }} }}"
    _post(oxigraph_server + "/update", insert.encode(), "application/sparql-update")
    pushed = kg("push", "--graph-store", oxigraph_server + "/store", "--query-endpoint",
                oxigraph_server + "/query", "-p", str(built))
    assert pushed.exit_code == 0, pushed.stderr
    assert "dropped 1 graph no longer in the build" in pushed.stdout
    assert stale not in graphs_in(oxigraph_server)


class DropRefused(http.server.BaseHTTPRequestHandler):
    """A store that lists one graph the build does not have and refuses to drop it."""

    stale = str(DEFAULT_IDS.graph("source/999_old"))
    seen: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(body)
        if self.path.startswith("/query"):
            answer = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": [
                {"g": {"type": "uri", "value": self.stale}}]}}).encode()
            self._send(200, answer, "application/sparql-results+json")
        elif body.startswith(b"DROP SILENT GRAPH") and b"INSERT" not in body:
            self._send(500, b"read-only graph\n", "text/plain")
        else:
            self._send(204, b"", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_refused_drop_says_what_was_done(kg, built: Path) -> None:
    handler = type("ThisDropRefused", (DropRefused,), {"seen": []})
    with loopback_http(handler) as base:
        result = kg("push", "--endpoint", base + "/update", "-p", str(built))
    assert result.exit_code == 3
    assert (f"the store at {base}/update refused to drop graph <{DropRefused.stale}>: HTTP 500 "
            "Internal Server Error: read-only graph. All 7 graphs were replaced, and 0 of 1 "
            "graphs no longer in the build dropped, before this. Run kg push again to finish."
            ) in result.stderr
    assert handler.seen[-1] == f"DROP SILENT GRAPH <{DropRefused.stale}>\n".encode()
    assert len(handler.seen) == 1 + 7 + 1  # the listing, the replacements, the drop


def test_push_drops_only_graphs_under_our_namespace(built: Path) -> None:
    graphs = graphs_of(open_project(built))
    target = Target(endpoint="http://127.0.0.1:9/update")  # never contacted
    with pytest.raises(InputError, match="drops only graphs under"):
        push(graphs, target, Credentials(), drop=["http://partner.example/graph/a"])


def test_a_dry_run_with_keep_stale_does_not_ask_the_store(kg, built: Path) -> None:
    result = kg("push", "--endpoint", "http://127.0.0.1:9/update", "--keep-stale", "--dry-run",
                "-p", str(built))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].endswith("would be sent to http://127.0.0.1:9/update")
    assert "graphs no longer in the build were not looked for: --keep-stale" in result.stderr


def _triples(project: Path) -> int:
    return len((project / "build" / "kg.nt").read_bytes().splitlines())
