"""What the ontology declares about claim properties, scope values and units, read once for the
build and conflicts.

Kinds, value types, units and part-of links are data in `ontology/qantar.ttl` and in a
project's own `ontology/*.ttl`, which add to it; nothing here knows a property by name, so a
new measure or scope value of an existing kind needs no code change. What the build needs of
each (a kind and a value type, a unit for a count, a dimension for a scope value) is checked
here, with the file that declares it, so a project's extension fails with a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import InputError, Problem
from kg.namespaces import QK

KINDS = {QK.Fixed: "fixed", QK.Tally: "tally", QK.Functional: "functional",
         QK.MultiValued: "multi-valued"}
VALUE_TYPES = {QK.CountValue: "count", QK.QuantityValue: "quantity", QK.DateValue: "date",
               QK.EntityValue: "entity"}


@dataclass(frozen=True)
class PropertySpec:
    name: str
    iri: URIRef
    kind: str
    value_type: str
    default_unit: URIRef | None
    unit_required: bool
    range_class: URIRef | None
    part_of: URIRef | None

    @property
    def numeric(self) -> bool:
        return self.value_type in ("count", "quantity")


@dataclass(frozen=True)
class Ontology:
    graph: Graph
    properties: dict[str, PropertySpec]
    units: dict[str, URIRef]
    scopes: dict[str, URIRef] = field(default_factory=dict)  # scope values by local name


def local_name(iri: URIRef) -> str:
    """`…/ontology#deaths` -> `deaths`; also for a project's terms in a `/` namespace."""
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


def load_ontology(paths: Path | list[Path]) -> Ontology:
    """The union of the ontology files (the bundled one, then a project's additions), checked to
    declare what the build needs of every claim property and scope value."""
    paths = [paths] if isinstance(paths, Path) else paths
    graph, origin = Graph(), {}
    parts: list[tuple[Path, Graph]] = []  # each file's triples, to name who doubles a value
    for path in paths:
        part = Graph()
        try:
            part.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError([Problem(path, None, f"cannot read the ontology: {exc}")]) from exc
        for subject in set(part.subjects()):
            origin.setdefault(subject, path)
        graph += part
        parts.append((path, part))
    problems: list[Problem] = []
    read = _Reader(graph, parts, origin, problems)
    properties = _properties(read)
    scopes = _scopes(read)
    if problems:
        raise InputError(problems)
    units = {}
    for unit in graph.subjects(RDF.type, QK.Unit):
        units[local_name(unit)] = unit
        notation = graph.value(unit, SKOS.notation)
        if notation is not None:
            units[str(notation)] = unit
    return Ontology(graph, properties, units, scopes)


@dataclass
class _Reader:
    """The merged ontology with what is needed to blame a file for a problem."""

    graph: Graph
    parts: list[tuple[Path, Graph]]
    origin: dict
    problems: list[Problem]

    def one(self, subject: URIRef, predicate: URIRef) -> object:
        """The single value of `predicate`, or None with a problem when it has two (a project
        file giving a bundled property a second kind, say), naming every file that gives one."""
        values = sorted(self.graph.objects(subject, predicate))
        if len(values) > 1:
            files = [p for p, part in self.parts if (subject, predicate, None) in part]
            self.problem(files[-1], f"qk:{local_name(subject)} has {len(values)} values of "
                         f"qk:{local_name(predicate)} (in {', '.join(f.name for f in files)}); "
                         "give one")
        return values[0] if values else None

    def problem(self, path: Path | None, message: str) -> None:
        self.problems.append(Problem(path, None, message))


def _properties(read: _Reader) -> dict[str, PropertySpec]:
    graph, properties = read.graph, {}
    kinds = ", ".join("qk:" + local_name(k) for k in KINDS)
    value_types = ", ".join("qk:" + local_name(v) for v in VALUE_TYPES)
    for prop in sorted(graph.subjects(RDF.type, QK.ClaimProperty)):
        name, path = local_name(prop), read.origin.get(prop)
        kind = KINDS.get(read.one(prop, QK.kind))
        value_type = VALUE_TYPES.get(read.one(prop, QK.valueType))
        if kind is None or value_type is None:
            read.problem(path, f"claim property {name} needs a qk:kind ({kinds}) and a "
                         f"qk:valueType ({value_types})")
            continue
        default_unit = read.one(prop, QK.defaultUnit)
        unit_required = bool(graph.value(prop, QK.unitRequired))
        if value_type in ("count", "quantity") and default_unit is None and not unit_required:
            read.problem(path, f"measure {name} needs a qk:defaultUnit (qk:PersonUnit for a "
                         "count of people) or qk:unitRequired true (money: every figure says "
                         "its currency)")
            continue
        if default_unit is not None and (default_unit, RDF.type, QK.Unit) not in graph:
            read.problem(path, f"{name}: its qk:defaultUnit <{default_unit}> is not declared a "
                         "qk:Unit")
        part_of = read.one(prop, QK.partOfProperty)
        if part_of is not None and (part_of, RDF.type, QK.ClaimProperty) not in graph:
            read.problem(path, f"{name}: its qk:partOfProperty <{part_of}> is not a "
                         "qk:ClaimProperty")
        properties[name] = PropertySpec(
            name=name, iri=prop, kind=kind, value_type=value_type,
            default_unit=default_unit, unit_required=unit_required,
            range_class=graph.value(prop, RDFS.range) if value_type == "entity" else None,
            part_of=part_of,
        )
    return properties


def _scopes(read: _Reader) -> dict[str, URIRef]:
    graph, scopes = read.graph, {}
    for value in sorted(graph.subjects(RDF.type, QK.ScopeValue)):
        name, path = local_name(value), read.origin.get(value)
        dimension = read.one(value, QK.dimension)
        if dimension is None or (dimension, RDF.type, QK.ScopeDimension) not in graph:
            read.problem(path, f"scope value {name} needs a qk:dimension (qk:Population, "
                         "qk:Circumstance or qk:Criterion)")
        if graph.value(value, RDFS.label) is None:
            read.problem(path, f"scope value {name} needs an rdfs:label")
        scopes[name] = value
    return scopes
