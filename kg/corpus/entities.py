"""The entities of a corpus (`data/entities.yaml`): events, trials, courts, people, places..."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.corpus.yamlfile import Mapping, read_yaml
from kg.errors import InputError, Problem
from kg.namespaces import QK

KIND_CLASSES: dict[str, URIRef] = {
    "event": QK.Event, "trial": QK.Trial, "court": QK.Court, "person": QK.Person,
    "group": QK.PersonGroup, "org": QK.Organisation, "place": QK.Place, "charge": QK.Charge,
}
ORG_TYPES: dict[str, URIRef] = {
    "government-body": QK.GovernmentBody, "law-enforcement": QK.LawEnforcementAgency,
    "ngo": QK.NGO, "media-outlet": QK.MediaOutlet, "international-body": QK.InternationalBody,
    "collective": QK.CollectiveVoice,
}
FIELDS = ("label", "aliases", "type", "wikidata", "part_of", "located_in", "note")


@dataclass(frozen=True)
class Entity:
    ref: str  # "<kind>/<slug>", as claim sheets name it
    kind: str
    label: str
    aliases: tuple[str, ...]
    rdf_class: URIRef
    wikidata: str | None
    part_of: str | None
    located_in: str | None
    note: str | None
    line: int


def load_entities(path: Path) -> tuple[dict[str, Entity], list[Problem]]:
    try:
        document = read_yaml(path)
    except InputError as exc:
        return {}, exc.problems
    if not isinstance(document, Mapping):
        return {}, [Problem(path, 1, "expected a mapping of kinds (event, trial, court, ...)")]
    entities: dict[str, Entity] = {}
    problems: list[Problem] = []
    for kind, members in document.items():
        if kind not in KIND_CLASSES:
            problems.append(Problem(path, document.line_of(kind), f"unknown kind {kind!r}; "
                                    f"expected one of {', '.join(KIND_CLASSES)}"))
            continue
        for slug, fields in (members or {}).items():
            entity, found = _entity(path, kind, str(slug), fields, members.line_of(slug))
            problems += found
            if entity:
                entities[entity.ref] = entity
    for entity in entities.values():
        for field, target in (("part_of", entity.part_of), ("located_in", entity.located_in)):
            if target and target not in entities:
                problems.append(Problem(path, entity.line, f"{entity.ref}: {field} names unknown "
                                        f"entity {target!r}"))
    return entities, problems


def _entity(path: Path, kind: str, slug: str, fields: object,
            line: int) -> tuple[Entity | None, list[Problem]]:
    ref = f"{kind}/{slug}"
    if not isinstance(fields, Mapping) or not fields.get("label"):
        return None, [Problem(path, line, f"{ref}: every entity needs a label")]
    problems = [Problem(path, fields.line_of(k), f"{ref}: unknown field {k!r}; expected one of "
                        f"{', '.join(FIELDS)}") for k in fields if k not in FIELDS]
    rdf_class = KIND_CLASSES[kind]
    org_type = fields.get("type")
    if org_type is not None:
        if kind != "org" or org_type not in ORG_TYPES:
            problems.append(Problem(path, fields.line_of("type"), f"{ref}: type {org_type!r} "
                                    f"is for organisations: one of {', '.join(ORG_TYPES)}"))
        else:
            rdf_class = ORG_TYPES[org_type]
    wikidata = fields.get("wikidata")
    if wikidata is not None and not (str(wikidata).startswith("Q") and str(wikidata)[1:].isdigit()):
        problems.append(Problem(path, fields.line_of("wikidata"), f"{ref}: wikidata must be an "
                                "item id such as Q232"))
    aliases = fields.get("aliases") or []
    entity = Entity(ref=ref, kind=kind, label=str(fields["label"]),
                    aliases=tuple(str(a) for a in aliases), rdf_class=rdf_class,
                    wikidata=str(wikidata) if wikidata else None, part_of=fields.get("part_of"),
                    located_in=fields.get("located_in"), note=fields.get("note"), line=line)
    return entity, problems
