"""What claim sheets are checked against: sources, entities and the ontology, loaded together.

The claim sheets themselves are read one at a time by the build (kg.build.run), which is the
only reader of sheets, so what tests check is what the build compiles."""

from __future__ import annotations

from kg.corpus.entities import Entity, load_entities
from kg.corpus.ontology import load_ontology
from kg.corpus.sheets import Context
from kg.corpus.sources import Source, load_sources
from kg.errors import Problem
from kg.project import Project


def load_context(project: Project) -> tuple[Context, list[Problem]]:
    """Everything claim sheets are checked against, with the problems found in it; shared by
    the build and the tests."""
    ontology = load_ontology(project.ontology_files)
    sources, problems = load_sources(project.sources_dir)
    entities, found = load_entities(project.entities_file)
    problems += found + check_source_refs(sources, entities)
    if not project.claims_dir.is_dir():
        problems.append(Problem(project.claims_dir, None, "missing directory of claim sheets"))
    return Context(sources, entities, ontology, project.settings.tolerance), problems


def check_source_refs(sources: dict[str, Source], entities: dict[str, Entity]) -> list[Problem]:
    problems = []
    for source in sources.values():
        for key in ("publisher", "relays", "republished_by"):
            ref = getattr(source, key)
            if ref and ref not in entities:
                problems.append(Problem(source.meta_path, source.meta.line_of(key),
                                        f"{key}: unknown entity {ref!r}"))
    return problems
