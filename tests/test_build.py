"""`kg build` on the bundled corpus and the mini corpus, through the CLI and the library."""

from __future__ import annotations

import json
from pathlib import Path

from kg.build.run import build
from kg.project import open_project

from .conftest import REPO, copy_bundled


def test_bundled_corpus_builds_with_summary(kg, bundled: Path) -> None:
    result = kg("build", "--project", str(bundled))
    assert result.exit_code == 0, result.output
    assert "5 sources" in result.stdout
    assert "claims" in result.stdout and "triples" in result.stdout
    assert (bundled / "build" / "kg.nt").is_file()


def test_two_builds_are_byte_identical(bundled: Path) -> None:
    project = open_project(bundled)
    build(project)
    first = project.build_file.read_bytes()
    build(project)
    assert project.build_file.read_bytes() == first
    chunks = json.loads((project.build_dir / "chunks.json").read_text())["chunks"]
    assert [c["graph"] for c in chunks[:2]] == ["ontology", "entities"]
    assert [c["graph"] for c in chunks[2:]] == sorted(f"source/{p.stem}" for p in
                                                      project.sources_dir.glob("*.txt"))
    lines = first.decode("utf-8").splitlines()
    for chunk in chunks:  # the build file is the chunks in order, each sorted
        own, lines = lines[:chunk["triples"]], lines[chunk["triples"]:]
        assert own == sorted(set(own)) and len(own) == chunk["triples"] > 0
    assert lines == []
    assert "_:" not in first.decode("utf-8"), "blank nodes would make builds non-deterministic"


def test_articles_are_kept_byte_for_byte() -> None:
    shared = REPO.parent / "shared" / "sources"
    for article in sorted((REPO / "data" / "sources").glob("*.txt")):
        if shared.is_dir():
            assert article.read_bytes() == (shared / article.name).read_bytes()
        assert article.with_suffix(".yaml").is_file()
    assert len(list((REPO / "data" / "sources").glob("*.txt"))) == 5


def test_claims_query_json_offsets_point_at_the_quote(kg, bundled: Path) -> None:
    assert kg("build", "-p", str(bundled)).exit_code == 0
    result = kg("query", "claims", "--format", "json", "-p", str(bundled))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["head"]["vars"] == ["claim", "source", "start", "end", "quote", "subject",
                                        "property", "value", "lower", "upper", "stated_by",
                                        "scope"]
    rows = document["results"]["bindings"]
    assert len(rows) > 100
    texts = {p.stem: p.read_text(encoding="utf-8")
             for p in (bundled / "data" / "sources").glob("*.txt")}
    for row in rows:
        text = texts[row["source"]["value"]]
        start, end = int(row["start"]["value"]), int(row["end"]["value"])
        assert text[start:end] == row["quote"]["value"]


def test_official_toll_is_an_exact_claim_of_rferl_article(kg, bundled: Path) -> None:
    kg("build", "-p", str(bundled))
    result = kg("query", "claims", "-f", "json", "-p", str(bundled), "--param",
                "subject=<https://w3id.org/qantar/id/event/bloody-january>")
    rows = json.loads(result.stdout)["results"]["bindings"]
    tolls = [r for r in rows if r["property"]["value"].endswith("#deaths")
             and r.get("value", {}).get("value") == "238"]
    assert [r["source"]["value"] for r in tolls] == ["004_ae2c329ed266d90a"]
    assert "238 people" in tolls[0]["quote"]["value"]
    assert all(r["subject"]["value"].endswith("event/bloody-january") for r in rows)


def test_mini_corpus_values_follow_the_interval_reading(kg, mini: Path) -> None:
    kg("build", "-p", str(mini))
    rows = json.loads(kg("query", "claims", "-f", "json", "-p", str(mini)).stdout)
    by_id = {r["claim"]["value"].rsplit("/", 1)[-1]: r for r in rows["results"]["bindings"]}
    assert by_id["100-03"]["lower"]["value"] == "238" and "upper" not in by_id["100-03"]
    assert (by_id["100-05"]["lower"]["value"], by_id["100-05"]["upper"]["value"]) == ("4", "6")
    assert (by_id["100-07"]["lower"]["value"], by_id["100-07"]["upper"]["value"]) == (
        "1260", "1400")
    assert by_id["100-06"]["value"]["datatype"].endswith("#date")


def test_two_identical_builds_leave_identical_files(tmp_path) -> None:
    """Every file under build/ has the same bytes after two builds of the same input in two
    places, but for RocksDB's own files inside build/store/db (its logs and options carry
    times and process ids): the store's stamp is a digest of the build, not a time."""
    trees = []
    for name in ("first", "second"):
        root = copy_bundled(tmp_path / name)
        build(open_project(root))
        folder = root / "build"
        trees.append({p.relative_to(folder).as_posix(): p.read_bytes()
                      for p in sorted(folder.rglob("*"))
                      if p.is_file() and "db" not in p.relative_to(folder).parts})
    assert "store/built-from" in trees[0]
    assert trees[0].keys() == trees[1].keys()
    assert [name for name in trees[0] if trees[0][name] != trees[1][name]] == []
