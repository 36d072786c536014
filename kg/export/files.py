"""The build's dumps as files, written once per build: what `kg serve` serves and what the
VoID/DCAT description sizes.

At 100,000 claims `kg serve` was silent for 40 s at every start: the description's byte sizes
came from writing all five export formats to a counter, and each dump was generated again on
its first request. Here each format is written once to build/dumps/kg.<ext>, beside a stamp of
the build it holds (the digest of build/chunks.json, whose keys fingerprint every chunk's
inputs and code); a later start, or `kg export --describe`, finds it current and only reads
its size.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.engine.atomic import atomic_write_bytes, replacing
from kg.engine.chunks import CHUNKS, current_chunks
from kg.export.dump import write_full
from kg.project import Project

FOLDER = "dumps"


def dump_file(project: Project, fmt: str) -> Path:
    """build/dumps/kg.<fmt>, the bytes `kg export -f <fmt>` writes, (re)written if the build
    changed since."""
    current_chunks(project)  # the build must be complete: else say to run kg build
    folder = project.build_dir / FOLDER
    path, stamp = folder / f"kg.{fmt}", folder / f"kg.{fmt}.built-from"
    wanted = _build_digest(project)
    if path.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return path
    stamp.unlink(missing_ok=True)  # stale until the new dump is complete
    with replacing(path, "wb", durable=False) as out:
        write_full(project, fmt, out)
    atomic_write_bytes(stamp, wanted.encode("utf-8"), durable=False)
    return path


def _build_digest(project: Project) -> str:
    return hashlib.sha256((project.build_dir / CHUNKS).read_bytes()).hexdigest()
