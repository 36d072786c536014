"""`kg build`: the corpus compiled to the canonical build file and an Oxigraph store beside it.

The build file is sorted N-Triples (byte-identical for the same input, so it diffs and caches
cleanly); the store is what later commands query, so they never re-parse. Each claim sheet is
parsed and compiled only when it, its article or a shared input changed (kg.buildcache).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.atomic import atomic_write_lines
from kg.buildcache import Entry, SheetCache, fingerprint
from kg.claimsheets import (
    Claim,
    Context,
    FigureRef,
    check_ids,
    figure_ref,
    load_sheet,
    resolve_references,
)
from kg.compile import global_lines, source_lines
from kg.corpus import load_context
from kg.errors import InputError, Problem
from kg.project import Project
from kg.store import write_store


@dataclass(frozen=True)
class BuildSummary:
    sources: int
    entities: int
    claims: int
    triples: int
    path: str
    compiled_sheets: int = 0
    reused_sheets: int = 0


def build(project: Project, progress: Callable[[str], None] = lambda _: None) -> BuildSummary:
    progress("reading sources, entities and the ontology")
    context, problems = load_context(project)
    ontology, sources, entities = context.ontology, context.sources, context.entities
    shared = fingerprint(project.ontology_file.read_bytes(), _read(project.entities_file),
                         repr(project.settings).encode())
    cache = SheetCache(project.build_dir / "cache", shared)
    sheets = sorted(project.claims_dir.glob("*.yaml")) if project.claims_dir.is_dir() else []
    keys = {sheet: cache.key(sheet, project.sources_dir) for sheet in sheets}
    reused = {s: e for s in sheets if (e := cache.lookup(s, keys[s])) is not None}
    progress(f"checking {len(sheets) - len(reused)} changed claim sheets "
             f"({len(reused)} unchanged)")
    fresh, found = _load_changed(sheets, reused, context)
    problems += found
    if problems:
        raise InputError(problems)
    progress(f"compiling {sum(len(c) for c in fresh.values())} claims")
    chunks = [sorted(set(global_lines(ontology, entities, project.settings)
                         + _sheetless_source_lines(sources, sheets, ontology.units)))]
    borrowed = _borrowed(fresh, reused)
    for sheet in sheets:
        if sheet in reused:
            continue
        claims = fresh[sheet]
        lines = sorted(set(source_lines(sources[sheet.stem], claims, ontology.units)))
        cache.store(sheet, keys[sheet], lines, claims, borrowed.get(sheet, {}))
        reused[sheet] = cache.lookup(sheet, keys[sheet])  # type: ignore[assignment]
    progress(f"writing {project.build_file}")
    triples = atomic_write_lines(project.build_file, _merged(chunks[0], reused))
    progress("loading the Oxigraph store")
    write_store(project)
    claim_count = sum(len(e.ids) for e in reused.values())
    return BuildSummary(len(sources), len(entities), claim_count, triples,
                        str(project.build_file), len(fresh), len(sheets) - len(fresh))


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def _load_changed(sheets: list[Path], reused: dict[Path, Entry],
                  context: Context) -> tuple[dict[Path, list[Claim]], list[Problem]]:
    """Parse the changed sheets, and the unchanged ones whose borrowed figures changed."""
    fresh: dict[Path, list[Claim]] = {}
    ids: dict[Path, list[tuple[str, Path, int]]] = {s: e.ids for s, e in reused.items()}
    problems: list[Problem] = []
    pending = [s for s in sheets if s not in reused]
    while pending:
        for sheet in pending:
            ids[sheet] = []
            fresh[sheet], found = load_sheet(sheet, context, ids[sheet])
            problems += found
        current = _figures(fresh, reused)
        pending = [s for s, e in reused.items()
                   if any(current.get(t) != ref for t, ref in e.borrowed.items())]
        for sheet in pending:
            del reused[sheet]
    elsewhere = {k: v for e in reused.values() for k, v in e.figures.items()}
    all_ids = [i for sheet in sheets for i in ids.get(sheet, [])]
    problems += check_ids(all_ids)
    problems += resolve_references([c for cs in fresh.values() for c in cs], elsewhere)
    return fresh, problems


def _figures(fresh: dict[Path, list[Claim]], reused: dict[Path, Entry]) -> dict[str, FigureRef]:
    current = {k: v for e in reused.values() for k, v in e.figures.items()}
    current.update({c.id: figure_ref(c) for cs in fresh.values() for c in cs})
    return current


def _borrowed(fresh: dict[Path, list[Claim]],
              reused: dict[Path, Entry]) -> dict[Path, dict[str, FigureRef]]:
    """For each compiled sheet, the other sheets' figures its 'higher than' claims used."""
    current = _figures(fresh, reused)
    return {sheet: {c.higher_than: current[c.higher_than] for c in claims
                    if c.higher_than and c.higher_than in current}
            for sheet, claims in fresh.items()}


def _sheetless_source_lines(sources, sheets: list[Path], units) -> list[str]:
    with_sheet = {sheet.stem for sheet in sheets}
    lines: list[str] = []
    for stem, source in sources.items():
        if stem not in with_sheet:
            lines += source_lines(source, [], units)
    return lines


def _merged(first: list[str], entries: dict[Path, Entry]) -> Iterator[str]:
    """All sorted chunks merged into one sorted, duplicate-free stream of lines."""
    streams = [iter(first)] + [_read_lines(e.lines_path) for e in entries.values()]
    previous = None
    for line in heapq.merge(*streams):
        if line != previous:
            yield line
            previous = line


def _read_lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield line.rstrip("\n")
