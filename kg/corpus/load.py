"""Loading a whole project: sources, entities, ontology and claim sheets, checked together."""

from __future__ import annotations

from dataclasses import dataclass

from kg.corpus.entities import Entity, load_entities
from kg.corpus.ontology import Ontology, load_ontology
from kg.corpus.sheets import Claim, Context, load_sheets
from kg.corpus.sources import Source, load_sources
from kg.errors import InputError, Problem
from kg.project import Project


@dataclass(frozen=True)
class Corpus:
    ontology: Ontology
    entities: dict[str, Entity]
    sources: dict[str, Source]
    claims: list[Claim]


def load_context(project: Project) -> tuple[Context, list[Problem]]:
    """Everything claim sheets are checked against, with the problems found in it; shared by
    `load_corpus` and the incremental build."""
    ontology = load_ontology(project.ontology_file)
    sources, problems = load_sources(project.sources_dir)
    entities, found = load_entities(project.entities_file)
    problems += found + check_source_refs(sources, entities)
    if not project.claims_dir.is_dir():
        problems.append(Problem(project.claims_dir, None, "missing directory of claim sheets"))
    return Context(sources, entities, ontology, project.settings.tolerance), problems


def load_corpus(project: Project) -> Corpus:
    """The whole corpus, uncached. Raises InputError listing every problem in its files."""
    context, problems = load_context(project)
    claims: list[Claim] = []
    if project.claims_dir.is_dir():
        claims, found = load_sheets(project.claims_dir, context)
        problems += found
    if problems:
        raise InputError(problems)
    return Corpus(context.ontology, context.entities, context.sources, claims)


def check_source_refs(sources: dict[str, Source], entities: dict[str, Entity]) -> list[Problem]:
    problems = []
    for source in sources.values():
        for key in ("publisher", "relays", "republished_by"):
            ref = getattr(source, key)
            if ref and ref not in entities:
                problems.append(Problem(source.meta_path, source.meta.line_of(key),
                                        f"{key}: unknown entity {ref!r}"))
    return problems
