"""`kg build`: the corpus compiled to the canonical build file and an Oxigraph store beside it.

The build file is sorted N-Triples (byte-identical for the same input, so it diffs and caches
cleanly); the store is what later commands query, so they never re-parse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.atomic import atomic_write_bytes
from kg.compile import compile_graph
from kg.corpus import load_corpus
from kg.project import Project
from kg.store import write_store


@dataclass(frozen=True)
class BuildSummary:
    sources: int
    entities: int
    claims: int
    triples: int
    path: str


def build(project: Project, progress: Callable[[str], None] = lambda _: None) -> BuildSummary:
    progress("reading the corpus")
    corpus = load_corpus(project)
    progress(f"compiling {len(corpus.claims)} claims")
    graph = compile_graph(corpus.ontology, corpus.entities, corpus.sources, corpus.claims,
                          project.settings)
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").splitlines()))
    data = b"".join(line + b"\n" for line in lines if line.strip())
    progress(f"writing {project.build_file}")
    project.build_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(project.build_file, data)
    progress("loading the Oxigraph store")
    write_store(project)
    return BuildSummary(len(corpus.sources), len(corpus.entities), len(corpus.claims),
                        len(lines), str(project.build_file))
