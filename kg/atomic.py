"""Atomic writes: a killed process never leaves a truncated file that still parses."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def _replacing(path: Path, mode: str) -> Iterator[IO]:
    """A temporary file beside `path` that replaces it only if the block completes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        text = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
        with os.fdopen(handle, mode, **text) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with _replacing(path, "wb") as out:
        out.write(data)


def atomic_write_lines(path: Path, lines: Iterable[str]) -> int:
    """Write lines (each ending in a newline) atomically; returns how many were written."""
    count = 0
    with _replacing(path, "w") as out:
        for line in lines:
            out.write(line)
            out.write("\n")
            count += 1
    return count
