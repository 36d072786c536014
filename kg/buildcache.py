"""Per-sheet build cache: an unchanged claim sheet is neither parsed nor compiled again.

A sheet's entry is keyed by the bytes of the sheet, its article and the article's metadata,
plus a fingerprint of everything else that shapes its triples (entities, ontology, settings and
the code that compiles them). Beside the sorted N-Triples of the sheet, a small JSON sidecar
keeps what other sheets need without parsing it: its claim ids (to find duplicates) and its
figures (for 'higher than' references), and the figures it borrowed from other sheets, so it is
recompiled when one of those changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kg.atomic import atomic_write_bytes
from kg.claimsheets import Claim, FigureRef, figure_ref

_CODE = ("claimsheets.py", "compile.py", "figures.py", "ntriples.py", "quotes.py", "dates.py",
         "namespaces.py", "buildcache.py")


def fingerprint(*parts: bytes) -> str:
    """A digest of shared inputs and of the compiling code itself (a code change rebuilds)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update((package / name).read_bytes())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    lines_path: Path
    ids: list[tuple[str, Path, int]]
    figures: dict[str, FigureRef]
    borrowed: dict[str, FigureRef]


class SheetCache:
    def __init__(self, directory: Path, shared: str) -> None:
        self.directory = directory
        self.shared = shared

    def key(self, sheet: Path, sources_dir: Path) -> str:
        digest = hashlib.sha256(self.shared.encode())
        for path in (sheet, sources_dir / f"{sheet.stem}.txt", sources_dir / f"{sheet.stem}.yaml"):
            digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
        return digest.hexdigest()[:24]

    def _paths(self, sheet: Path, key: str) -> tuple[Path, Path]:
        base = f"{sheet.stem}.{key}"
        return self.directory / f"{base}.nt", self.directory / f"{base}.json"

    def lookup(self, sheet: Path, key: str) -> Entry | None:
        lines_path, side_path = self._paths(sheet, key)
        if not (lines_path.is_file() and side_path.is_file()):
            return None
        side = json.loads(side_path.read_text(encoding="utf-8"))
        return Entry(lines_path, [(i, sheet, line) for i, line in side["ids"]],
                     {k: _ref(v) for k, v in side["figures"].items()},
                     {k: _ref(v) for k, v in side["borrowed"].items()})

    def store(self, sheet: Path, key: str, lines: list[str], claims: list[Claim],
              borrowed: dict[str, FigureRef]) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        for stale in self.directory.glob(f"{sheet.stem}.*"):
            stale.unlink()
        lines_path, side_path = self._paths(sheet, key)
        side = {"ids": [[c.id, c.line] for c in claims],
                "figures": {c.id: _plain(figure_ref(c)) for c in claims},
                "borrowed": {k: _plain(v) for k, v in borrowed.items()}}
        atomic_write_bytes(side_path, json.dumps(side, sort_keys=True).encode())
        atomic_write_bytes(lines_path, "".join(f"{line}\n" for line in lines).encode())
        return lines_path


def _plain(ref: FigureRef) -> list:
    return [None if ref.upper is None else str(ref.upper), ref.unit, ref.wording, ref.numeric]


def _ref(value: list) -> FigureRef:
    upper, unit, wording, numeric = value
    return FigureRef(None if upper is None else Decimal(upper), unit, wording, numeric)
