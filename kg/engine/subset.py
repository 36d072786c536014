"""A store of the build's triples that given queries can read, in memory.

Oxigraph answers large joins an order of magnitude faster in memory than through the on-disk
store (RocksDB): the five conflict rules took 40 s at 100k claims on disk and 8 s in memory,
plus 4 s to select and load their triples (bench/conflict_store.py); a SHACL check over every
quote, 7.7 s against 0.6 s. The whole build does not fit in memory at a million claims, but
the part a query can match does: the lines of `kg.nt` whose predicate the query names, and the
`rdf:type` lines of the classes it names. The queries stay plain SPARQL and run unchanged on
the full store or a remote one: only the triples they cannot match are left out. A query whose
predicate is a variable or a negated set, or whose class is a variable not bound by an inline
VALUES list, could match any triple; it has no selected store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import pyoxigraph as ox
from rdflib import RDF, URIRef, Variable
from rdflib.paths import NegatedPath
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery

from kg.engine.chunks import Chunk
from kg.engine.tuning import (
    CHUNK_PART_TRIPLES,
    STORE_BUDGET_TRIPLES,
    SUBSET_LOAD_LINES,
)
from kg.project import Project

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_THIS = Variable("this")


def selected_store(project: Project, named: set[str]) -> ox.Store:
    """An in-memory store of the build's triples whose predicate is in `named`, `rdf:type`
    ones only for the classes in `named` (IRIs, as named_iris gives them)."""
    store = ox.Store()
    # Oxigraph parses and indexes a batch without holding the GIL, and that takes about as
    # long as filtering the next batch: a thread loads one while this one filters the next,
    # and waits for the last load before giving another, so at most two batches are held.
    # The conflict rules' store at 100k claims: 3.9 s without the thread, 3.3 s with it
    # (bench/conflict_store.py).
    with ThreadPoolExecutor(1) as loader:
        loading: Future | None = None
        for batch in _batches(project, line_filter(named)):
            if loading is not None:
                loading.result()
            loading = loader.submit(store.load, batch, format=ox.RdfFormat.N_TRIPLES)
        if loading is not None:
            loading.result()
    return store


def _batches(project: Project, keep: Callable[[str], bool]) -> Iterator[bytes]:
    """The lines of build/kg.nt that `keep` selects, SUBSET_LOAD_LINES at a time."""
    batch: list[str] = []
    with project.build_file.open(encoding="utf-8") as lines:
        for line in lines:
            if keep(line):
                batch.append(line)
                if len(batch) >= SUBSET_LOAD_LINES:
                    yield "".join(batch).encode()
                    batch.clear()
    yield "".join(batch).encode()


def triple_counts(store: ox.Store, named: set[str]) -> dict[str, int]:
    """How many of the store's triples each named IRI selects (as a predicate, and as the
    class of `rdf:type` triples): what a selected store of them would hold."""
    counts = {}
    for iri in named:
        pattern = f"?s {_TYPE} <{iri}>"  # rdf:type lines are selected by their class
        if f"<{iri}>" != _TYPE:
            pattern = f"{{ ?s <{iri}> ?o }} UNION {{ {pattern} }}"
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
        solution = next(iter(store.query(query, use_default_graph_as_union=True)))
        counts[iri] = int(solution[0].value)
    return counts


def line_filter(named: set[str]) -> Callable[[str], bool]:
    """Whether a line of N-Triples can match: its predicate is named, and an `rdf:type`
    line's class too."""
    predicates = {f"<{iri}>" for iri in named}
    classes = tuple(f"<{iri}>" for iri in named)

    def keep(line: str) -> bool:
        _subject, predicate, rest = line.split(" ", 2)
        return predicate in predicates and (predicate != _TYPE or rest.startswith(classes))
    return keep


def named_iris(queries: Iterable[str], this: Sequence[URIRef] = ()) -> set[str] | None:
    """Every IRI the queries name (predicates, classes, constants), or None when a triple
    pattern's predicate is a variable or a negated property set, or its class a free
    variable, or rdflib cannot parse a query. `this`: the nodes `$this` is pre-bound to, one
    run each (SHACL-SPARQL on sh:targetNode), which a pattern may use as its predicate or
    class."""
    named: set[str] = {str(node) for node in this}
    for query in queries:
        fixed = frozenset({_THIS} if this else ())
        try:
            algebra = prepareQuery(query).algebra
        except Exception:  # noqa: BLE001 - rdflib cannot read it: nothing is known it names
            return None
        for term in _terms(algebra, fixed, fixed):
            if term is None:
                return None
            named.add(str(term))
    return named


def _terms(node: object, listed: frozenset[Variable],
           fixed: frozenset[Variable]) -> Iterator[URIRef | None]:
    """Every IRI in a query's algebra, through expressions (FILTER NOT EXISTS) and property
    paths; None for a predicate, or a class, that could be any IRI. `listed`: the variables
    bound to named IRIs: by an inline VALUES list in the same group, joined with the patterns
    there, or `$this` when pre-bound (`fixed`, bound everywhere)."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, NegatedPath):
        yield None
    elif isinstance(node, PropertyPath):
        parts = [term for name in ("args", "arg", "path")
                 for term in _terms(getattr(node, name, None), listed, fixed)]
        # rdf:type inside a path ends at, or passes through, a class no pattern names
        yield from (None if term == RDF.type else term for term in parts)
    elif isinstance(node, dict):  # CompValue and Expr
        name = getattr(node, "name", None)
        if name in ("SelectQuery", "Project") and _THIS not in (node.get("PV") or ()):
            fixed = frozenset()  # a subquery's own $this: pre-binding does not reach it
        if name == "Join":
            listed = listed | _joined_values(node)
        elif name == "GroupGraphPatternSub":  # a group inside EXISTS
            listed = listed | {v for part in node["part"] or () for v in _inline(part)}
        elif name not in ("BGP", "TriplesBlock"):
            listed = fixed  # OPTIONAL, UNION, MINUS...: a list outside does not bind
        if name in ("BGP", "TriplesBlock"):  # the latter in EXISTS
            terms = [term for triple in node["triples"] for term in triple]
            for predicate, value in zip(terms[1::3], terms[2::3], strict=True):
                if (isinstance(predicate, Variable) and predicate not in listed) or (
                        predicate == RDF.type and not (isinstance(value, URIRef)
                                                       or value in listed)):
                    yield None  # any predicate, or any class: every triple could match
        for value in node.values():
            yield from _terms(value, listed, fixed)
    elif isinstance(node, (list, tuple, set)):
        for item in node:
            yield from _terms(item, listed, fixed)


def _joined_values(join: dict) -> frozenset[Variable]:
    """The variables bound to IRIs by a VALUES list among the operands of a chain of joins."""
    found: set[Variable] = set()
    for side in (join["p1"], join["p2"]):
        name = getattr(side, "name", None)
        if name == "Join":
            found |= _joined_values(side)
        elif name == "ToMultiSet" and getattr(side["p"], "name", None) == "values":
            rows = side["p"]["res"]
            found |= {v for v in set().union(*rows)
                      if all(isinstance(row.get(v), URIRef) for row in rows)}
    return frozenset(found)


def _inline(part: object) -> set[Variable]:
    """The variable an inline VALUES of one variable binds to IRIs only."""
    if getattr(part, "name", None) != "InlineData" or len(part["var"]) != 1:
        return set()
    values = part["value"]
    return set(part["var"]) if values and all(isinstance(v, URIRef) for v in values) else set()


def within_budget(triples: int) -> bool:
    """Whether one in-memory store may hold this many triples (STORE_BUDGET_TRIPLES)."""
    return triples <= STORE_BUDGET_TRIPLES


def shared_stores(named: dict[int, set[str]],
                  counts: dict[str, int]) -> list[tuple[list[int], set[str]]]:
    """Queries (by number, with the IRIs they name) grouped to share subset stores: each joins
    the group it adds the fewest triples to (`counts`: triples per IRI), unless that passes the
    budget, STORE_BUDGET_TRIPLES (a query past it alone gets a store of its own)."""
    groups: list[tuple[list[int], set[str]]] = []
    for i in sorted(named, key=lambda i: -sum(counts[x] for x in named[i])):
        best, cost = None, 0
        for group, iris in groups:
            added = sum(counts[x] for x in named[i] - iris)
            total = sum(counts[x] for x in iris) + added
            if total <= STORE_BUDGET_TRIPLES and (best is None or added < cost):
                best, cost = (group, iris), added
        if best is None:
            groups.append(([i], set(named[i])))
        else:
            best[0].append(i)
            best[1].update(named[i])
    return groups


def chunk_batches(chunks: Sequence[Chunk]) -> Iterator[list[Chunk]]:
    """Chunks in order, cut into batches of about CHUNK_PART_TRIPLES triples: each one
    in-memory store."""
    batch: list[Chunk] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += chunk.triples
        if size >= CHUNK_PART_TRIPLES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
