"""`kg build`: the corpus compiled to the canonical build file and an Oxigraph store beside it.

The build is made of chunks (kg.build.compile): the ontology, the entities, then one per article
with its claims, each a sorted N-Triples file cached under build/cache by the digest of its inputs
(kg.build.cache). Only the articles and sheets that changed are parsed and compiled again, on
every core when there are many; `build/chunks.json` lists the chunks, and `build/kg.nt` is
their concatenation in that order (ontology, entities, articles by file name), so it is
byte-identical for the same input without a global sort that would cost tens of seconds at a
million claims. The store is then updated with only the chunks that changed (kg.engine.store).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kg.build.cache import ChunkCache, Entry, UnparseableChunk, fingerprint
from kg.build.compile import entity_lines, ontology_lines, source_lines
from kg.corpus.load import load_context
from kg.corpus.sheets import (
    Context,
    FigureRef,
    check_ids,
    check_references,
    claim_references,
    figure_ref,
    load_sheet,
    resolve_higher_than,
)
from kg.engine.atomic import replacing
from kg.engine.chunks import Chunk, write_chunks
from kg.engine.pool import forked_map, workers_for
from kg.engine.store import update_store
from kg.errors import InputError, Problem
from kg.project import Project


@dataclass(frozen=True)
class BuildSummary:
    sources: int
    entities: int
    claims: int
    triples: int
    path: str
    compiled_sheets: int = 0
    reused_sheets: int = 0


@dataclass
class _Outcome:
    """What compiling one article's chunk gave: its entry, or what stopped it."""

    stem: str
    entry: Entry | None = None
    ids: list[tuple[str, int]] = field(default_factory=list)
    refs: list[tuple[str, int, str, str]] = field(default_factory=list)
    figures: dict[str, FigureRef] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    missing: bool = False  # a 'higher than' claim names a claim of another sheet


@dataclass(frozen=True)
class _Job:
    project: Project
    context: Context
    cache: ChunkCache
    keys: dict[str, str]


def build(project: Project, progress: Callable[[str], None] = lambda _: None,
          workers: int | None = None) -> BuildSummary:
    """Build the project; `workers` caps the compiling processes (default: one per core)."""
    existed = project.build_dir.exists()
    progress("reading sources, entities and the ontology")
    context, problems = load_context(project)
    cache = ChunkCache(project.build_dir / "cache")
    shared = fingerprint(*map(_read, project.ontology_files), _read(project.entities_file),
                         repr(project.settings).encode())
    stems = _stems(project, context)
    keys = {stem: cache.source_key(shared, _inputs(project, stem)) for stem in stems}
    entries = {s: e for s in stems if (e := cache.lookup(f"source/{s}", keys[s])) is not None}
    changed = [s for s in stems if s not in entries]
    progress(f"compiling {len(changed)} changed articles and claim sheets "
             f"({len(entries)} unchanged)")
    job = _Job(project, context, cache, keys)
    outcomes = _compile_all(job, changed, workers)
    outcomes.update(_settle(job, entries, outcomes))
    problems += [p for o in outcomes.values() for p in o.problems]
    problems += _check_claims(project, stems, entries, outcomes)
    fresh = [o.entry for o in outcomes.values() if o.entry is not None]
    try:
        if problems:
            raise InputError(problems)
        chunks = _global_chunks(project, context, cache)
    except InputError:
        for entry in fresh:
            cache.remove(entry)
        if not existed:
            shutil.rmtree(project.build_dir, ignore_errors=True)
        raise
    entries.update({o.stem: o.entry for o in outcomes.values() if o.entry is not None})
    chunks += [entries[s] for s in stems if s in entries]
    progress(f"writing {project.build_file}")
    write_build_file(project, chunks)
    progress("updating the Oxigraph store")
    update_store(project)
    cache.prune(chunks)
    claims = sum(len(entries[s].ids) for s in entries)
    return BuildSummary(len(context.sources), len(context.entities), claims,
                        sum(c.triples for c in chunks), str(project.build_file),
                        len(fresh), len(stems) - len(fresh))


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def _stems(project: Project, context: Context) -> list[str]:
    """Every article with a readable text, and every sheet (a sheet without one is an error
    load_sheet reports)."""
    sheets = {p.stem for p in project.claims_dir.glob("*.yaml")} if \
        project.claims_dir.is_dir() else set()
    return sorted(set(context.sources) | sheets)


def _inputs(project: Project, stem: str) -> list[Path]:
    return [project.claims_dir / f"{stem}.yaml", project.sources_dir / f"{stem}.txt",
            project.sources_dir / f"{stem}.yaml"]


def _compile_all(job: _Job, stems: list[str], workers: int | None) -> dict[str, _Outcome]:
    """Compile the changed chunks, in worker processes when there are many (the workers
    inherit `job` by fork)."""
    count = workers_for("compile", len(stems), workers)
    done = forked_map(partial(_compile, job), stems, count,
                      chunksize=max(1, len(stems) // (count * 8)))
    return {o.stem: o for o in done}


def _compile(job: _Job, stem: str, elsewhere: dict[str, FigureRef] | None = None) -> _Outcome:
    """Parse, check and compile one article and its sheet. Without `elsewhere` (the figures
    of every sheet), a 'higher than' reference to another sheet's claim leaves it `missing`."""
    project, context = job.project, job.context
    sheet = project.claims_dir / f"{stem}.yaml"
    ids: list[tuple[str, Path, int]] = []
    claims, problems = load_sheet(sheet, context, ids) if sheet.is_file() else ([], [])
    outcome = _Outcome(stem, ids=[(i, line) for i, _path, line in ids],
                       refs=claim_references(claims),
                       figures={c.id: figure_ref(c) for c in claims}, problems=problems)
    known = {**(elsewhere or {}), **outcome.figures}
    wanted = {c.higher_than for c in claims if c.higher_than}
    if not wanted <= set(known) and elsewhere is None:
        outcome.missing = True
        return outcome
    outcome.problems += resolve_higher_than(claims, known)
    outcome.figures = {c.id: figure_ref(c) for c in claims}
    source = context.sources.get(stem)
    if outcome.problems or source is None:
        return outcome
    borrowed = {t: known[t] for t in wanted if t in known and t not in outcome.figures}
    lines = sorted(set(source_lines(source, claims, context.ontology, project.ids)))
    try:
        outcome.entry = job.cache.store(f"source/{stem}", job.keys[stem], lines, claims,
                                        borrowed)
    except UnparseableChunk as exc:
        outcome.problems.append(Problem(source.text_path, None, str(exc)))
    return outcome


def _settle(job: _Job, entries: dict[str, Entry],
            outcomes: dict[str, _Outcome]) -> dict[str, _Outcome]:
    """Compile, now that every sheet's figures are known, the sheets that borrow a figure from
    another sheet: those whose target was missing, and unchanged ones whose target changed."""
    settled: dict[str, _Outcome] = {}
    while True:
        figures = {k: v for e in entries.values() for k, v in e.figures.items()}
        for outcome in (*outcomes.values(), *settled.values()):
            figures.update(outcome.figures)
        pending = [o.stem for o in outcomes.values() if o.missing and o.stem not in settled]
        stale = [s for s, e in entries.items()
                 if any(figures.get(t) != ref for t, ref in e.borrowed.items())]
        for stem in stale:
            del entries[stem]
        if not pending and not stale:
            return settled
        for stem in pending + stale:
            settled[stem] = _compile(job, stem, figures)


def _check_claims(project: Project, stems: list[str], entries: dict[str, Entry],
                  outcomes: dict[str, _Outcome]) -> list[Problem]:
    """Checks across sheets: claim ids unique, and every disputed claim exists."""
    ids: list[tuple[str, Path, int]] = []
    refs: list[tuple[Path | None, int, str, str, str]] = []
    for stem in stems:
        found = outcomes.get(stem) or entries.get(stem)
        if found is None:
            continue
        sheet = project.claims_dir / f"{stem}.yaml"
        ids += [(i, sheet, line) for i, line in found.ids]
        refs += [(sheet, line, i, key, target) for i, line, key, target in found.refs]
    return check_ids(ids) + check_references(refs, {i for i, _s, _l in ids})


def _global_chunks(project: Project, context: Context, cache: ChunkCache) -> list[Entry]:
    ontology_key = fingerprint(*map(_read, project.ontology_files))
    entities_key = fingerprint(_read(project.entities_file), repr(project.settings).encode())
    chunks = []
    for graph, key, make in (
            ("ontology", ontology_key, lambda: ontology_lines(context.ontology)),
            ("entities", entities_key,
             lambda: entity_lines(context.entities, project.settings))):
        entry = cache.lookup(graph, key)
        try:
            chunks.append(entry or cache.store(graph, key, sorted(set(make()))))
        except UnparseableChunk as exc:
            where = project.entities_file if graph == "entities" else project.ontology_files[-1]
            raise InputError([Problem(where, None, str(exc))]) from exc
    return chunks


def write_build_file(project: Project, chunks: list[Entry]) -> None:
    """build/kg.nt as the chunks in order, then the manifest naming them. Each chunk was
    parsed by Oxigraph when it was stored (kg.build.cache), so the file parses; it replaces
    the previous one only once it holds every chunk's bytes, no more and no fewer."""
    with replacing(project.build_file, "wb") as out:
        expected = 0
        for chunk in chunks:
            with chunk.lines_path.open("rb") as lines:
                shutil.copyfileobj(lines, out, 1 << 20)
            expected += chunk.lines_path.stat().st_size
        if out.tell() != expected:
            raise OSError(f"{project.build_file}: wrote {out.tell()} bytes of {expected}")
    write_chunks(project.build_dir, [Chunk(c.graph, c.key, c.triples, c.lines_path)
                                     for c in chunks])
