"""The conflict rules' own store: the build's triples the rules can read, in memory.

Each rule reads about ten triples of each claim on both sides of every pair. Through the
on-disk store (RocksDB) the five conflict rules took 40 s at 100k claims; in memory, on the
third of the build whose predicates the rules name, 8 s, plus 4 s to select and load those
triples (bench/conflict_store.py). The rules are plain SPARQL still and run unchanged on the
full store or a remote one: only the triples they cannot match are left out. A rule whose
predicate is a variable or a negated set, or whose class is, could match any triple; then
every rule runs on the full store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import RDF, URIRef, Variable
from rdflib.paths import NegatedPath
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql import prepareQuery

from kg.conflict_rules import Rule
from kg.project import Project

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_BATCH = 200_000  # lines per load: bounds the text held at once


def rule_store(project: Project, rules: Iterable[Rule]) -> ox.Store | None:
    """An in-memory store of the build's triples that the rules can match, or None when a
    rule could match any triple (then run them on the full store)."""
    named = named_iris(rules)
    if named is None:
        return None
    predicates = {f"<{iri}>" for iri in named}
    classes = tuple(f"<{iri}>" for iri in named)
    store = ox.Store()
    batch: list[str] = []
    with project.build_file.open(encoding="utf-8") as lines:
        for line in lines:
            _subject, predicate, rest = line.split(" ", 2)
            if predicate in predicates and (predicate != _TYPE or rest.startswith(classes)):
                batch.append(line)
                if len(batch) >= _BATCH:
                    store.load("".join(batch).encode(), format=ox.RdfFormat.N_TRIPLES)
                    batch.clear()
    store.load("".join(batch).encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def named_iris(rules: Iterable[Rule]) -> set[str] | None:
    """Every IRI the rules name (predicates, classes, constants), or None when a triple
    pattern's predicate is a variable or a negated property set."""
    named: set[str] = set()
    for rule in rules:
        for term in _terms(prepareQuery(rule.text).algebra):
            if term is None:
                return None
            named.add(str(term))
    return named


def _terms(node: object) -> Iterator[URIRef | None]:
    """Every IRI in a query's algebra, through expressions (FILTER NOT EXISTS) and property
    paths; None for a predicate that could be any IRI."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, NegatedPath):
        yield None
    elif isinstance(node, PropertyPath):
        parts = [term for name in ("args", "arg", "path")
                 for term in _terms(getattr(node, name, None))]
        # rdf:type inside a path ends at, or passes through, a class no pattern names
        yield from (None if term == RDF.type else term for term in parts)
    elif isinstance(node, dict):  # CompValue and Expr
        if getattr(node, "name", None) in ("BGP", "TriplesBlock"):  # the latter in EXISTS
            terms = [term for triple in node["triples"] for term in triple]
            for predicate, value in zip(terms[1::3], terms[2::3], strict=True):
                if isinstance(predicate, Variable) or (
                        predicate == RDF.type and not isinstance(value, URIRef)):
                    yield None  # any predicate, or any class: every triple could match
        for value in node.values():
            yield from _terms(value)
    elif isinstance(node, (list, tuple, set)):
        for item in node:
            yield from _terms(item)

