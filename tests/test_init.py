"""`kg init` as a new user meets it: a corpus that builds at once, then with one article."""

from __future__ import annotations

from pathlib import Path

from .floods_corpus import floods_corpus


def test_a_new_corpus_builds_validates_and_finds_no_conflicts(kg, tmp_path: Path) -> None:
    root = tmp_path / "floods"
    created = kg("init", str(root), "--name", "Floods of 2024")
    assert created.exit_code == 0 and "wrote" in created.stdout
    for step in ("build", "validate", "conflicts"):
        result = kg(step, "-p", str(root))
        assert result.exit_code == 0, (step, result.stderr)
    assert "1 entity" in kg("build", "-p", str(root)).stdout


def test_one_article_and_its_sheet_give_claims(kg, tmp_path: Path) -> None:
    root = floods_corpus(kg, tmp_path / "floods", claims=2)
    built = kg("build", "-p", str(root))
    assert built.exit_code == 0, built.stderr
    assert "1 source, 3 entities, 2 claims" in built.stdout
    assert kg("validate", "-p", str(root)).exit_code == 0
    claims = kg("query", "claims", "-f", "csv", "-p", str(root))
    assert "001-01" in claims.stdout and "001-02" in claims.stdout
    compared = kg("conflicts", "--all", "-p", str(root))
    assert compared.exit_code == 0 and "0 conflicts" in compared.stdout  # 20 is at least 12


def test_init_refuses_a_directory_that_holds_anything(kg, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = kg("init", str(tmp_path / "taken"))
    assert refused.exit_code == 2 and "not empty" in refused.stderr
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]
    bad = kg("init", str(tmp_path / "new"), "--event", "Not A Slug")
    assert bad.exit_code == 2 and "slug" in bad.stderr and not (tmp_path / "new").exists()
