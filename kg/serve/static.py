"""The files the query page loads from the endpoint itself (kg/serve/static/): YASGUI, vendored
by tools/yasgui/build.sh, and the page's own script and style.

The page must work with no network and load nothing from elsewhere, so these ship inside the
package. Every file under the folder is read once, at start-up, into a table of URL paths: a
request only looks a path up in it, so no part of a URL ever reaches the file system (no path
traversal, no symbolic link followed out of the folder). Each URL the page uses carries a hash
of the file's bytes (`?v=…`), so browsers may keep a file for a year and still get a new one
the day the file changes.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "static"
PREFIX = "/static/"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
               "": "text/plain; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
CACHE_CONTROL = "public, max-age=31536000, immutable"  # a year: the URL changes with the bytes


@dataclass(frozen=True)
class StaticFile:
    media_type: str
    body: bytes
    gzipped: bytes  # the same bytes for clients that accept gzip (YASGUI: 1 MB, 0.3 MB gzipped)
    version: str  # the first hex digits of the bytes' SHA-256


def load(folder: Path = FOLDER) -> dict[str, StaticFile]:
    """URL path (`/static/yasgui/yasgui.min.js`) -> file, for each regular file of a type the
    page uses under the folder (source maps and dot files are left out)."""
    files: dict[str, StaticFile] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (not path.is_file() or path.is_symlink() or path.suffix not in MEDIA_TYPES
                or any(part.startswith(".") for part in relative.parts)):
            continue
        body = path.read_bytes()
        files[PREFIX + relative.as_posix()] = StaticFile(
            MEDIA_TYPES[path.suffix], body, gzip.compress(body, mtime=0),
            hashlib.sha256(body).hexdigest()[:12])
    return files


def versioned(files: dict[str, StaticFile], path: str) -> str:
    """The URL the page links a file with: its path and the hash of its bytes."""
    return f"{path}?v={files[path].version}"


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header admits gzip (`gzip;q=0` refuses it)."""
    for item in (accept_encoding or "").split(","):
        coding, *params = (part.strip().lower() for part in item.split(";"))
        if coding in ("gzip", "x-gzip", "*"):
            return not any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000")
                           for p in params)
    return False
