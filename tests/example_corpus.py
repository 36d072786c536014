"""Helpers for the tests of the example corpora under examples/: a built copy of one, its
conflicts as `kg conflicts --format json --all` gives them, and those findings as comparable
(reason, claim ids) pairs. What every example must satisfy (it builds, validates, has every
figure claimed or left out on purpose, and was curated by hand) is tested once for all of them
in tests/test_examples.py; each corpus's own test file holds only its disagreements."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kg.cli.app import app

from .conftest import REPO

EXAMPLES = REPO / "examples"
Kg = Callable[..., Result]


def example_names() -> list[str]:
    """Every example corpus: a folder of examples/ with a kg.toml."""
    return sorted(path.name for path in EXAMPLES.iterdir() if (path / "kg.toml").is_file())


def built_copy(tmp_path_factory: pytest.TempPathFactory, name: str, *said: str) -> Kg:
    """`kg` on a built copy of examples/NAME (its own build left alone); `said` are words the
    build's summary must hold ("7 sources", "48 claims")."""
    root: Path = tmp_path_factory.mktemp("example") / name
    shutil.copytree(EXAMPLES / name, root, ignore=shutil.ignore_patterns("build"))
    runner = CliRunner()

    def kg(*args: str) -> Result:
        return runner.invoke(app, [*args, "-p", str(root)], catch_exceptions=False)

    built = kg("build")
    assert built.exit_code == 0, built.stdout + built.stderr
    for words in said:
        assert words in built.stdout, built.stdout
    return kg


def conflict_report(kg: Kg) -> dict:
    """`kg conflicts --format json --all`: conflicts, disputes and the informational rows."""
    found = kg("conflicts", "--format", "json", "--all")
    assert found.exit_code == 0, found.stdout + found.stderr
    return json.loads(found.stdout)


def pairs(rows: list[dict]) -> set[tuple[str, tuple[str, ...]]]:
    """Findings as (reason, sorted claim ids), to compare with the ones a README lists."""
    return {(row["reason"], tuple(sorted(c["claim"] for c in row["claims"]))) for row in rows}


def flagged(report: dict) -> set[str]:
    """The ids of every claim in a conflict."""
    return {c["claim"] for row in report["conflicts"] for c in row["claims"]}
