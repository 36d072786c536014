"""Incremental build: only changed claim sheets are parsed and compiled again, and the result
is byte-identical to a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.errors import InputError
from kg.project import open_project

from .conflict_corpus import claim, write_corpus

CLAIMS = [claim("100-01", "deaths", 238), claim("100-02", "lawEnforcementDeaths", 19),
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
