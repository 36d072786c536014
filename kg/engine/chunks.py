"""The build's chunk list (`build/chunks.json`): one type, one writer, one reader, one check.

A build is a sequence of chunks, each a named graph (`ontology`, `entities`, `source/{stem}`)
held as sorted N-Triples in `build/cache/`; `build/kg.nt` is their concatenation. The build
writes the list after kg.nt; the store, validation, export and push read it here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.engine.atomic import atomic_write_bytes
from kg.errors import InputError, Problem
from kg.project import Project

CHUNKS = "chunks.json"


@dataclass(frozen=True)
class Chunk:
    """One chunk of a build: its graph name, the key that fingerprints its inputs and code,
    its triple count, and its file (absolute)."""

    graph: str
    key: str
    triples: int
    path: Path


def write_chunks(build_dir: Path, chunks: Sequence[Chunk]) -> None:
    """The chunk list of a build, written atomically, paths relative to `build_dir`."""
    listing = {"chunks": [{"graph": c.graph, "key": c.key, "triples": c.triples,
                           "path": c.path.relative_to(build_dir).as_posix()} for c in chunks]}
    atomic_write_bytes(build_dir / CHUNKS, json.dumps(listing, indent=1).encode("utf-8"))


def read_chunks(listing: Path, build_dir: Path) -> list[Chunk] | None:
    """The chunks of a list (build/chunks.json, or the store's copy of the one it holds), in
    order, or None when it is missing or unreadable."""
    try:
        entries = json.loads(listing.read_text(encoding="utf-8"))["chunks"]
        return [Chunk(str(e["graph"]), str(e["key"]), int(e["triples"]), build_dir / e["path"])
                for e in entries]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def current_chunks(project: Project) -> list[Chunk]:
    """The last build's chunks, checked to describe build/kg.nt: every file present and their
    sizes adding up to its size, and kg.nt not written after the list. Raises InputError, asking
    for `kg build`, otherwise."""
    listing = project.build_dir / CHUNKS
    if not project.build_file.is_file():
        raise InputError([Problem(project.build_file, None, "no build yet: run 'kg build' first")])
    chunks = read_chunks(listing, project.build_dir)
    if chunks is None:
        raise InputError([Problem(listing, None, "missing or unreadable (a build made by an "
                                  "older kg?): run 'kg build' to write it")])
    missing = [c.path for c in chunks if not c.path.is_file()]
    if missing:
        raise InputError([Problem(missing[0], None, f"named in {CHUNKS} but missing "
                                  f"({len(missing)} chunks in all): run 'kg build' again")])
    build_file = project.build_file.stat()
    if (build_file.st_size != sum(c.path.stat().st_size for c in chunks)
            or build_file.st_mtime_ns > listing.stat().st_mtime_ns):
        raise InputError([Problem(listing, None, f"does not describe {project.build_file.name}"
                                  " (another build wrote it since): run 'kg build' again")])
    return chunks
