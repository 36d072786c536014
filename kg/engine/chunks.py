"""The build's chunk list (`build/chunks.json`): one type, one writer, one reader, one check.

A build is a sequence of chunks, each a named graph (`ontology`, `entities`, `source/{stem}`)
held as sorted N-Triples in `build/cache/`; `build/kg.nt` is their concatenation. The build
writes the list after kg.nt; the store, validation, export and push read it here.

Whether the list describes kg.nt is judged by content, never by modification times: `cp -r`,
a checkout or an unpacked archive gives files new times in any order, and a copied project
must read as its original. The check (`describes`) reads at most about 2 MiB at any size:
the chunk files' sizes must add up to kg.nt's, and kg.nt must hold the chunks' bytes at
SAMPLE_BLOCKS evenly spaced blocks of SAMPLE_BYTES, which is the whole file up to 1 MiB (the
bundled and test corpora) and 1 MiB of it beyond. A full comparison would read kg.nt and every
chunk on each export and push (6 GB at a million claims). What the samples can miss is a
same-size rewrite of a large kg.nt between them: only a build killed between writing kg.nt and
writing the list, or a hand edit, makes one; export and push send the chunk files the list
names, not kg.nt.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.engine.atomic import atomic_write_bytes
from kg.errors import InputError, Problem
from kg.project import Project

CHUNKS = "chunks.json"
SAMPLE_BLOCKS = 64  # blocks of kg.nt compared with the chunks' bytes (describes)
SAMPLE_BYTES = 16 << 10  # bytes in each block: 1 MiB in all


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
    """The last build's chunks, checked to describe build/kg.nt: every file present, and kg.nt
    their concatenation (`describes`). Raises InputError, asking for `kg build`, otherwise."""
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
    if not describes(chunks, project.build_file):
        raise InputError([Problem(listing, None, f"does not describe {project.build_file.name}"
                                  " (another build wrote it since): run 'kg build' again")])
    return chunks


def describes(chunks: Sequence[Chunk], build_file: Path) -> bool:
    """Whether `build_file` is the chunks' files end to end, by their bytes: the sizes add up,
    and the blocks `sample_blocks` picks read the same in both (see the module's docstring)."""
    sizes = [chunk.path.stat().st_size for chunk in chunks]
    total = sum(sizes)
    if build_file.stat().st_size != total:
        return False
    starts = list(itertools.accumulate(sizes, initial=0))
    with build_file.open("rb") as whole:
        return all(_read_at(whole, offset, length) == _chunk_bytes(chunks, starts, offset, length)
                   for offset, length in sample_blocks(total))


def sample_blocks(size: int) -> list[tuple[int, int]]:
    """(offset, length) of the blocks compared in a file of `size` bytes: every block when
    SAMPLE_BLOCKS of them cover it, else SAMPLE_BLOCKS evenly spaced from the first byte to the
    last."""
    if size <= SAMPLE_BLOCKS * SAMPLE_BYTES:
        return [(offset, min(SAMPLE_BYTES, size - offset))
                for offset in range(0, size, SAMPLE_BYTES)]
    step = (size - SAMPLE_BYTES) / (SAMPLE_BLOCKS - 1)
    return [(round(i * step), SAMPLE_BYTES) for i in range(SAMPLE_BLOCKS)]


def _chunk_bytes(chunks: Sequence[Chunk], starts: list[int], offset: int, length: int) -> bytes:
    """`length` bytes at `offset` of the chunks' concatenation (`starts`: each chunk's offset,
    then the total), read from the chunk files a block spans."""
    parts = []
    index = bisect.bisect_right(starts, offset) - 1
    while length > 0 and index < len(chunks):
        within = offset - starts[index]
        take = min(length, starts[index + 1] - offset)
        if take > 0:
            with chunks[index].path.open("rb") as part:
                parts.append(_read_at(part, within, take))
        offset, length, index = offset + take, length - take, index + 1
    return b"".join(parts)


def _read_at(handle: BinaryIO, offset: int, length: int) -> bytes:
    handle.seek(offset)
    return handle.read(length)
