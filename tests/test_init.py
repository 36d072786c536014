"""`kg init` as a new user meets it: a corpus that builds at once, then with one article."""

from __future__ import annotations

from pathlib import Path

import yaml

ARTICLE = ("Floods hit the valley on Monday. At least 12 people were killed, officials said, "
           "while a local charity put the toll at 20.\n")


def test_a_new_corpus_builds_validates_and_finds_no_conflicts(kg, tmp_path: Path) -> None:
    root = tmp_path / "floods"
    created = kg("init", str(root), "--name", "Floods of 2024")
    assert created.exit_code == 0 and "wrote" in created.stdout
    for step in ("build", "validate", "conflicts"):
        result = kg(step, "-p", str(root))
        assert result.exit_code == 0, (step, result.stderr)
    assert "1 entity" in kg("build", "-p", str(root)).stdout


def test_one_article_and_its_sheet_give_claims(kg, tmp_path: Path) -> None:
    root = tmp_path / "floods"
    kg("init", str(root), "--name", "Floods of 2024", "--event", "valley-floods")
    entities = root / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "# One commented example", "org:\n  officials:\n    label: Officials\n    type: "
        "government-body\n  charity:\n    label: A local charity\n    type: ngo\n\n"
        "# One commented example"), encoding="utf-8")
    sources = root / "data" / "sources"
    (sources / "001_valley.txt").write_text(ARTICLE, encoding="utf-8")
    (sources / "001_valley.yaml").write_text(yaml.safe_dump({
        "title": "Floods hit the valley", "publisher": None, "url": None,
        "published": "2024-05-06", "language": "en"}), encoding="utf-8")
    (root / "data" / "claims" / "001_valley.yaml").write_text(yaml.safe_dump({
        "source": "001_valley", "claims": [
            {"id": "001-01", "quote": "At least 12 people were killed", "subject":
             "event/valley-floods", "property": "deaths", "value": "at least 12",
             "stated_by": "org/officials"},
            {"id": "001-02", "quote": "put the toll at 20", "subject": "event/valley-floods",
             "property": "deaths", "value": "20", "stated_by": "org/charity"},
        ]}, sort_keys=False), encoding="utf-8")
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
