"""The entities of a corpus (`data/entities.yaml`): events, trials, courts, people, places..."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.corpus.identifiers import name_problem
from kg.corpus.yamlfile import Mapping, not_text, read_yaml
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
_TEXT_FIELDS = ("label", "type", "wikidata", "part_of", "located_in", "note")
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")


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
        if members is None:
            continue
        if not isinstance(members, Mapping):
            problems.append(Problem(path, document.line_of(kind), f"{kind}: expected a mapping "
                                    f"of slugs to entities ('  some-slug:' then '    label: "
                                    "...'), not a list or a text"))
            continue
        for slug, fields in members.items():
            trouble = name_problem(slug, "slug")
            if trouble:
                problems.append(Problem(path, members.line_of(slug), f"{kind}: {trouble} (the "
                                        "slug is part of the entity's IRI)"))
                continue
            entity, found = _entity(path, kind, str(slug), fields, members.line_of(slug))
            problems += found
            if entity:
                entities[entity.ref] = entity
    for entity in entities.values():
        for field, target in (("part_of", entity.part_of), ("located_in", entity.located_in)):
            if target and target not in entities:
                problems.append(Problem(path, entity.line, f"{entity.ref}: {field} names unknown "
                                        f"entity {target!r}"))
    return entities, problems + _cycles(path, entities)


def _cycles(path: Path, entities: dict[str, Entity]) -> list[Problem]:
    """Each part_of or located_in cycle once, spelled out from its entity met first in the
    file, at that entity's line."""
    problems = []
    for field in ("part_of", "located_in"):
        seen: set[str] = set()
        for start in sorted(entities.values(), key=lambda e: e.line):
            chain, node = [], start.ref
            while node in entities and node not in seen and node not in chain:
                chain.append(node)
                node = getattr(entities[node], field) or ""
            seen.update(chain)
            if node not in chain:
                continue
            cycle = chain[chain.index(node):]
            first = min(cycle, key=lambda ref: entities[ref].line)
            at = cycle.index(first)
            cycle = cycle[at:] + cycle[:at] + [first]
            problems.append(Problem(path, entities[first].line, f"{first}: {field} makes a "
                                    f"cycle, {' -> '.join(cycle)}; an entity cannot be "
                                    f"{field.replace('_', ' ')} itself: remove one of these "
                                    f"{field} lines"))
    return problems


def _entity(path: Path, kind: str, slug: str, fields: object,
            line: int) -> tuple[Entity | None, list[Problem]]:
    ref = f"{kind}/{slug}"
    if not isinstance(fields, Mapping) or not fields.get("label"):
        return None, [Problem(path, line, f"{ref}: every entity needs a label")]
    problems = [Problem(path, fields.line_of(k), f"{ref}: unknown field {k!r}; expected one of "
                        f"{', '.join(FIELDS)}") for k in fields if k not in FIELDS]
    bad = dict(not_text(fields, _TEXT_FIELDS))
    problems += [Problem(path, fields.line_of(k), f"{ref}: {m}") for k, m in bad.items()]
    problems += _alias_problems(path, ref, fields)
    text = {k: None if k in bad else fields.get(k) for k in _TEXT_FIELDS}
    rdf_class = KIND_CLASSES[kind]
    org_type = text["type"]
    if org_type is not None:
        if kind != "org" or org_type not in ORG_TYPES:
            problems.append(Problem(path, fields.line_of("type"), f"{ref}: type {org_type!r} "
                                    f"is for organisations: one of {', '.join(ORG_TYPES)}"))
        else:
            rdf_class = ORG_TYPES[org_type]
    wikidata = text["wikidata"]
    if wikidata is not None and not _WIKIDATA.fullmatch(str(wikidata)):
        problems.append(Problem(path, fields.line_of("wikidata"), f"{ref}: wikidata must be an "
                                "item id such as Q232"))
    aliases = fields.get("aliases") or []
    entity = Entity(ref=ref, kind=kind, label=str(fields["label"]),
                    aliases=tuple(str(a) for a in aliases if isinstance(aliases, list)),
                    rdf_class=rdf_class, wikidata=str(wikidata) if wikidata else None,
                    part_of=text["part_of"], located_in=text["located_in"],
                    note=None if text["note"] is None else str(text["note"]), line=line)
    return entity, problems


def _alias_problems(path: Path, ref: str, fields: Mapping) -> list[Problem]:
    aliases = fields.get("aliases") or []
    if not isinstance(aliases, list):
        return [Problem(path, fields.line_of("aliases"), f"{ref}: aliases is a list of names: "
                        "write [First name, Other name]")]
    if any(isinstance(a, (list, dict, set, bytes)) or a is None for a in aliases):
        return [Problem(path, fields.line_of("aliases"), f"{ref}: each alias is one name, not a "
                        "list, a mapping or nothing; put a name holding ',' or ': ' in quotes")]
    return []
