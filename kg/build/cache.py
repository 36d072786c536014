"""The build's chunk cache: an unchanged article and claim sheet is neither parsed nor compiled.

Each chunk (kg.build.compile: the ontology, the entities, one article with its claims) is a sorted
N-Triples file named by a key: a digest of its inputs' bytes plus a fingerprint of the code that
compiles them, so a code change rebuilds. Beside each source chunk, a small JSON sidecar keeps
what other sheets need without parsing it: its claim ids (to find duplicates), the claims its
claims dispute (to check they exist), its figures (for 'higher than' references) and the
figures it borrowed from other sheets, so it is recompiled when one of those changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kg.corpus.sheets import Claim, FigureRef, claim_references, figure_ref
from kg.engine.atomic import atomic_write_bytes
from kg.engine.fingerprint import code_digest
from kg.engine.rdfinput import ntriples_problem

# the code whose output a compiled chunk is: reading the corpus, compiling, writing N-Triples
_CODE = ("corpus", "build", "engine/ntriples.py", "namespaces.py")


def fingerprint(*parts: bytes) -> str:
    """A digest of inputs and of the compiling code itself (a code change rebuilds)."""
    digest = hashlib.sha256(code_digest(*_CODE))
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:24]


class UnparseableChunk(ValueError):
    """A compiled chunk that Oxigraph's N-Triples parser refuses: never stored, never built."""


@dataclass(frozen=True)
class Entry:
    graph: str  # "ontology", "entities" or "source/<stem>": the chunk's named graph
    key: str
    lines_path: Path
    triples: int
    ids: list[tuple[str, int]]  # claim id, line in the sheet
    refs: list[tuple[str, int, str, str]]  # claim id, line, field, the claim it names
    figures: dict[str, FigureRef]
    borrowed: dict[str, FigureRef]


class ChunkCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def source_key(self, shared: str, paths: list[Path]) -> str:
        digest = hashlib.sha256(shared.encode())
        for path in paths:
            digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
        return digest.hexdigest()[:24]

    def _paths(self, graph: str, key: str) -> tuple[Path, Path]:
        base = self.directory / f"{graph}.{key}"
        return base.with_name(base.name + ".nt"), base.with_name(base.name + ".json")

    def lookup(self, graph: str, key: str) -> Entry | None:
        lines_path, side_path = self._paths(graph, key)
        if not (lines_path.is_file() and side_path.is_file()):
            return None
        side = json.loads(side_path.read_text(encoding="utf-8"))
        if lines_path.stat().st_size != side.get("bytes"):
            return None  # cut short by a machine crash (cache files are not fsynced)
        return Entry(graph, key, lines_path, side["triples"],
                     [(i, line) for i, line in side["ids"]],
                     [(i, line, k, t) for i, line, k, t in side["refs"]],
                     {k: _ref(v) for k, v in side["figures"].items()},
                     {k: _ref(v) for k, v in side["borrowed"].items()})

    def store(self, graph: str, key: str, lines: list[str], claims: list[Claim] = (),
              borrowed: dict[str, FigureRef] | None = None) -> Entry:
        """Store a chunk, once Oxigraph's strict parser has read it (else UnparseableChunk):
        build/kg.nt is made of stored chunks only, so it always parses."""
        lines_path, side_path = self._paths(graph, key)
        lines_path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(f"{line}\n" for line in lines).encode()
        trouble = ntriples_problem(data)
        if trouble is not None:
            raise UnparseableChunk(f"the {graph} graph compiled from it does not parse as "
                                   f"N-Triples ({trouble}), so nothing was written; this is a "
                                   "bug of kg: please report it with this file")
        side = {"triples": len(lines), "bytes": len(data),
                "ids": [[c.id, c.line] for c in claims],
                "refs": [list(ref) for ref in claim_references(claims)],
                "figures": {c.id: _plain(figure_ref(c)) for c in claims},
                "borrowed": {k: _plain(v) for k, v in (borrowed or {}).items()}}
        # Not fsynced (two syncs per article cost more than compiling it); the byte count
        # in the sidecar, written last, catches a file a machine crash cut short.
        atomic_write_bytes(lines_path, data, durable=False)
        atomic_write_bytes(side_path, json.dumps(side, sort_keys=True).encode(), durable=False)
        entry = self.lookup(graph, key)  # read back: fresh and cached entries compare equal
        assert entry is not None
        return entry

    def remove(self, entry: Entry) -> None:
        for path in self._paths(entry.graph, entry.key):
            path.unlink(missing_ok=True)

    def prune(self, keep: list[Entry]) -> None:
        """Delete every cached chunk but those of the current build."""
        wanted = {p for e in keep for p in self._paths(e.graph, e.key)}
        for path in self.directory.rglob("*"):
            if path.is_file() and path not in wanted:
                path.unlink()


def _plain(ref: FigureRef) -> list:
    return [None if ref.upper is None else str(ref.upper), ref.unit, ref.wording, ref.numeric]


def _ref(value: list) -> FigureRef:
    upper, unit, wording, numeric = value
    return FigureRef(None if upper is None else Decimal(upper), unit, wording, numeric)
