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

import itertools
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.shacl_shapes import Constraint, Shape, ShapeError
from kg.terms import rdflib_term, to_ox

# XSD types Oxigraph casts: a literal of one is well formed when its lexical form casts
_CASTABLE = {XSD[t] for t in ("boolean", "float", "double", "decimal", "integer", "dateTime",
                              "date", "time", "gYear", "gYearMonth", "duration")}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))"}
_SEQUENCE = re.compile(r"\((<[^>]+>)(/<[^>]+>)+\)")
_ORDER = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=",
          SH.maxExclusive: "<"}
_PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}
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
    query = _Compiler(store).violations(shape, constraint, None if blank else restrict)
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
    """The SPARQL a check runs on `store` (kg.selected_store reads the IRIs they name), with
    the nested shapes' checks that explain an sh:node failure."""
    check = constraint.sparql
    if check is not None and pre_bound(shape, constraint):
        return [f"{check.prefixes}\n{check.select}"]
    if check is not None:
        focus = _Compiler(store).focus(shape, None)
        return [f"{check.prefixes}\nSELECT * WHERE {{ {focus} {{ {check.select} }} }}"]
    query = _Compiler(store).violations(shape, constraint, None)
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
        focus = _Compiler(store).focus(shape, None if blank else restrict)
        query = f"{prefixes}SELECT * WHERE {{ {focus} {{ {check.select} }} }}"
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


class _Compiler:
    """SPARQL text for one constraint; every term enters as Oxigraph writes it (N-Triples).

    A class and its subclasses are looked up first and listed, because Oxigraph joins
    `?x rdf:type ?c VALUES ?c {...}` far faster than the path `rdf:type/rdfs:subClassOf*`."""

    def __init__(self, store: ox.Store) -> None:
        self.names = (f"?_v{i}" for i in itertools.count())
        self.store = store

    def instance(self, v: str, cls: Node) -> str:
        """A pattern: `v` is a SHACL instance of `cls` (rdf:type/rdfs:subClassOf*)."""
        query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* {term(cls)} }}"
        classes = sorted({str(row[0]) for row in self.store.query(
            query, use_default_graph_as_union=True)} | {term(cls)})
        if len(classes) == 1:
            return f"{v} <{RDF.type}> {classes[0]} ."
        k = next(self.names)
        return f"{v} <{RDF.type}> {k} . VALUES {k} {{ {' '.join(classes)} }}"

    def violations(self, shape: Shape, c: Constraint,
                   restrict: Collection[Node] | None) -> str | None:
        focus = self.focus(shape, restrict)
        path = shape.sparql_path or None
        parameter = c.parameter
        if parameter in (SH.minCount, SH.maxCount, SH.equals, SH.uniqueLang, *_PAIRS):
            if path is None:
                raise ShapeError(f"shape {shape.name}: {parameter} on a node shape")
        if parameter == SH.minCount:
            n = int(c.value)
            if n == 0:
                return None
            if n == 1:
                # MINUS, not FILTER NOT EXISTS: Oxigraph runs a sequence path inside NOT
                # EXISTS once per focus node over all its last step's triples (30 s at 10k)
                return (f"SELECT DISTINCT ?this WHERE {{ {focus} "
                        f"MINUS {{ {self.walk('?this', path, '?v')} }} }}")
            return (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})")
        if parameter == SH.maxCount:
            return (f"SELECT ?this WHERE {{ {focus} {self.walk('?this', path, '?v')} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(c.value)})")
        if parameter == SH.hasValue:
            v = term(c.value)
            if path is None:
                return f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {v})) }}"
            return f"SELECT DISTINCT ?this WHERE {{ {focus} MINUS {{ ?this {path} {v} }} }}"
        if parameter == SH.equals:
            q = term(c.value)
            return (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} "
                    f"{{ ?this {path} ?value MINUS {{ ?this {q} ?value }} }} UNION "
                    f"{{ ?this {q} ?value MINUS {{ ?this {path} ?value }} }} }}")
        if parameter in _PAIRS:
            return (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . "
                    f"?this {term(c.value)} ?w "
                    f"FILTER (!COALESCE(?value {_PAIRS[parameter]} ?w, false)) }}")
        if parameter == SH.uniqueLang:
            return (f"SELECT DISTINCT ?this ?lang WHERE {{ {focus} ?this {path} ?a . "
                    f"?this {path} ?b FILTER (!sameTerm(?a, ?b) && LANG(?a) != \"\" "
                    f"&& LCASE(LANG(?a)) = LCASE(LANG(?b))) BIND (LCASE(LANG(?a)) AS ?lang) }}")
        values = self.walk("?this", path, "?value") if path is not None \
            else "BIND (?this AS ?value)"
        return (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                f"FILTER (!{self.value_ok(shape, c, '?value')}) }}")

    def walk(self, start: str, path: str, end: str) -> str:
        """`start path end .`; a sequence of predicates as a chain of triple patterns, which
        Oxigraph joins ~5 times faster than the same sequence path (equal under DISTINCT)."""
        steps = _SEQUENCE.fullmatch(path)
        if steps is None:
            return f"{start} {path} {end} ."
        predicates = re.findall(r"<[^>]+>", path)
        nodes = [start, *(next(self.names) for _ in predicates[1:]), end]
        return " ".join(f"{a} {p} {b} ." for a, p, b in zip(nodes, predicates, nodes[1:],
                                                              strict=False))

    def focus(self, shape: Shape, restrict: Collection[Node] | None) -> str:
        parts = []
        for kind, node in shape.focus:
            t = term(node)
            if kind == SH.targetClass:
                parts.append(self.instance("?this", node))
            elif kind == SH.targetNode:
                parts.append(f"VALUES ?this {{ {t} }}")
            elif kind == SH.targetSubjectsOf:
                parts.append(f"?this {t} ?_any .")
            else:
                parts.append(f"?_any {t} ?this .")
        within = ""
        if restrict is not None:
            within = f"VALUES ?this {{ {' '.join(term(n) for n in restrict)} }} "
        if len(parts) == 1:  # the queries SELECT DISTINCT: a repeated focus node costs little
            return f"{within}{parts[0]}"
        union = " UNION ".join(f"{{ {p} }}" for p in parts) or "FILTER (false)"
        return f"{{ SELECT DISTINCT ?this WHERE {{ {within}{union} }} }}"

    def value_ok(self, shape: Shape, c: Constraint, v: str) -> str:
        """A SPARQL expression, true when the value node `v` satisfies `c`."""
        p, value = c.parameter, c.value
        if p == SH["class"]:
            return f"EXISTS {{ {self.instance(v, value)} }}"
        if p == SH.datatype:
            return _datatype_ok(v, value)  # type: ignore[arg-type]
        if p == SH.nodeKind:
            return _NODE_KINDS[value].format(v=v)  # type: ignore[index]
        if p == SH["in"]:
            return "(" + " || ".join(f"sameTerm({v}, {term(i)})" for i in c.items) + ")" \
                if c.items else "false"
        if p == SH.hasValue:
            return f"sameTerm({v}, {term(value)})"
        if p == SH.pattern:
            flags = f", {term(Literal(c.flags))}" if c.flags else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {term(Literal(str(value)))}{flags}))"
        if p in _ORDER:
            return f"COALESCE({v} {_ORDER[p]} {term(value)}, false)"
        if p in (SH.minLength, SH.maxLength):
            op = ">=" if p == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(value)})"
        if p == SH.node or p == SH["and"]:
            return "(" + " && ".join(self.conforms(s, v) for s in c.shapes) + ")"
        if p == SH["or"]:
            return "(" + " || ".join(self.conforms(s, v) for s in c.shapes) + ")" \
                if c.shapes else "false"
        if p == SH.xone:
            ones = " + ".join(f"IF({self.conforms(s, v)}, 1, 0)" for s in c.shapes)
            return f"(({ones or '0'}) = 1)"
        if p == SH["not"]:
            return f"(!{self.conforms(c.shapes[0], v)})"
        raise ShapeError(f"shape {shape.name}: {p} is not translated inside a value check")

    def conforms(self, shape: Shape, v: str) -> str:
        """A SPARQL expression, true when the node `v` conforms to the (nested) `shape`."""
        parts = [self._holds(shape, c, v) for c in shape.constraints]
        parts += [self.conforms(prop, v) for prop in shape.properties]
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _holds(self, shape: Shape, c: Constraint, v: str) -> str:
        if shape.path is None:
            if c.parameter in (SH.minCount, SH.maxCount, SH.sparql, SH.equals, SH.uniqueLang,
                               *_PAIRS):
                raise ShapeError(f"nested shape {shape.name}: {c.parameter} is not translated")
            return self.value_ok(shape, c, v)
        path, p = shape.sparql_path, c.parameter
        x, y = next(self.names), next(self.names)
        if p in (SH.minCount, SH.maxCount) and int(c.value) > 1:
            raise ShapeError(f"nested shape {shape.name}: {p} {c.value} is not translated "
                             "(only 0 or 1 inside sh:node, sh:or, sh:and, sh:xone, sh:not)")
        if p == SH.minCount:
            return f"EXISTS {{ {v} {path} {x} }}" if int(c.value) else "true"
        if p == SH.maxCount:
            if int(c.value) == 0:
                return f"NOT EXISTS {{ {v} {path} {x} }}"
            return (f"NOT EXISTS {{ {v} {path} {x} . {v} {path} {y} "
                    f"FILTER (!sameTerm({x}, {y})) }}")
        if p == SH.hasValue:
            return f"EXISTS {{ {v} {path} {term(c.value)} }}"
        if p in (SH.sparql, SH.equals, SH.uniqueLang, *_PAIRS):
            raise ShapeError(f"nested shape {shape.name}: {p} is not translated")
        return f"NOT EXISTS {{ {v} {path} {x} FILTER (!{self.value_ok(shape, c, x)}) }}"


def _datatype_ok(v: str, datatype: URIRef) -> str:
    if datatype == RDF.langString:
        return f"(isLiteral({v}) && LANG({v}) != \"\")"
    check = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {term(datatype)})"
    if datatype in _CASTABLE:
        check += f" && COALESCE(isLiteral({term(datatype)}(STR({v}))), false)"
    return check + ")"


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


def term(node: Node) -> str:
    return str(to_ox(node))


def iter_results(results: Sequence[Result]) -> Iterator[Result]:
    for result in results:
        yield result
        yield from iter_results(result.details)
