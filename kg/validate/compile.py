"""The SPARQL text of one SHACL check (kg.validate.sparql runs it): each (shape, constraint) one
SELECT over all focus nodes that returns the violating focus nodes and values.

Every term enters as Oxigraph writes it (N-Triples), so nothing from a shape is pasted as
typed. The semantics are those kg.validate.sparql describes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.engine.terms import to_ox
from kg.validate.shapes import Constraint, Shape, ShapeError, SparqlCheck

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

class Compiler:
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

    def sparql(self, shape: Shape, check: SparqlCheck,
               restrict: Collection[Node] | None) -> str:
        """A SHACL-SPARQL check run once, as a global query joined with the focus nodes."""
        focus = self.focus(shape, restrict)
        return f"{check.prefixes}\nSELECT * WHERE {{ {focus} {{ {check.select} }} }}"

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


def term(node: Node) -> str:
    return str(to_ox(node))
