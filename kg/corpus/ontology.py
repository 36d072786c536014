"""What the ontology declares about claim properties, read once for the build and conflicts.

Kinds, value types, units and part-of links are data in `ontology/qantar.ttl`; nothing here
knows a property by name, so a new property of an existing kind needs no code change.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def local_name(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1]


def load_ontology(path: Path) -> Ontology:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError([Problem(path, None, f"cannot read the ontology: {exc}")]) from exc
    properties: dict[str, PropertySpec] = {}
    problems: list[Problem] = []
    for prop in sorted(graph.subjects(RDF.type, QK.ClaimProperty)):
        name = local_name(prop)
        kind = KINDS.get(graph.value(prop, QK.kind))
        value_type = VALUE_TYPES.get(graph.value(prop, QK.valueType))
        if kind is None or value_type is None:
            problems.append(Problem(path, None, f"claim property qk:{name} needs a qk:kind and "
                                    "a qk:valueType"))
            continue
        properties[name] = PropertySpec(
            name=name, iri=prop, kind=kind, value_type=value_type,
            default_unit=graph.value(prop, QK.defaultUnit),
            unit_required=bool(graph.value(prop, QK.unitRequired)),
            range_class=graph.value(prop, RDFS.range) if value_type == "entity" else None,
            part_of=graph.value(prop, QK.partOfProperty),
        )
    if problems:
        raise InputError(problems)
    units = {}
    for unit in graph.subjects(RDF.type, QK.Unit):
        units[local_name(unit)] = unit
        notation = graph.value(unit, SKOS.notation)
        if notation is not None:
            units[str(notation)] = unit
    return Ontology(graph, properties, units)
