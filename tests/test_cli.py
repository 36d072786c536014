"""The command line as a user meets it: help on everything, every command in the README."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.cli.app import app

from .conftest import REPO


def command_names() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_every_command_has_help_text_and_is_in_the_readme(kg) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in command_names():
        result = kg(name, "--help")
        assert result.exit_code == 0
        assert "--project" in result.stdout or name == "init"  # init makes a project
        assert f"`kg {name}" in readme, f"kg {name} is missing from the README"


def test_python_dash_m_kg_runs(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True,
                            text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0 and "build" in result.stdout


def test_query_before_build_says_what_to_do(kg, mini: Path) -> None:
    result = kg("query", "claims", "-p", str(mini))
    assert result.exit_code == 2
    assert "no build yet: run 'kg build' first" in result.stderr


def test_query_usage_errors_exit_2(kg, mini: Path) -> None:
    kg("build", "-p", str(mini))
    assert "no query named 'nope'" in kg("query", "nope", "-p", str(mini)).stderr
    bad = kg("query", "--query", "SELECT * WHERE { ?s ?p }", "-p", str(mini))
    assert bad.exit_code == 2 and "query syntax error" in bad.stderr
    assert kg("query", "claims", "--param", "novalue", "-p", str(mini)).exit_code == 2


def test_queries_that_would_crash_the_engine_exit_2(kg, mini: Path) -> None:
    """10,000 nested groups overflow Oxigraph's parser (SIGSEGV); an unknown function raised a
    RuntimeError: both are a sentence and exit 2, in-memory or not."""
    kg("build", "-p", str(mini))
    for extra in ((), ("--in-memory",)):
        deep = kg("query", "--query", "SELECT * WHERE " + "{" * 10_000, "-p", str(mini), *extra)
        assert deep.exit_code == 2 and "nests brackets 10000 deep" in deep.stderr
        unknown = kg("query", "--query", "SELECT (<urn:nope>(1) AS ?x) WHERE { }",
                     "-p", str(mini), *extra)
        assert unknown.exit_code == 2 and "<urn:nope> is not supported" in unknown.stderr


def test_query_list_shows_titles(kg, mini: Path) -> None:
    result = kg("query", "--list", "-p", str(mini))
    assert result.exit_code == 0
    assert "claims" in result.stdout and "Every claim" in result.stdout


def test_query_store_is_refreshed_after_a_rebuild(kg, mini: Path) -> None:
    kg("build", "-p", str(mini))
    sheet = mini / "data/claims/100_mini.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(
        "value: 238", "value: 239\n    value_note: a test edit, not the quote's figure"),
        encoding="utf-8")
    assert kg("build", "-p", str(mini)).exit_code == 0
    result = kg("query", "claims", "-f", "csv", "-p", str(mini))
    assert ",239," in result.stdout and ",238,238,238," not in result.stdout


def test_every_command_finds_the_project_from_a_subfolder(kg, mini: Path, monkeypatch,
                                                          tmp_path: Path) -> None:
    """As git finds its repository: the nearest folder above with kg.toml or data/."""
    monkeypatch.chdir(mini / "data" / "claims")
    built = kg("build")
    assert built.exit_code == 0 and str(mini / "build" / "kg.nt") in built.stdout
    assert "bundled" not in built.stderr
    assert kg("validate").exit_code == 0
    assert kg("conflicts").exit_code == 0
    claims = kg("query", "claims", "-f", "csv")
    assert claims.exit_code == 0 and "100_mini" in claims.stdout
    out = tmp_path / "out.ttl"
    assert kg("export", "-o", str(out)).exit_code == 0 and out.stat().st_size > 0
    monkeypatch.chdir(mini / "data")
    assert "0 claim sheets compiled" in kg("build").stdout


def test_outside_any_project_the_bundled_corpus_is_named(kg, tmp_path: Path,
                                                         monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    listed = kg("query", "--list")
    assert listed.exit_code == 0 and "claims" in listed.stdout
    assert "using the bundled example corpus" in listed.stderr


def test_version_and_a_near_query_name(kg, mini: Path) -> None:
    version = kg("--version")
    assert version.exit_code == 0 and version.stdout.startswith("kg ")
    kg("build", "-p", str(mini))
    near = kg("query", "timelin", "-p", str(mini))
    assert near.exit_code == 2 and "did you mean 'timeline'?" in near.stderr
