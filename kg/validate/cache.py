"""Only what changed: the SPARQL engine's results on the build, cached per chunk of the build.

`kg build` writes build/chunks.json: the ontology, the entities and one chunk per source, each
with a content key, subject-disjoint (every triple of a subject lies in one chunk). The results
of a *chunk-local* constraint for the focus nodes that are subjects of a chunk are kept in
build/validation/<key>.json, where key = hash(chunk key, ontology key, entities key, digest of
the shape files, the validation code itself). The next run re-validates only chunks whose key
is not there.

The rule that makes this sound: a constraint is chunk-local when everything it reads about a
focus node is triples whose subject is that focus node, and the focus node is chosen by such
triples too; chunks being subject-disjoint, all of them lie in the focus node's chunk. Hence:
  - the shape's targets are sh:targetClass (the rdf:type triple is the focus node's; the
    subclass closure is in the ontology chunk, part of the key) or sh:targetSubjectsOf;
  - its path is a predicate or an alternative of predicates (no sequence: the next step reads
    another node's triples; no inverse: those triples are other subjects');
  - the constraint reads only the value nodes as terms (count, datatype, node kind, in,
    hasValue, pattern, ranges, lengths, uniqueLang) or other predicates of the focus node
    (equals, lessThan, lessThanOrEquals); sh:or/and/xone/not only of such checks (on a node
    shape, their property shapes read the focus node itself: allowed);
  - the shape has an IRI (a blank shape has no identity to cache under across runs).
Everything else runs on the whole build every time: sh:class and sh:node (they read the value
node's triples: a qk:disputes target in another article), sequence and inverse paths,
sh:targetNode and sh:targetObjectsOf shapes (focus chosen by other subjects' triples) and
SHACL-SPARQL constraints (they look anywhere).

Where they run: Oxigraph answers these checks an order of magnitude faster in memory than
through the on-disk store. Chunk-local checks run on in-memory stores of a few chunks at a time
(their lines whose predicate a check names, plus the class hierarchy), so memory stays bounded;
the others on in-memory stores of the build's triples they name, or on the build's store when
one could read any triple. The build's engine decides the stores and spreads them over every
core (kg.engine.runner).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from kg.engine.atomic import atomic_write_bytes
from kg.engine.chunks import CHUNKS, Chunk, read_chunks
from kg.engine.fingerprint import code_digest
from kg.engine.runner import ChunkJob, FastEngine, Job
from kg.engine.terms import rdflib_term
from kg.project import Project
from kg.validate.compile import term
from kg.validate.shapes import Constraint, Shape
from kg.validate.sparql import (
    Result,
    _result,
    check_queries,
    check_results,
    pre_bound,
)

# the code whose output a cached chunk result is: the SHACL compiler and the engine
_CODE = ("validate", "engine")
_PLAIN_PATH = re.compile(r"^\(?<[^>]+>(\|<[^>]+>)*\)?$")
_TERM_ONLY = {SH.datatype, SH.nodeKind, SH["in"], SH.hasValue, SH.pattern, SH.minInclusive,
              SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength}
_OWN_TRIPLES = {SH.minCount, SH.maxCount, SH.uniqueLang, SH.equals, SH.lessThan,
                SH.lessThanOrEquals}
_LOGICAL = {SH["or"], SH["and"], SH.xone, SH["not"]}

Check = tuple[Shape, Constraint]


def is_chunk_local(shape: Shape, constraint: Constraint) -> bool:
    if not isinstance(shape.node, URIRef):
        return False
    if not shape.focus or any(k not in (SH.targetClass, SH.targetSubjectsOf)
                              for k, _ in shape.focus):
        return False
    if shape.path is not None and not _PLAIN_PATH.match(shape.sparql_path):
        return False
    return _reads_own(constraint, on_focus=shape.path is None)


def _reads_own(constraint: Constraint, on_focus: bool) -> bool:
    """Whether the check reads nothing but the value terms and the focus node's triples."""
    p = constraint.parameter
    if p in _TERM_ONLY or p in _OWN_TRIPLES:
        return True
    return p in _LOGICAL and all(_nested_own(s, on_focus) for s in constraint.shapes)


def _nested_own(shape: Shape, on_focus: bool) -> bool:
    """A nested shape applied to the focus node itself (on_focus) or to a value node."""
    if shape.path is None:
        return (all(c.parameter in _TERM_ONLY or (c.parameter in _LOGICAL and all(
                    _nested_own(s, on_focus) for s in c.shapes)) for c in shape.constraints)
                and all(_nested_own(p, on_focus) for p in shape.properties))
    if not on_focus or not _PLAIN_PATH.match(shape.sparql_path) or shape.properties:
        return False  # a value node's triples may lie in another chunk
    return all(c.parameter in _TERM_ONLY or c.parameter in (SH.minCount, SH.maxCount)
               or (c.parameter in _LOGICAL and all(_nested_own(s, False) for s in c.shapes))
               for c in shape.constraints)


def validate_build(project: Project, store: ox.Store, shapes: Sequence[Shape],
                   files: Sequence[Path],
                   progress: Callable[[str], None]) -> tuple[list[Result], tuple[str, ...] | None]:
    """Results on the build's store, and the chunks validated afresh (None without manifest)."""
    checks = [(s, c) for s in shapes for c in s.constraints]
    chunks = read_chunks(project.build_dir / CHUNKS, project.build_dir)
    local = [] if chunks is None else [(s, c) for s, c in checks if is_chunk_local(s, c)]
    whole = [check for check in checks if check not in local]
    cached: dict[str, list[list[str]] | None] = {}
    if chunks is not None:
        keys = _cache_keys(chunks, files)
        folder = project.build_dir / "validation"
        cached = {c.graph: _load(folder / f"{keys[c.graph]}.json") for c in chunks}
    missing = [c for c in chunks or () if cached[c.graph] is None]
    if missing:
        progress(f"validating {len(missing)} of {len(chunks or ())} chunks afresh "
                 f"({len(local)} checks per chunk)")
    results, fresh = _run(project, store, whole, local, missing, progress)
    if chunks is None:
        return results, None
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        for chunk in missing:
            records = fresh.get(chunk.graph, [])
            # Not fsynced (10,000 syncs took 3 s at a million claims): a file a machine crash
            # cut short does not parse, and its chunk is validated again (_load).
            atomic_write_bytes(folder / f"{keys[chunk.graph]}.json",
                               json.dumps(records).encode(), durable=False)
            cached[chunk.graph] = records
        _prune(folder, set(keys.values()))
    by_id = {(str(s.node), str(c.parameter)): (s, c) for s, c in local}
    for records in cached.values():
        for shape_id, parameter, focus, value in records or ():
            shape, constraint = by_id[(shape_id, parameter)]
            results.append(_result(shape, constraint, _decode(focus),
                                   _decode(value) if value else None))
    return results, tuple(c.graph for c in missing)


def _run(project: Project, store: ox.Store, whole: Sequence[Check], local: Sequence[Check],
         missing: Sequence[Chunk], progress: Callable[[str], None],
         ) -> tuple[list[Result], dict[str, list[list[str]]]]:
    """The checks that may read any chunk (`whole`), and the chunk-local ones on the `missing`
    chunks (as records per chunk), as jobs for the build's engine (kg.engine.runner).

    A chunk-local check reads nothing outside its focus node's chunk but the class hierarchy
    (the compiler looks up subclasses), so the engine may run it on a few chunks at a time:
    memory stays bounded however large the build."""
    subclass = frozenset({str(RDFS.subClassOf)})
    jobs: list[Job | ChunkJob] = [
        Job(check_queries(store, shape, constraint), partial(check_results, shape=shape,
                                                             constraint=constraint),
            pre_bound(shape, constraint), subclass)  # type: ignore[arg-type]
        for shape, constraint in whole]
    if missing:
        queries = [q for s, c in local for q in check_queries(store, s, c)]
        jobs.append(ChunkJob(missing, queries, partial(_chunk_records, local), subclass))
    outcomes = FastEngine(project, store).run(jobs, progress)
    records: dict[str, list[list[str]]] = {}
    for part in outcomes[len(whole)] if missing else ():
        for graph, rows in part.items():
            records.setdefault(graph, []).extend(rows)
    return [r for found in outcomes[:len(whole)] for r in found], records


def _chunk_records(local: Sequence[Check], part: ox.Store,
                   owner: dict[str, str]) -> dict[str, list[list[str]]]:
    """Results of the chunk-local checks for the subjects of a part's chunks, as records per
    chunk."""
    records: dict[str, list[list[str]]] = {}
    for shape, constraint in local:
        for result in check_results(part, shape, constraint):
            focus = term(result.focus)
            if focus in owner:
                value = term(result.value) if result.value is not None else ""
                records.setdefault(owner[focus], []).append(
                    [str(shape.node), str(constraint.parameter), focus, value])
    return records


def _cache_keys(chunks: Sequence[Chunk], files: Sequence[Path]) -> dict[str, str]:
    digest = hashlib.sha256(code_digest(*_CODE))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    base = {c.graph: c.key for c in chunks if c.graph in ("ontology", "entities")}
    shared = f"{base.get('ontology')}:{base.get('entities')}:{digest.hexdigest()}"
    return {c.graph: hashlib.sha256(f"{c.graph}:{c.key}:{shared}".encode())
            .hexdigest()[:32] for c in chunks}


def _load(path: Path) -> list[list[str]] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _prune(folder: Path, keep: set[str]) -> None:
    for path in folder.glob("*.json"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)


def _decode(text: str) -> Node:
    """An N-Triples term back to rdflib (parsed as the object of a throw-away triple)."""
    triple = next(iter(ox.parse(f"<urn:x:s> <urn:x:p> {text} .".encode(),
                                format=ox.RdfFormat.N_TRIPLES)))
    return rdflib_term(triple.object)
