"""Ad hoc queries that sort, run where the engine's abort is survivable (issue 22).

pyoxigraph 0.5.13 is built with `panic = "abort"`: a Rust panic ends the whole process with
SIGABRT (exit 134) and no Python exception is ever raised, so no `except` clause, not even
`except BaseException` (pyo3's PanicException derives from it), can catch it. Its ORDER BY
panics on some mixes of values: Rust's sort checks that the comparison it is given is a total
order, and Oxigraph's is not one when it falls back to comparing the lexical forms of values
SPARQL cannot order (9 < 10 as numbers, but "10" < "5" and "5" < "9" as text). On the bundled
corpus, `SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)` on the build's store ends the process.

So `kg query` runs a query whose text can sort in one of kg serve's query workers
(kg.engine.workers: another process, here with no time or memory limit and no network sandbox,
on the build's read-only store, or the whole build in memory for --in-memory), and when the
worker dies the command says so and exits 2, unless kg ships the query itself. The shipped
named queries run in the command's own process: they sort on variables of the build's own shape
(a value that can be a number or an entity is sorted as STR(?value); none aborts on the corpora
tests/test_golden.py runs them on), and a worker would cost each its start-up (about half a
second), a copy of every row, and, for `--in-memory`, the store of only the triples the query
names. Everything else runs apart: `--query TEXT`, a .rq file given by path, and a project's
own named queries (its queries/ folder, which may sort anything, and may shadow a shipped one).

A query "can sort" when its text, as written or with its `\\u` escapes undone, holds the letters
ORDER in any case: a word in a string or a name costs only the worker's start-up, and no
spelling of ORDER BY escapes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from kg.engine.sparqltext import undo_escapes
from kg.engine.store import open_store
from kg.engine.workers import Data, Failure, Job, WorkerPool
from kg.errors import QueryError
from kg.output.results import Choice
from kg.project import Project
from kg.query.library import Prepared, with_values
from kg.query.params import parse_term
from kg.query.render import render
from kg.shipped import shipped

_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"
_LOST = "the query engine could not run this query"  # kg.engine.workers' word for a dead worker
NO_LIMIT = 10.0 ** 6  # seconds, 11 days (a pipe's wait takes no more): no time limit


def can_sort(text: str) -> bool:
    """Whether the query text could hold an ORDER BY, in any spelling SPARQL reads as one."""
    return any("order" in reading.lower() for reading in (text, undo_escapes(text)))


def is_shipped(prepared: Prepared) -> bool:
    """One of the named queries kg ships (kg.shipped), not a text, a file given by path, or a
    project's own named query: only those are known to sort safely."""
    if prepared.origin == "--query":
        return False
    return Path(prepared.origin).resolve().is_relative_to(shipped("queries").resolve())


def run_apart(project: Project, prepared: Prepared, base: str | None, output_format: str,
              in_memory: bool = False) -> str:
    """The query's results rendered as `kg query` renders them, evaluated in a worker process.

    The worker gets the text with the parameters bound as a VALUES block and the base as a
    BASE declaration, and answers SPARQL results JSON (or N-Triples for CONSTRUCT and
    DESCRIBE), read back into the results objects the command's own process would have
    rendered. The caller has checked the text (kg.query.library.check), so syntax errors are
    reported with their line and column as written."""
    origin = prepared.origin
    terms = {name: term if not isinstance(term, str) else parse_term(term)
             for name, term in prepared.bindings.items()}
    text = with_values(prepared.text, terms) if terms else prepared.text
    if base is not None:
        text = f"BASE {ox.NamedNode(base)}\n{text}"
    open_store(project)  # brought up to date with the build here, before the worker opens it
    data = (Data(str(project.build_file), True, sandbox=False) if in_memory
            else Data(str(project.store_dir / "db"), False, sandbox=False))
    pool = WorkerPool(data, size=1, timeout=NO_LIMIT)
    try:
        reply = pool.run(Job(text, Choice(_RESULTS, _TRIPLES), sys.maxsize - 1))
    finally:
        pool.close()
    if isinstance(reply, Failure):
        raise QueryError(f"{origin}: {_sentence(reply)}")
    if reply.media_type.startswith(_TRIPLES):
        triples = [quad.triple for quad in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
        return render(triples, output_format, project.ids)
    return render(ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON),
                  output_format, project.ids)


def _sentence(failure: Failure) -> str:
    if failure.message.startswith(_LOST):
        return (f"the query engine (Oxigraph {ox.__version__}) aborted while running this "
                "query, and only the process it ran in was lost. A known cause is ORDER BY "
                "over values it cannot order, such as numbers mixed with strings, IRIs or "
                "dates: order by STR(?x), or by DATATYPE(?x) first, or keep one kind of value "
                "with a FILTER")
    return failure.message

