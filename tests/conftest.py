"""Shared fixtures: projects copied to a temporary directory, so tests never touch the repo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.app import app

REPO = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The small valid corpus of tests/data/mini."""
    target = tmp_path / "mini"
    shutil.copytree(TEST_DATA / "mini", target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled five-article corpus."""
    target = tmp_path / "bundled"
    shutil.copytree(REPO / "data", target / "data")
    shutil.copy(REPO / "kg.toml", target / "kg.toml")
    return target


@pytest.fixture
def kg():
    """Run the `kg` CLI in-process; returns typer's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke
