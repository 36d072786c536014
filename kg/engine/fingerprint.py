"""A digest of the code itself, so that a cache made by other code is never reused.

Caches of compiled chunks and of validation results are keyed by their inputs *and* by the
code that produced them: editing the compiler or the SHACL checks invalidates them without
anyone remembering to bump a version string.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_digest(*rooms: str) -> bytes:
    """The SHA-256 of every module under the given folders or files of the `kg` package
    (e.g. "corpus", "build", "namespaces.py"), by relative path and content."""
    digest = hashlib.sha256()
    for room in rooms:
        target = PACKAGE / room
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.digest()
