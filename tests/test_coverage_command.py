"""`kg coverage` as a curator and a CI job meet it: exit codes, the JSON contract, --source,
left-out declarations checked with file and line, and the sentence asking for `kg build`."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from kg.build.run import build
from kg.project import open_project

from .conftest import REPO, copy_bundled

EXAMPLE = REPO / "examples" / "karakalpakstan"
ARTICLE = "004_ae2c329ed266d90a"
# claim 004-10 is the only claim whose quote holds this article's "25"
DELETED, FIGURE_AT = "004-10", f"data/sources/{ARTICLE}.txt:9:49"


def _delete_claim(project: Path, stem: str, claim: str) -> None:
    sheet = project / "data" / "claims" / f"{stem}.yaml"
    blocks = re.split(r"(?m)^(?=  - id: )", sheet.read_text(encoding="utf-8"))
    kept = [b for b in blocks if not b.startswith(f"  - id: {claim}\n")]
    assert len(kept) == len(blocks) - 1
    sheet.write_text("".join(kept), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built copies, made once: the bundled corpus, the example, and the bundled corpus with
    claim 004-10 deleted. Tests that change one copy it first (`_copy`)."""
    root = tmp_path_factory.mktemp("coverage")
    copies = {"bundled": copy_bundled(root / "bundled"), "deleted": copy_bundled(root / "deleted")}
    copies["karakalpakstan"] = root / "karakalpakstan"
    shutil.copytree(EXAMPLE / "data", copies["karakalpakstan"] / "data")
    shutil.copy(EXAMPLE / "kg.toml", copies["karakalpakstan"] / "kg.toml")
    _delete_claim(copies["deleted"], ARTICLE, DELETED)
    for copy in copies.values():
        build(open_project(copy))
    return copies


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


@pytest.mark.parametrize("name", ["bundled", "karakalpakstan"])
def test_every_figure_of_the_bundled_corpus_and_the_example_is_covered(kg, built, name) -> None:
    result = kg("coverage", "-p", str(built[name]))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith("every figure is in a claim's quote or left out on "
                                    "purpose: ")
    assert "left out on purpose (data/coverage.yaml)" in result.stdout


def test_a_deleted_claims_figure_is_named_with_its_file_line_and_sentence(kg, built) -> None:
    result = kg("coverage", "-p", str(built["deleted"]))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["where", "group", "figure", "context"]
    assert lines[2].split()[:3] == [FIGURE_AT, "number", "25"]
    assert "has said 25 people were officially considered victims of torture" in lines[2]
    assert len(lines) == 4
    assert lines[3].startswith("1 of 81 figures in 5 articles is in no claim's quote "
                               "(1 number); 78 in claims' quotes, 2 left out on purpose")


def test_json_is_a_contract(kg, built) -> None:
    result = kg("coverage", "-p", str(built["deleted"]), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document == {
        "summary": {"articles": 5, "figures": 81, "covered": 78, "left_out": 2, "missing": 1,
                    "missing_by_group": {"number": 1, "date": 0}, "stale_left_out": 0,
                    "dates": "report", "declared": "data/coverage.yaml"},
        "missing": [{"source": ARTICLE, "file": f"data/sources/{ARTICLE}.txt", "line": 9,
                     "column": 49, "start": 1769, "end": 1771, "figure": "25",
                     "group": "number", "context": document["missing"][0]["context"]}],
        "stale_left_out": []}
    text = (built["deleted"] / "data" / "sources" / f"{ARTICLE}.txt").read_text()
    assert text[1769:1771] == "25"
    assert "25 people were officially considered" in document["missing"][0]["context"]
    assert "1 of 81 figures" in result.stderr  # the summary; stdout stays JSON


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_rows(kg, built, fmt) -> None:
    result = kg("coverage", "-p", str(built["deleted"]), "-f", fmt)
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout),
                               delimiter="," if fmt == "csv" else "\t"))
    assert [(r["kind"], r["file"], r["line"], r["column"], r["figure"]) for r in rows] == [
        ("missing", f"data/sources/{ARTICLE}.txt", "9", "49", "25")]


def test_source_checks_only_the_articles_named(kg, built) -> None:
    project = str(built["deleted"])
    other = kg("coverage", "-p", project, "--source", "000_15dccdb6507099fe", "-f", "json")
    assert other.exit_code == 0
    assert json.loads(other.stdout)["summary"]["articles"] == 1
    both = kg("coverage", "-p", project, "-s", "000_15dccdb6507099fe", "-s", ARTICLE)
    assert both.exit_code == 1
    assert FIGURE_AT in both.stdout
    assert "1 of " in both.stdout and "in 2 articles" in both.stdout


def test_an_unknown_source_is_refused_with_the_nearest_name(kg, built) -> None:
    result = kg("coverage", "-p", str(built["bundled"]), "--source", "004_ae2c329ed266d90")
    assert result.exit_code == 2
    assert "error: --source 004_ae2c329ed266d90: no article '004_ae2c329ed266d90' " \
        "(data/sources/004_ae2c329ed266d90.txt); did you mean '004_ae2c329ed266d90a'?" \
        in result.stderr
    assert result.stdout == ""


_ENTRY = "left_out:\n  - source: 001_8625e6b7dc8f5e2d\n    words: stepped down in 2019\n"


@pytest.mark.parametrize(("text", "line", "message"), [
    (_ENTRY, 2, "missing 'reason': give why they are not claimed"),
    (_ENTRY.replace("001_8625e6b7dc8f5e2d", "001_8625e6b7dc8f5e2") + "    reason: x\n", 2,
     "no article '001_8625e6b7dc8f5e2' (data/sources/001_8625e6b7dc8f5e2.txt); did you mean "
     "'001_8625e6b7dc8f5e2d'?"),
    (_ENTRY + "    reason: x\n    page: 2\n", 5, "unknown field 'page'; expected one of "
     "source, words, reason, occurrence"),
    (_ENTRY + "    reason: x\n    occurrence: 0\n", 5, "occurrence: 0; give which occurrence"),
    (_ENTRY + "    reason: [a, b]\n", 4, "reason is a list; write one text"),
    ("dates: sometimes\n", 1, "dates: 'sometimes'; write report"),
    ("left_out: stepped down in 2019\n", 1, "left_out is a list of entries"),
    ("leftout: []\n", 1, "unknown key 'leftout'; expected one of dates, left_out"),
    (_ENTRY + "    reason: x\n" + _ENTRY.removeprefix("left_out:\n") + "    reason: y\n", 5,
     "the words 'stepped down in 2019' of 001_8625e6b7dc8f5e2d are listed twice (first at "
     "line 2)"),
    ("left_out:\n  - [source, words]\n", 1, "each entry of left_out is a mapping"),
    ("dates: [\n", 2, "YAML syntax error"),
])
def test_a_bad_left_out_entry_is_refused_with_file_and_line(kg, built, tmp_path, text, line,
                                                          message) -> None:
    project = _copy(built["bundled"], tmp_path)
    declared = project / "data" / "coverage.yaml"
    declared.write_text(text, encoding="utf-8")
    result = kg("coverage", "-p", str(project))
    assert result.exit_code == 2, result.stdout
    assert f"error: {declared}:{line}: {message}" in result.stderr
    assert result.stdout == ""


def test_left_out_words_no_longer_in_the_article_or_leaving_nothing_out_are_reported(
        kg, built, tmp_path) -> None:
    project = _copy(built["bundled"], tmp_path)
    declared = project / "data" / "coverage.yaml"
    declared.write_text(declared.read_text(encoding="utf-8").replace(
        "stepped down in 2019", "stepped down in 2018") + (
        "  - source: 004_ae2c329ed266d90a\n    words: 238 people\n    reason: covered\n"),
        encoding="utf-8")
    result = kg("coverage", "-p", str(project), "-f", "csv")
    assert result.exit_code == 1
    rows = [(r["kind"], r["file"], r["line"], r["figure"])
            for r in csv.DictReader(io.StringIO(result.stdout))]
    lines = declared.read_text(encoding="utf-8").splitlines()
    first = lines.index("  - source: 001_8625e6b7dc8f5e2d") + 1
    last = len(lines) - 2
    assert rows == [
        ("missing", "data/sources/001_8625e6b7dc8f5e2d.txt", "18", "2019"),
        ("left-out-not-found", "data/coverage.yaml", str(first), "stepped down in 2018"),
        ("left-out-nothing-left-out", "data/coverage.yaml", str(last), "238 people")]
    assert "2 left-out entries to fix in data/coverage.yaml" in result.stderr


def test_dates_can_be_skipped_by_the_project(kg, built, tmp_path) -> None:
    project = _copy(built["bundled"], tmp_path)
    declared = project / "data" / "coverage.yaml"
    declared.write_text("dates: skip\n", encoding="utf-8")  # both left-outs are dates
    result = kg("coverage", "-p", str(project))
    assert result.exit_code == 0, result.stdout
    assert "; dates not checked (dates: skip)" in result.stdout
    declared.unlink()  # without the file, dates are figures and nothing is left out
    result = kg("coverage", "-p", str(project), "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["missing_by_group"] == {"number": 0, "date": 2}


def test_without_a_build_it_says_to_run_kg_build(kg, tmp_path) -> None:
    project = copy_bundled(tmp_path / "fresh")
    result = kg("coverage", "-p", str(project))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == \
        f"error: {project / 'build' / 'kg.nt'}: no build yet: run 'kg build' first"


@pytest.mark.parametrize(("change", "why", "then"), [
    ("delete", "the build has claim 004-07, which the sheet no longer has", 1),
    ("article", "the quote of claim 004-01 is no longer where the build has it", 0),
])
def test_a_build_older_than_the_data_says_to_run_kg_build(kg, built, tmp_path, change, why,
                                                          then) -> None:
    project = _copy(built["bundled"], tmp_path)
    if change == "delete":
        _delete_claim(project, ARTICLE, "004-07")
    else:
        article = project / "data" / "sources" / f"{ARTICLE}.txt"
        article.write_text("Updated. " + article.read_text(encoding="utf-8"), encoding="utf-8")
    result = kg("coverage", "-p", str(project))
    assert result.exit_code == 2
    where = project / "data" / "claims" / f"{ARTICLE}.yaml"
    assert result.stderr.splitlines()[0] == (
        f"error: {where}: the build is older than the data ({why}): run 'kg build' first, "
        "as kg coverage reads the built quotes")
    build(open_project(project))  # then the deleted claim's "six" is missing; a new word is none
    assert kg("coverage", "-p", str(project)).exit_code == then
