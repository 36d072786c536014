"""The SHACL shapes graph read into plain values the SPARQL engine (kg.validate.sparql) compiles.

Only the constructs our shapes use are read (targets: class with its subclasses, node, subjects
of, objects of; paths: predicate, sequence, inverse, alternative; the Core constraints listed in
`COMPONENTS`; SHACL-SPARQL `sh:sparql` with `sh:select`). Anything else in the sh: namespace on
a shape is refused with a `ShapeError` that names the shape and the construct: a validator that
skipped a constraint it did not understand would report a graph as conforming when it is not.

A shape is *targeted* when it has targets of its own; a property shape reached through
`sh:property` from a targeted shape also validates that shape's focus nodes (`Shape.focus`
lists both). Shapes reached through sh:node, sh:or, sh:and, sh:xone or sh:not are *nested*: the
engine asks only whether a node conforms to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from kg.errors import KgError

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# parameter -> constraint component
COMPONENTS = {
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent, SH["class"]: SH.ClassConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent, SH.pattern: SH.PatternConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.node: SH.NodeConstraintComponent, SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent, SH.xone: SH.XoneConstraintComponent,
    SH["not"]: SH.NotConstraintComponent, SH.equals: SH.EqualsConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent, SH.sparql: SH.SPARQLConstraintComponent,
}
_LISTS = {SH["in"], SH["or"], SH["and"], SH.xone}
_SHAPE_VALUED = {SH.node, SH["or"], SH["and"], SH.xone, SH["not"]}
_INERT = {SH.name, SH.description, SH.message, SH.severity, SH.deactivated, SH.path,
          SH.property, SH.order, SH.group, SH.defaultValue, SH.flags, *TARGETS}


class ShapeError(KgError):
    """A shape uses SHACL the SPARQL engine does not translate (exit code 2)."""

    exit_code = 2


@dataclass(frozen=True)
class SparqlCheck:
    node: Node  # the sh:SPARQLConstraint
    select: str
    prefixes: str  # PREFIX lines from sh:prefixes / sh:declare
    messages: tuple[Literal, ...]


@dataclass(frozen=True)
class Constraint:
    parameter: URIRef
    component: URIRef
    value: Node  # the parameter's value (a list's head for sh:in, sh:or...)
    items: tuple[Node, ...] = ()  # sh:in values
    shapes: tuple[Shape, ...] = ()  # sh:node, sh:or, sh:and, sh:xone, sh:not
    flags: str = ""  # sh:pattern's sh:flags
    sparql: SparqlCheck | None = None


@dataclass(frozen=True)
class Shape:
    node: Node
    path: Node | None  # a property shape's sh:path, else None
    sparql_path: str  # the same path in SPARQL syntax ("" for a node shape)
    constraints: tuple[Constraint, ...]
    properties: tuple[Shape, ...]
    severity: URIRef = SH.Violation
    messages: tuple[Literal, ...] = ()
    targets: tuple[tuple[URIRef, Node], ...] = ()  # (sh:targetClass, C), ...
    focus: tuple[tuple[URIRef, Node], ...] = field(default=())  # own targets + parents'

    @property
    def name(self) -> str:
        return str(self.node) if isinstance(self.node, URIRef) else f"_:{self.node}"


def targeted_shapes(shapes: Graph) -> list[Shape]:
    """Every shape that validates focus nodes: targeted ones and their sh:property shapes."""
    reader = _Reader(shapes)
    nodes = sorted({s for p in TARGETS for s in shapes.subjects(p, None)}, key=str)
    found: dict[Node, Shape] = {}
    for node in nodes:
        shape = reader.shape(node)
        if shape is None:
            continue
        found[node] = _merge(found.get(node), shape, shape.targets)
        for prop in shape.properties:
            found[prop.node] = _merge(found.get(prop.node), prop, shape.targets)
    return sorted(found.values(), key=lambda s: s.name)


def _merge(old: Shape | None, shape: Shape, focus: Iterable[tuple[URIRef, Node]]) -> Shape:
    known = old.focus if old is not None else shape.targets
    return replace(shape, focus=tuple(dict.fromkeys([*known, *focus])))


class _Reader:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.cache: dict[Node, Shape | None] = {}

    def shape(self, node: Node) -> Shape | None:
        """The shape at `node`, None when it is deactivated."""
        if node in self.cache:
            return self.cache[node]
        self.cache[node] = None  # a shape that reaches itself is refused below
        graph = self.graph
        if graph.value(node, SH.deactivated) == Literal(True):
            return None
        label = str(node) if isinstance(node, URIRef) else "a blank-node shape"
        path = graph.value(node, SH.path)
        sparql_path = sparql_path_of(graph, path, label) if path is not None else ""
        constraints = []
        for predicate, value in sorted(graph.predicate_objects(node), key=str):
            if predicate in COMPONENTS:
                constraints.extend(self._constraints(node, predicate, value, label))
            elif str(predicate).startswith(str(SH)) and predicate not in _INERT:
                raise ShapeError(f"shape {label} uses {predicate.n3(graph.namespace_manager)}, "
                                 "which the SPARQL engine does not translate: run "
                                 "`kg validate --engine pyshacl` or rewrite the shape")
        if (node, RDF.type, RDFS.Class) in graph or (node, RDF.type, OWL.Class) in graph:
            raise ShapeError(f"shape {label} is also a class (implicit class target), which "
                             "the SPARQL engine does not translate")
        properties = []
        for prop in sorted(graph.objects(node, SH.property), key=str):
            inner = self.shape(prop)
            if inner is not None:
                properties.append(inner)
        shape = Shape(node, path, sparql_path, tuple(constraints), tuple(properties),
                      graph.value(node, SH.severity) or SH.Violation,  # type: ignore[arg-type]
                      tuple(sorted(m for m in graph.objects(node, SH.message)
                                   if isinstance(m, Literal))),
                      tuple(sorted(((p, o) for p in TARGETS for o in graph.objects(node, p)),
                                   key=str)))
        self.cache[node] = shape
        return shape

    def _constraints(self, node: Node, parameter: URIRef, value: Node,
                     label: str) -> list[Constraint]:
        graph, component = self.graph, COMPONENTS[parameter]
        if parameter == SH.sparql:
            return [self._sparql(value, label)] if graph.value(
                value, SH.deactivated) != Literal(True) else []
        if parameter == SH.uniqueLang and value != Literal(True):
            return []
        items = tuple(Collection(graph, value)) if parameter in _LISTS else (value,)
        shapes: tuple[Shape, ...] = ()
        if parameter in _SHAPE_VALUED:
            for member in items:
                if member == node:
                    raise ShapeError(f"shape {label} refers to itself, which the SPARQL "
                                     "engine does not translate")
            found = [self.shape(m) for m in items]
            shapes = tuple(s for s in found if s is not None)
            items = ()
        flags = str(graph.value(node, SH.flags) or "") if parameter == SH.pattern else ""
        return [Constraint(parameter, component, value, items, shapes, flags)]

    def _sparql(self, node: Node, label: str) -> Constraint:
        graph = self.graph
        select = graph.value(node, SH.select)
        if select is None:
            raise ShapeError(f"shape {label} has an sh:sparql constraint without sh:select "
                             "(sh:ask is not translated)")
        prefixes = []
        for holder in graph.objects(node, SH.prefixes):
            for declaration in graph.objects(holder, SH.declare):
                prefixes.append(f"PREFIX {graph.value(declaration, SH.prefix)}: "
                                f"<{graph.value(declaration, SH.namespace)}>")
        messages = tuple(sorted(m for m in graph.objects(node, SH.message)
                                if isinstance(m, Literal)))
        check = SparqlCheck(node, str(select), "\n".join(sorted(set(prefixes))), messages)
        return Constraint(SH.sparql, SH.SPARQLConstraintComponent, node, sparql=check)


def sparql_path_of(graph: Graph, path: Node, label: str) -> str:
    """A predicate, sequence, inverse or alternative path in SPARQL syntax; refuse the rest."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in graph:
        steps = Collection(graph, path)
        return "(" + "/".join(sparql_path_of(graph, s, label) for s in steps) + ")"
    kinds = {p for p in graph.predicates(path) if p != RDF.type}
    if kinds == {SH.inversePath}:
        return f"^({sparql_path_of(graph, graph.value(path, SH.inversePath), label)})"
    if kinds == {SH.alternativePath}:
        steps = Collection(graph, graph.value(path, SH.alternativePath))
        return "(" + "|".join(sparql_path_of(graph, s, label) for s in steps) + ")"
    names = ", ".join(sorted(k.n3(graph.namespace_manager) for k in kinds)) or "an empty node"
    raise ShapeError(f"shape {label} has a path with {names}, which the SPARQL engine does "
                     "not translate (only predicate, sequence, inverse and alternative paths)")
