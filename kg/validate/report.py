"""The SPARQL engine's results as pySHACL writes them: a W3C validation report graph, and a
read-only view of an Oxigraph store that kg.validate.findings reads findings from.

The report follows pySHACL's layout so `kg validate --format ttl` is the same graph whichever
engine ran: one sh:ValidationResult per result, linked from the report by sh:result; a blank
node (a shape, a path, a SPARQL constraint, a blank focus node or value) is copied into the
report with its id and the triples below it, as pySHACL's clone_blank_node does (10 levels);
the results that explain an sh:node failure hang from it by sh:detail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.engine.terms import rdflib_term, to_ox
from kg.validate.sparql import Result

Triples = Callable[[Node], Iterable[tuple[Node, Node]]]
_DEPTH = 10


def report_graph(results: Sequence[Result], shapes: Graph, data: StoreView) -> Graph:
    report = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        report.bind(prefix, namespace)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(not results)))
    from_shapes = _cloner(report, lambda n: shapes.predicate_objects(n))
    from_data = _cloner(report, data.predicate_objects)
    for result in results:
        report.add((root, SH.result, _add(report, result, from_shapes, from_data)))
    return report


def _add(report: Graph, result: Result, from_shapes: Callable[[Node], Node],
         from_data: Callable[[Node], Node]) -> BNode:
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.sourceConstraintComponent, result.component))
    report.add((node, SH.sourceShape, from_shapes(result.shape)))
    report.add((node, SH.resultSeverity, result.severity))
    report.add((node, SH.focusNode, from_data(result.focus)))
    if result.value is not None:
        report.add((node, SH.value, from_data(result.value)))
    if result.path is not None:
        report.add((node, SH.resultPath, from_shapes(result.path)))
    if result.source_constraint is not None:
        report.add((node, SH.sourceConstraint, from_shapes(result.source_constraint)))
    for message in result.messages:
        report.add((node, SH.resultMessage, message))
    for detail in result.details:
        report.add((node, SH.detail, _add(report, detail, from_shapes, from_data)))
    return node


def _cloner(report: Graph, triples: Triples) -> Callable[[Node], Node]:
    done: set[Node] = set()

    def clone(node: Node, depth: int = 0) -> Node:
        if not isinstance(node, BNode) or node in done or depth >= _DEPTH:
            return node
        done.add(node)
        for predicate, value in list(triples(node)):
            report.add((node, predicate, clone(value, depth + 1)))
        return node

    return clone


class StoreView:
    """The few rdflib Graph look-ups kg.validate.findings makes, answered by an Oxigraph store
    (so findings never need the whole graph in rdflib)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def _quads(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[ox.Quad]:
        if isinstance(s, Literal) or isinstance(p, (Literal, BNode)):
            return iter(())
        return self.store.quads_for_pattern(*(to_ox(t) if t is not None else None
                                              for t in (s, p, o)))

    def value(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None) -> Node | None:  # noqa: A002 (rdflib's name)
        for quad in self._quads(subject, predicate, object):
            return rdflib_term(quad.object if object is None else quad.subject)
        return None

    def subjects(self, predicate: Node, object: Node) -> Iterator[Node]:  # noqa: A002
        return (rdflib_term(q.subject) for q in self._quads(None, predicate, object))

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return (rdflib_term(q.object) for q in self._quads(subject, predicate, None))

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        return ((rdflib_term(q.predicate), rdflib_term(q.object))
                for q in self._quads(subject, None, None))

    def __contains__(self, triple: tuple[Node, Node, Node]) -> bool:
        return next(self._quads(*triple), None) is not None
