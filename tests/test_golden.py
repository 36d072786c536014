"""Golden files: the exact bytes every command writes or prints, for three corpora.

They were committed before the code was restructured into one folder per stage, so that moving
code can be shown to change nothing a user sees. A change of bytes must be a reviewed one: run
`KG_UPDATE_GOLDEN=1 pytest tests/test_golden.py`, read `git diff tests/golden`, and commit the
new files with the reason in the same commit as the change that caused it.

The bundled corpus and `tests/data/mini` are kept as whole files (they are small enough to
read in a diff). The seeded 1,000-claim synthetic corpus would weigh about 30 MB, so for it the
test keeps the SHA-256 and size of each output in one JSON file.

Three things are normalised before comparing, because they are not what the code writes for
its input: the temporary project path in printed messages; `dcterms:modified` of the VoID
description, the build file's modification date; and the chunk keys of `chunks.json`, which
fingerprint the compiling code itself (kg.engine.fingerprint), so that any edit of it, a
docstring included, rebuilds every chunk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.app import app

from .conftest import REPO, TEST_DATA, copy_bundled

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"
CHUNK_KEY = re.compile(rb'("key": "|\.)[0-9a-f]{24}(\.nt"|")')
MODIFIED = re.compile(rb'(dcterms:modified "|"dcterms:modified": \{"@value": ")\d{4}-\d{2}-\d{2}')

EXPORTS = ["ttl", "trig", "nt", "nq", "jsonld", "rdf"]
CONFLICT_FORMATS = ["table", "json", "md"]
VALIDATE_FORMATS = ["table", "json", "csv", "tsv", "ttl"]


def _make_bundled(root: Path) -> Path:
    return copy_bundled(root / "bundled")


def _make_mini(root: Path) -> Path:
    target = root / "mini"
    shutil.copytree(TEST_DATA / "mini", target, ignore=shutil.ignore_patterns("build"))
    return target


def _make_synthetic(root: Path) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from synthetic import generate
    finally:
        sys.path.remove(str(REPO / "bench"))
    return generate(root / "synthetic", 1000, seed=1)


CORPORA = {"bundled": _make_bundled, "mini": _make_mini, "synthetic-1000": _make_synthetic}
WHOLE_FILES = {"bundled", "mini"}


def _run(project: Path, *args: str, codes: tuple[int, ...] = (0, 1)) -> bytes:
    result = CliRunner().invoke(app, [*args, "--project", str(project)], catch_exceptions=False)
    assert result.exit_code in codes, (args, result.exit_code, result.output)
    return result.stdout_bytes if result.exit_code != 2 else b""


def _named_queries(project: Path) -> list[str]:
    listing = _run(project, "query", "--list").decode()
    return [line.split()[0] for line in listing.splitlines() if line.strip()]


def outputs(project: Path) -> dict[str, bytes]:
    """Every file and printed output of the commands, by a name that says how it was made."""
    out: dict[str, bytes] = {"build.txt": _run(project, "build")}
    build = project / "build"
    out["kg.nt"] = (build / "kg.nt").read_bytes()
    out["chunks.json"] = (build / "chunks.json").read_bytes()
    dist = project / "dist"
    for fmt in EXPORTS:
        _run(project, "export", "-o", str(dist / f"kg.{fmt}"))
        out[f"export.{fmt}"] = (dist / f"kg.{fmt}").read_bytes()
    out["export-consensus.txt"] = _run(
        project, "export", "--view", "consensus", "-o", str(dist / "consensus.ttl"))
    out["consensus.ttl"] = (dist / "consensus.ttl").read_bytes()
    _run(project, "export", "--describe", "-o", str(dist / "void.ttl"))
    out["void.ttl"] = (dist / "void.ttl").read_bytes()
    for fmt in CONFLICT_FORMATS:
        out[f"conflicts.{fmt}"] = _run(project, "conflicts", "--format", fmt)
        out[f"conflicts-all.{fmt}"] = _run(project, "conflicts", "--all", "--format", fmt)
    for fmt in VALIDATE_FORMATS:
        out[f"validate.{fmt}"] = _run(project, "validate", "--format", fmt)
    out["query-list.txt"] = _run(project, "query", "--list")
    for name in _named_queries(project):
        rows = _run(project, "query", name, "--format", "csv", codes=(0, 2))
        formats = ("csv", "json") if rows else ("ttl", "nt")  # CONSTRUCT gives RDF, not rows
        for fmt in formats:
            out[f"query-{name}.{fmt}"] = _run(project, "query", name, "--format", fmt)
    return {name: _normalise(data, project) for name, data in out.items()}


def _normalise(data: bytes, project: Path) -> bytes:
    data = data.replace(str(project).encode(), b"<project>")
    data = CHUNK_KEY.sub(rb"\g<1><key>\g<2>", data)
    return MODIFIED.sub(rb"\g<1>YYYY-MM-DD", data)


def _digests(found: dict[str, bytes]) -> bytes:
    table = {name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
             for name, data in sorted(found.items())}
    return (json.dumps(table, indent=1, sort_keys=True) + "\n").encode()


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_outputs_match_golden_files(corpus: str, tmp_path: Path) -> None:
    found = outputs(CORPORA[corpus](tmp_path))
    if corpus in WHOLE_FILES:
        expected_files = found
    else:
        expected_files = {"digests.json": _digests(found)}
    folder = GOLDEN / corpus
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, data in expected_files.items():
            (folder / name).write_bytes(data)
    stored = sorted(path.name for path in folder.iterdir())
    assert stored == sorted(expected_files), "outputs were added or removed"
    differing = [name for name, data in expected_files.items()
                 if (folder / name).read_bytes() != data]
    if corpus not in WHOLE_FILES and differing:
        expected = json.loads((folder / "digests.json").read_bytes())
        actual = json.loads(expected_files["digests.json"])
        differing = [name for name in sorted(set(expected) | set(actual))
                     if expected.get(name) != actual.get(name)]
    assert not differing, f"outputs differ from tests/golden/{corpus}: {differing}"
