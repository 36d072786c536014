"""Incremental build: only changed claim sheets are parsed and compiled again, and the result
is byte-identical to a clean build."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.run import build
from kg.engine.store import open_store
from kg.errors import InputError
from kg.project import open_project

from .conflict_corpus import claim, write_corpus
from .conftest import REPO

CLAIMS = [claim("100-01", "deaths", 238), claim("100-02", "deaths", 19, scope="lawEnforcement"),
          claim("200-01", "deaths", "higher than 100-01"), claim("200-02", "peopleConvicted", 5)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def clean_build_bytes(root: Path) -> bytes:
    shutil.rmtree(root / "build", ignore_errors=True)
    build(open_project(root))
    return (root / "build" / "kg.nt").read_bytes()


def test_only_the_edited_sheet_is_compiled_and_the_result_is_a_clean_build(tmp_path):
    root = write_corpus(tmp_path, CLAIMS)
    project = open_project(root)
    first = build(project)
    assert (first.compiled_sheets, first.reused_sheets) == (2, 0)
    again = build(project)
    assert (again.compiled_sheets, again.reused_sheets) == (0, 2)
    edit(root / "data/claims/200_b.yaml", "value: '5'", "value: '6'")
    edit(root / "data/sources/200_b.txt", "peopleConvicted is 5", "peopleConvicted is 6")
    edit(root / "data/claims/200_b.yaml", "peopleConvicted is 5", "peopleConvicted is 6")
    incremental = build(project)
    assert (incremental.compiled_sheets, incremental.reused_sheets) == (1, 1)
    after = (root / "build" / "kg.nt").read_bytes()
    assert b'"6"^^' in after
    assert after == clean_build_bytes(root)


def test_a_sheet_borrowing_a_changed_figure_is_recompiled(tmp_path):
    root = write_corpus(tmp_path, CLAIMS)
    project = open_project(root)
    build(project)
    edit(root / "data/claims/100_a.yaml", "value: '238'", "value: '239'")
    edit(root / "data/sources/100_a.txt", "deaths is 238", "deaths is 239")
    edit(root / "data/claims/100_a.yaml", "deaths is 238", "deaths is 239")
    summary = build(project)
    assert summary.compiled_sheets == 2  # 200_b's "higher than 100-01" now starts at 239
    text = (root / "build" / "kg.nt").read_text(encoding="utf-8")
    assert "claim/200-01> <https://w3id.org/qantar/ontology#lowerBound> \"239\"" in text
    assert text.encode() == clean_build_bytes(root)


def test_duplicates_with_an_unchanged_sheet_are_still_found(tmp_path):
    root = write_corpus(tmp_path, CLAIMS)
    project = open_project(root)
    build(project)
    edit(root / "data/claims/200_b.yaml", "id: 200-02", "id: 100-02")
    with pytest.raises(InputError, match="duplicate claim id '100-02'"):
        build(project)


def _synthetic(root: Path, claims: int) -> Path:
    """A corpus from the benchmark's seeded generator (bench/synthetic.py)."""
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "bench" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(root, claims)


def _store_triples(project) -> set[str]:
    store = open_store(project)
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None)}


def _file_triples(path: Path) -> set[str]:
    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)}


def test_worker_processes_build_the_same_bytes_as_one_process(tmp_path):
    project = open_project(_synthetic(tmp_path, 1200))  # 12 sheets: compiled in a pool
    build(project, workers=1)
    serial = project.build_file.read_bytes()
    shutil.rmtree(project.build_dir)
    summary = build(project, workers=2)
    assert summary.compiled_sheets == 12
    assert project.build_file.read_bytes() == serial


def test_the_store_is_updated_in_place_with_only_the_edited_sheet(tmp_path):
    project = open_project(_synthetic(tmp_path, 1200))
    build(project)
    before = project.store_dir.stat().st_ino
    sheet = sorted(project.claims_dir.glob("*.yaml"))[3]
    edit(sheet, "\n  property: ", "\n  note: an edit\n  property: ")
    summary = build(project)
    assert (summary.compiled_sheets, summary.reused_sheets) == (1, 11)
    assert project.store_dir.stat().st_ino == before  # not reloaded into a new directory
    held = _store_triples(project)
    assert any('"an edit"@en' in t for t in held)
    assert held == _file_triples(project.build_file)
    sheet.unlink()  # an article whose sheet is gone keeps only its source node
    build(project)
    assert _store_triples(project) == _file_triples(project.build_file)
