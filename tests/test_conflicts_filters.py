"""`kg conflicts` at scale: counts by reason first, `--reason`, `--subject` and `--limit` in
every format, and CSV / TSV rows, on the bundled corpus (7 conflicts in 3 disputes: dispute-1
contradiction and part-exceeds-whole on the Taldykorgan trial, dispute-2 and dispute-3
`disputed`) and on a tiny corpus whose three conflicts each have a dispute of their own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.app import app

from .conflict_corpus import claim, write_corpus

KEYS = {"conflicts", "disputes", "info"}
COLUMNS = ["id", "reason", "severity", "subject", "property", "claims", "dispute",
           "explanation"]


@pytest.fixture
def conflicts(built_bundled: Path, kg):
    def invoke(*args: str, project: Path = built_bundled):
        return kg("conflicts", "-p", str(project), *args)

    return invoke


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == KEYS
    return report


def test_table_and_markdown_start_with_the_counts_by_reason(conflicts) -> None:
    table = conflicts().stdout
    lines = table.splitlines()
    assert lines[0] == "7 conflicts in 3 disputes, by reason:"
    assert [line.split()[:4] for line in lines[4:7]] == [
        ["contradiction", "conflict", "4", "1"], ["part-exceeds-whole", "conflict", "1", "1"],
        ["disputed", "conflict", "2", "2"]]
    assert table.index("disputed  ") < table.index("dispute-1:")
    assert lines[-1].startswith("7 conflicts in 3 disputes")  # and still at the end
    md = conflicts("-f", "md").stdout
    assert md.index("| reason | severity | count | disputes |") < md.index("## dispute-1")
    assert "| disputed | conflict | 2 | 2 |" in md
    everything = conflicts("--all").stdout
    assert everything.startswith("7 conflicts in 3 disputes and ")
    assert "  update              info      1" in everything


def test_reason_narrows_every_format_and_keeps_dispute_ids(conflicts) -> None:
    report = _json(conflicts("-f", "json", "--reason", "disputed"))
    assert [c["id"] for c in report["conflicts"]] == ["disputed/001-20/001-22",
                                                      "disputed/004-08/004-11"]
    assert [d["id"] for d in report["disputes"]] == ["dispute-2", "dispute-3"]
    table = conflicts("--reason", "disputed").stdout
    assert table.startswith("2 conflicts in 2 disputes, by reason:")
    assert "dispute-1" not in table and "dispute-3: " in table
    rows = list(csv.reader(io.StringIO(conflicts("-f", "csv", "-r", "disputed").stdout)))
    assert [row[1] for row in rows[1:]] == ["disputed", "disputed"]


def test_a_dispute_shows_the_part_that_matches(conflicts) -> None:
    """dispute-1 holds four contradictions and a part-exceeds-whole: asked for the latter, it
    keeps its id and is explained from that one conflict and its two claims."""
    report = _json(conflicts("-f", "json", "--reason", "part-exceeds-whole"))
    (dispute,) = report["disputes"]
    assert dispute["id"] == "dispute-1"
    assert dispute["conflicts"] == ["part-exceeds-whole/000-11/001-01"]
    assert "(part-exceeds-whole)" in dispute["explanation"]
    assert "contradiction" not in dispute["explanation"]
    md = conflicts("-f", "md", "--reason", "part-exceeds-whole").stdout
    assert "| 000-11 |" in md and "| 001-01 |" in md and "| 001-03 |" not in md


def test_reason_is_repeatable_and_an_informational_one_needs_no_all(conflicts) -> None:
    both = _json(conflicts("-f", "json", "-r", "contradiction", "-r", "disputed"))
    assert len(both["conflicts"]) == 6 and both["info"] == []
    assert both["disputes"][0]["conflicts"] == [
        "contradiction/000-11/001-03", "contradiction/000-11/001-04",
        "contradiction/000-11/001-06", "contradiction/001-01/001-21"]
    updates = _json(conflicts("-f", "json", "--reason", "update"))
    assert updates["conflicts"] == [] and updates["disputes"] == []
    assert [c["id"] for c in updates["info"]] == ["update/001-18/004-10"]


def test_unknown_reason_exits_2_with_the_known_ones(conflicts) -> None:
    result = conflicts("--reason", "contradicton")
    assert result.exit_code == 2
    assert "--reason 'contradicton': no such reason; did you mean 'contradiction'?" in (
        result.stderr)
    assert "Known: contradiction, count-decreased, part-exceeds-whole" in result.stderr
    assert "superseded." in result.stderr and result.stdout == ""


def test_subject_narrows_to_one_entity(conflicts) -> None:
    report = _json(conflicts("-f", "json", "--subject", "event/bloody-january"))
    assert [c["id"] for c in report["conflicts"]] == ["disputed/004-08/004-11"]
    assert [d["id"] for d in report["disputes"]] == ["dispute-3"]
    quiet = conflicts("--subject", "place/almaty", "--fail-on", "conflict")
    assert quiet.exit_code == 0  # an entity of the build with no conflict: none to fail on
    assert quiet.stdout.splitlines()[0].startswith("0 conflicts in 0 disputes")


def test_unknown_subject_exits_2_with_did_you_mean(conflicts) -> None:
    result = conflicts("--subject", "event/bloody-januar")
    assert result.exit_code == 2
    assert "--subject 'event/bloody-januar': no such entity in the build" in result.stderr
    assert "did you mean 'event/bloody-january'?" in result.stderr
    assert "Known:" not in result.stderr  # entities are too many to list


def test_limit_says_what_it_left_out(conflicts) -> None:
    table = conflicts("--limit", "1").stdout
    assert table.startswith("7 conflicts in 3 disputes, by reason:")  # counts are of all
    assert "dispute-1: " in table and "dispute-2" not in table
    assert "… 2 more disputes (2 conflicts) not shown: --limit 1" in table
    md = conflicts("-f", "md", "-n", "1").stdout
    assert "*2 more disputes (2 conflicts) not shown: --limit 1.*" in md
    limited = conflicts("-f", "json", "--limit", "1")
    report = _json(limited)
    assert [d["id"] for d in report["disputes"]] == ["dispute-1"]
    assert len(report["conflicts"]) == 5
    assert "note: 2 disputes (2 conflicts) left out by --limit 1" in limited.stderr
    rows = conflicts("-f", "csv", "--limit", "2")
    assert len(rows.stdout.splitlines()) == 3
    assert "note: 5 of 7 rows left out by --limit 2" in rows.stderr
    info = conflicts("--all", "--reason", "compatible-vaguer", "--limit", "1").stdout
    assert info.count("info compatible-vaguer:") == 1
    assert "more informational finding" in info
    assert conflicts("--limit", "-1").exit_code == 2


def test_limit_zero_prints_only_the_counts(conflicts) -> None:
    table = conflicts("--limit", "0").stdout
    assert "dispute-1:" not in table and "… 3 disputes (7 conflicts) not shown: --limit 0" in table


def test_csv_and_tsv_have_one_row_per_finding(conflicts) -> None:
    rows = list(csv.reader(io.StringIO(conflicts("-f", "csv").stdout)))
    assert rows[0] == COLUMNS
    assert len(rows) == 1 + 7
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["id"] == "contradiction/000-11/001-03"
    assert first["claims"] == "000-11 | 001-03" and first["dispute"] == "dispute-1"
    assert first["subject"] == "trial/taldykorgan-police-torture"
    assert first["property"] == "defendantsImprisoned" and first["severity"] == "conflict"
    assert first["explanation"].startswith('"four" (BNN Breaking')
    tsv = conflicts("-f", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == COLUMNS
    assert all(len(line.split("\t")) == len(COLUMNS) for line in tsv)
    everything = list(csv.reader(io.StringIO(conflicts("-f", "csv", "--all").stdout)))
    info = [row for row in everything[1:] if row[2] == "info"]
    assert info and all(row[6] == "" for row in info)  # information belongs to no dispute


TINY = [
    claim("100-01", "peopleConvicted", 40, subject="event/region-unrest"),
    claim("200-01", "peopleConvicted", 30),
    claim("100-02", "court", subject="trial/t", object="court/c1"),
    claim("200-02", "court", subject="trial/t", object="court/c2"),
    claim("100-03", "deaths", 238, stated_by="org/officials"),
    claim("100-04", "deaths", "higher than 100-03", stated_by="org/rights-groups"),
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_corpus(tmp_path_factory.mktemp("tiny"), TINY)
    assert CliRunner().invoke(app, ["build", "-p", str(root)]).exit_code == 0
    return root


def test_subject_matches_either_claim_of_a_conflict(tiny: Path, kg) -> None:
    """The region's 40 convicted exceed the 30 of the whole unrest: a conflict whose first
    claim is about event/region-unrest and whose second is about event/unrest."""
    def ids(*args: str) -> list[str]:
        report = _json(kg("conflicts", "-f", "json", "-p", str(tiny), *args))
        return [c["id"] for c in report["conflicts"]] + [d["id"] for d in report["disputes"]]

    assert ids() == ["part-exceeds-whole/100-01/200-01", "functional-mismatch/100-02/200-02",
                     "disputed/100-03/100-04", "dispute-1", "dispute-2", "dispute-3"]
    assert ids("--subject", "event/unrest") == [
        "part-exceeds-whole/100-01/200-01", "disputed/100-03/100-04", "dispute-1", "dispute-3"]
    assert ids("--subject", "event/region-unrest") == ["part-exceeds-whole/100-01/200-01",
                                                       "dispute-1"]
    assert ids("-s", "trial/t", "-s", "event/region-unrest", "-r", "functional-mismatch") == [
        "functional-mismatch/100-02/200-02", "dispute-2"]


def test_fail_on_counts_the_conflicts_left_after_the_filters(tiny: Path, kg) -> None:
    project = ("-p", str(tiny), "--fail-on", "conflict")
    assert kg("conflicts", *project, "--subject", "trial/t").exit_code == 1
    assert kg("conflicts", *project, "--subject", "trial/t", "-r", "disputed").exit_code == 0
    assert kg("conflicts", *project, "--limit", "0").exit_code == 1  # a limit hides, not clears
