"""The parts of `kg serve` that need no HTTP: the query gate, content negotiation, the answer
cache, and the worker pool that kills a query past its time limit."""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.run import build
from kg.engine.workers import Data, Failure, Job, WorkerPool, answer
from kg.output.results import Answer, Choice, negotiate
from kg.project import open_project
from kg.serve.cache import AnswerCache
from kg.serve.safety import SERVICE_REFUSED, UPDATE_REFUSED, gate, refusal

JSON = Choice("application/sparql-results+json", "text/turtle")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "select * { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000053ERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 2 SERVICE<http://x/>{ ?s ?p ?o } }",
    "SELECT * WHERE { FILTER(?a<?b) SERVICE<http://x/>{ ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o # SERVICE in a comment is fine\n SERVICE ?where { ?s ?p ?o } }",
    # escapes that would make a naive reading see a comment or a long string where Oxigraph
    # sees none, hiding the SERVICE after them on the same line
    'SELECT * WHERE { ?s ?p "\\u0022" . SERVICE <http://x/> { ?a ?b ?c } ?s ?p """x""" }',
    "PREFIX e: <urn:e:> SELECT * WHERE { ?s e:a\\#b ?o . SERVICE <http://x/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p <urn:a\\u0041#b> . SERVICE <http://x/> { ?a ?b ?c } }",
])
def test_service_is_refused_however_written(query: str) -> None:
    assert refusal(query) == SERVICE_REFUSED


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "self-service" }',
    "PREFIX service: <urn:x:> SELECT * WHERE { ?s service:SERVICE ?o }",
    "SELECT ?service WHERE { ?service a <http://schema.org/Service> } # SERVICE",
    "SELECT * WHERE { ?s ?p '''SERVICE <http://x/> { }''' }",
    "SELECT * WHERE { _:service ?p ?o }",
])
def test_the_word_service_elsewhere_is_not_refused(query: str) -> None:
    assert refusal(query) is None


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:> BASE <urn:y> delete where { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR ALL", "DROP GRAPH <urn:g>", "CREATE GRAPH <urn:g>", "COPY DEFAULT TO <urn:g>",
])
def test_update_is_refused(query: str) -> None:
    assert refusal(query) == UPDATE_REFUSED


@pytest.mark.parametrize("query, why", [
    ("SELECT * WHERE { ?s ?p ?o FILTER (?o<?a&&?b>?s) }", "is an IRI by SPARQL's grammar"),
    ("SELECT (COUNT(COUNT(*)) AS ?n) WHERE { ?s ?p ?o }", "inside another aggregate"),
    ("PREFIX : <http://e/> SELECT * { BIND(<<( <<( :a :b :c )>> :q :z )>> AS ?x) }",
     "triple term"),
    ('PREFIX : <http://e/> SELECT * { BIND(<<( "literal" :q :z )>> AS ?x) }', "triple term"),
    ("SELEC * WHERE {}", "query syntax error at line 1"),
])
def test_the_endpoint_answers_400_to_what_kg_query_refuses_as_not_sparql(
        query: str, why: str) -> None:
    """The endpoint and `kg query` agree on what is SPARQL (kg.query.strict): the worker answers
    400 with the place and the reason before running anything."""
    reply = answer(ox.Store(), Job(query, JSON, 10, gate=gate))
    assert isinstance(reply, Failure) and reply.status == 400, reply
    assert why in reply.message


def test_the_endpoint_reads_codepoint_escapes_outside_strings() -> None:
    """`?x\\u0078` is the variable ?xx (SPARQL 1.1 §19.2), which Oxigraph alone refuses."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("v")))
    reply = answer(store, Job("SELECT ?xx WHERE { ?s <http://e/\\u0070> ?x\\u0078 }",
                              Choice("text/csv", "text/turtle"), 10, gate=gate))
    assert isinstance(reply, Answer), reply
    assert reply.body.decode().split() == ["xx", "v"]



@pytest.mark.parametrize("accept, results, rdf", [
    (None, "application/sparql-results+json", "text/turtle"),
    ("*/*", "application/sparql-results+json", "text/turtle"),
    ("text/csv", "text/csv", None),
    ("text/*", "text/csv", "text/turtle"),
    ("application/n-triples, text/tab-separated-values;q=0.9",
     "text/tab-separated-values", "application/n-triples"),
    ("application/sparql-results+xml;q=0.2, application/sparql-results+json;q=0.8",
     "application/sparql-results+json", None),
    ("application/ld+json;q=0", None, None),
    ("image/png", None, None),
])
def test_negotiation(accept: str | None, results: str | None, rdf: str | None) -> None:
    assert negotiate(accept) == Choice(results, rdf)


def test_cache_keeps_recent_answers_within_its_size() -> None:
    cache = AnswerCache(max_bytes=400)
    jobs = [Job(f"ASK {{}} # {i}", JSON, 10) for i in range(5)]
    for job in jobs:
        cache.put(job, Answer("application/sparql-results+json", b"x" * 80))
    assert cache.get(jobs[0]) is None and cache.get(jobs[-1]) is not None
    cache.put(Job("big", JSON, 10), Answer("text/csv", b"x" * 200))
    assert cache.get(Job("big", JSON, 10)) is None  # more than a quarter of the cache


@pytest.fixture(scope="module")
def mini_data(tmp_path_factory: pytest.TempPathFactory) -> Data:
    import shutil

    from .conftest import TEST_DATA
    root = tmp_path_factory.mktemp("pool") / "mini"
    shutil.copytree(TEST_DATA / "mini", root)
    build(open_project(root))
    return Data(str(root / "build" / "kg.nt"), in_memory=True)


def test_pool_kills_the_worker_of_a_query_past_the_timeout(mini_data: Data) -> None:
    pool = WorkerPool(mini_data, size=2, timeout=1.0)
    try:
        before = {p.pid: p for p in pool.processes()}
        slow = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                   JSON, 10)
        failure = pool.run(slow)
        assert isinstance(failure, Failure) and failure.status == 503
        killed = [p for p in before.values() if not p.is_alive()]
        assert len(killed) == 1  # its CPU work ended with it
        if sys.platform != "win32":
            assert killed[0].exitcode == -signal.SIGKILL
        answer = pool.run(Job("ASK { ?s ?p ?o }", JSON, 10))
        assert isinstance(answer, Answer) and b"true" in answer.body
    finally:
        pool.close()
    assert not any(p.is_alive() for p in before.values())


def test_pool_survives_a_worker_that_dies_mid_query(mini_data: Data) -> None:
    pool = WorkerPool(mini_data, size=1, timeout=30.0)
    try:
        (victim,) = pool.processes()
        slow = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", JSON, 10)
        outcome: list[object] = []
        thread = threading.Thread(target=lambda: outcome.append(pool.run(slow)))
        thread.start()
        time.sleep(0.5)  # let the worker start on it
        victim.kill()  # as an engine abort would
        thread.join()
        assert isinstance(outcome[0], Failure) and outcome[0].status == 400
        answer = pool.run(Job("ASK { ?s ?p ?o }", JSON, 10))  # waits for the new worker
        assert isinstance(answer, Answer) and b"true" in answer.body
    finally:
        pool.close()


def test_pool_reports_data_it_cannot_load(tmp_path: Path) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text("this is not N-Triples\n", encoding="utf-8")
    with pytest.raises(Exception, match="could not start"):
        WorkerPool(Data(str(broken), in_memory=True), size=1, timeout=1.0)


def test_worker_answers_from_the_store_on_disk_too(mini_data: Data) -> None:
    store = Path(mini_data.path).parent / "store" / "db"
    pool = WorkerPool(Data(str(store), in_memory=False), size=1, timeout=5.0)
    try:
        answer = pool.run(Job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON, 10))
        assert isinstance(answer, Answer) and b'"n"' in answer.body
    finally:
        pool.close()


def test_a_heavy_query_moves_to_the_slow_lane_and_a_cheap_one_still_runs(
        mini_data: Data) -> None:
    pool = WorkerPool(mini_data, size=1, timeout=6.0, quick=0.3)
    try:
        lanes = sorted(p.name for p in pool.processes())
        assert lanes == ["kg-serve-quick", "kg-serve-slow"]
        slow = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                   JSON, 10)
        outcome: list[object] = []
        thread = threading.Thread(target=lambda: outcome.append(pool.run(slow)))
        thread.start()
        time.sleep(1.5)  # past the quick lane's 0.3 s, and a replacement's start
        answer = pool.run(Job("ASK { ?s ?p ?o }", JSON, 10))
        assert isinstance(answer, Answer) and b"true" in answer.body
        assert thread.is_alive()  # the heavy one still runs, in the slow lane
        thread.join()
        assert isinstance(outcome[0], Failure) and outcome[0].status == 503
        assert "after 6 s" in outcome[0].message
    finally:
        pool.close()


def test_a_pool_moves_from_the_store_to_memory_while_it_answers(mini_data: Data) -> None:
    """A big build's workers start on the store (at once) and move to memory one by one; no
    query goes unanswered meanwhile, and the pool ends with as many workers as it began."""
    disk = Data(str(Path(mini_data.path).parent / "store" / "db"), in_memory=False)
    took: list[float] = []
    pool = WorkerPool(disk, size=2, timeout=5.0, quick=1.0, later=mini_data,
                      on_moved=took.append)
    try:
        first = {p.pid for p in pool.processes()}
        assert len(first) == 4
        answers = []
        deadline = time.monotonic() + 120
        while pool.mover.is_alive() and time.monotonic() < deadline:
            answers.append(pool.run(Job("ASK { ?s ?p ?o }", JSON, 10)))
        pool.mover.join()
        assert len(took) == 1 and took[0] > 0
        assert answers and all(isinstance(a, Answer) and b"true" in a.body for a in answers)
        now = {p.pid for p in pool.processes()}
        assert len(now) == 4 and not now & first  # every old worker left, none is missing
        answer = pool.run(Job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON, 10))
        assert isinstance(answer, Answer) and b'"n"' in answer.body
    finally:
        pool.close()


def test_a_pool_that_cannot_move_stays_on_the_store(mini_data: Data, tmp_path: Path) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text("this is not N-Triples\n", encoding="utf-8")
    disk = Data(str(Path(mini_data.path).parent / "store" / "db"), in_memory=False)
    took: list[float] = []
    pool = WorkerPool(disk, size=1, timeout=5.0, later=Data(str(broken), in_memory=True),
                      on_moved=took.append)
    try:
        first = {p.pid for p in pool.processes()}
        pool.mover.join()
        assert took == [] and {p.pid for p in pool.processes()} == first
        answer = pool.run(Job("ASK { ?s ?p ?o }", JSON, 10))
        assert isinstance(answer, Answer) and b"true" in answer.body
    finally:
        pool.close()
