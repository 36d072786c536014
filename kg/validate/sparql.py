"""SHACL validation as SPARQL on Oxigraph: each (shape, constraint) is one SELECT over all focus
nodes, returning the violating focus nodes and values, so Oxigraph does the joins.

This is how large-scale validators run SHACL Core: pySHACL walks focus node by focus node in
Python (~2.5 ms per claim); one query per constraint costs about as much as a join over the
constrained property. Semantics follow the SHACL recommendation (checked against pySHACL by
tests/test_shacl_sparql.py): sh:class is `rdf:type/rdfs:subClassOf*`; sh:datatype also wants a
well-formed literal (an Oxigraph cast of the lexical form must succeed, for the XSD types it
casts); sh:in and sh:hasValue compare terms (sameTerm), not values; an order comparison that
errors (incomparable values) is a violation. Nested shapes (sh:node, sh:or, sh:and, sh:xone,
sh:not) become boolean expressions with EXISTS; in them a property shape may use sh:minCount
and sh:maxCount 0 or 1 only (else ShapeError).

SHACL-SPARQL (`sh:sparql`): for a shape whose targets are all sh:targetNode, `$this` is
pre-bound to each node (pyoxigraph substitutes the variable before evaluation, which is SHACL's
pre-binding); otherwise the query runs once with `$this` unbound, as a global query, joined with
the shape's focus nodes. Either way the results are those pySHACL gets by pre-binding each focus
node, provided the query only uses `$this` in patterns and expressions (SHACL forbids MINUS,
VALUES and SERVICE in pre-bound queries).

    check_results(store, shape, constraint, restrict=None) -> list[Result]
    validate_store(store, shapes, restrict=None) -> list[Result]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.engine.terms import rdflib_term, to_ox
from kg.validate.compile import Compiler
from kg.validate.shapes import Constraint, Shape, ShapeError

_ANY_NODE = URIRef("urn:x-kg:focus")  # stands for the value nodes sh:node explains


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult, in rdflib terms (focus and value from the data)."""

    shape: Node
    component: URIRef
    focus: Node
    value: Node | None
    path: Node | None
    severity: URIRef
    messages: tuple[Literal, ...]
    source_constraint: Node | None = None
    details: tuple[Result, ...] = ()


def validate_store(store: ox.Store, shapes: Sequence[Shape],
                   restrict: Collection[Node] | None = None) -> list[Result]:
    """Every result of the targeted `shapes` on `store`, focus nodes within `restrict` if given."""
    return [r for shape in shapes for c in shape.constraints
            for r in check_results(store, shape, c, restrict)]


def check_results(store: ox.Store, shape: Shape, constraint: Constraint,
                  restrict: Collection[Node] | None = None) -> list[Result]:
    if constraint.sparql is not None:
        return _sparql_results(store, shape, constraint, restrict)
    blank = restrict is not None and any(isinstance(n, BNode) for n in restrict)
    query = Compiler(store).violations(shape, constraint, None if blank else restrict)
    if query is None:
        return []
    found = []
    for row in _rows(store.query(query, use_default_graph_as_union=True)):
        if blank and row["this"] not in restrict:  # type: ignore[operator]
            continue  # blank nodes cannot be listed in VALUES: filter here instead
        found.append(_result(shape, constraint, row["this"], row.get("value")))
    if constraint.parameter == SH.node and found:
        found = _with_details(store, constraint, found)
    return found


def check_queries(store: ox.Store, shape: Shape, constraint: Constraint) -> list[str]:
    """The SPARQL a check runs on `store` (kg.engine.subset reads the IRIs they name), with
    the nested shapes' checks that explain an sh:node failure."""
    check = constraint.sparql
    if check is not None and pre_bound(shape, constraint):
        return [f"{check.prefixes}\n{check.select}"]
    if check is not None:
        return [Compiler(store).sparql(shape, check, None)]
    query = Compiler(store).violations(shape, constraint, None)
    queries = [] if query is None else [query]
    if constraint.parameter == SH.node:
        inner = constraint.shapes[0]
        for nested in (inner, *inner.properties):
            focused = replace(nested, properties=(), focus=((SH.targetNode, _ANY_NODE),))
            queries += [q for c in focused.constraints
                        for q in check_queries(store, focused, c)]
    return queries


def pre_bound(shape: Shape, constraint: Constraint) -> tuple[Node, ...]:
    """The nodes a SHACL-SPARQL check pre-binds `$this` to, one run each: its shape's
    sh:targetNode values, when it has no other targets; else none (a global query)."""
    nodes = tuple(n for kind, n in shape.focus if kind == SH.targetNode)
    return nodes if constraint.sparql is not None and len(nodes) == len(shape.focus) else ()


def _result(shape: Shape, constraint: Constraint, focus: Node, value: Node | None,
            messages: tuple[Literal, ...] | None = None, source: Node | None = None) -> Result:
    if messages is None:
        messages = shape.messages or generic_messages(shape, constraint, focus, value)
    return Result(shape.node, constraint.component, focus, value, shape.path, shape.severity,
                  messages, source)


def _with_details(store: ox.Store, constraint: Constraint, found: list[Result]) -> list[Result]:
    """pySHACL explains an sh:node failure with the nested shape's own results (sh:detail)."""
    values = sorted({r.value for r in found if r.value is not None}, key=str)
    inner = constraint.shapes[0]
    nested: dict[Node, list[Result]] = {}
    for shape in (inner, *inner.properties):
        focused = replace(shape, properties=(), focus=tuple((SH.targetNode, v) for v in values))
        for result in validate_store(store, [focused]):
            nested.setdefault(result.focus, []).append(result)
    return [Result(r.shape, r.component, r.focus, r.value, r.path, r.severity, r.messages,
                   r.source_constraint, tuple(nested.get(r.value, ())))  # type: ignore[arg-type]
            for r in found]


def _sparql_results(store: ox.Store, shape: Shape, constraint: Constraint,
                    restrict: Collection[Node] | None) -> list[Result]:
    check = constraint.sparql
    assert check is not None
    if "$PATH" in check.select:
        raise ShapeError(f"shape {shape.name}: SPARQL constraints with $PATH are not translated")
    prefixes = check.prefixes + "\n"
    nodes = pre_bound(shape, constraint)
    rows: list[dict[str, Node]] = []
    if nodes:
        for node in nodes:
            if restrict is not None and node not in restrict:
                continue
            bound = {ox.Variable("this"): to_ox(node)}
            for row in _rows(store.query(prefixes + check.select, substitutions=bound,
                                         use_default_graph_as_union=True)):
                rows.append({"this": node, **row})
    else:
        blank = restrict is not None and any(isinstance(n, BNode) for n in restrict)
        query = Compiler(store).sparql(shape, check, None if blank else restrict)
        rows = [row for row in _rows(store.query(query, use_default_graph_as_union=True))
                if not blank or row["this"] in restrict]  # type: ignore[operator]
    found: dict[tuple, Result] = {}
    for row in rows:
        if "failure" in row:
            continue  # a failure is an error of the query, not a result
        this = row.pop("this")
        path = row.pop("path", None)
        value = row.pop("value", None)
        if value is None and shape.path is None:
            value = this
        bound = {**row, "this": this, **({"path": path} if path else {}),
                 **({"value": value} if value is not None else {})}
        messages = tuple(Literal(_fill(str(m), bound)) for m in
                         dict.fromkeys([*check.messages, *shape.messages]))
        result = Result(shape.node, constraint.component, this, value,
                        path if path is not None else shape.path, shape.severity, messages,
                        check.node)
        found.setdefault((this, path, value, tuple(sorted(row.items()))), result)
    return list(found.values())


def _rows(solutions: ox.QuerySolutions) -> Iterator[dict[str, Node]]:
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: rdflib_term(t) for name, t in zip(names, solution, strict=True)
               if t is not None}


def _fill(message: str, bound: dict[str, Node]) -> str:
    """pySHACL's substitution of {?var} and {$var}: the term's str()."""
    for name, term in bound.items():
        for mark in "?$":
            message = message.replace("{" + mark + name + "}", str(term))
    return message


def generic_messages(shape: Shape, c: Constraint, focus: Node,
                     value: Node | None) -> tuple[Literal, ...]:
    """pySHACL's default message for a constraint without sh:message (for the common ones)."""
    where = text(focus) + (f"->{path_text(shape.path)}" if shape.path is not None else "")
    p = c.parameter
    if p == SH.minCount:
        return (Literal(f"Less than {c.value} values on {where}"),)
    if p == SH.maxCount:
        return (Literal(f"More than {c.value} values on {where}"),)
    if p == SH["class"]:
        return (Literal(f"Value {text(value)} does not have class {text(c.value)}"),)
    if p == SH.datatype:
        return (Literal(f"Value {text(value)} is not Literal with datatype {text(c.value)}"),)
    if p == SH.maxLength:
        return (Literal(f"String length not <= Literal(\"{c.value}\", "
                        f"datatype=xsd:integer)"),)
    return (Literal(f"{text(focus)} does not satisfy {text(c.component)}"),)


def text(node: Node | None) -> str:
    return node.n3(_NAMES.namespace_manager) if node is not None else ""


def path_text(node: Node) -> str:
    if isinstance(node, URIRef):
        return text(node)
    return str(node)


_NAMES = Graph()
_NAMES.bind("sh", SH)
