"""The one findings model and renderer that validate, conflicts and the report share."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg.namespaces import QID, QK, short_name
from kg.output.findings import (
    COLUMNS,
    FORMATS,
    Finding,
    Quote,
    at_or_above,
    render_findings,
    sort_findings,
    summary_line,
)

FINDINGS = [
    Finding("update", "info", "claim/001-02", "a later, larger count"),
    Finding("claim-bounds-ordered", "violation", "claim/004-08",
            "The claim's lower bound exceeds its upper bound.", ("004-08",),
            (Quote("004-08", "004_ae2c", 'said "238\tpeople"\ndied', 10, 40),),
            "qk:lowerBound", "300"),
    Finding("contradiction", "warning", "claim/000-11", "these disagree", ("000-11", "001-03"),
            (Quote("000-11", "000_15dc", "five"), Quote("001-03", "001_8625", "six"))),
]


def test_summary_line_counts_worst_first() -> None:
    assert summary_line(FINDINGS) == "1 violation, 1 warning, 1 info"
    assert summary_line(FINDINGS * 2, "x.ttl") == "2 violations, 2 warnings, 2 info in x.ttl"
    assert summary_line([]) == "no findings"


def test_fail_on_threshold_and_sorting() -> None:
    assert [f.check for f in at_or_above(FINDINGS, "warning")] == ["claim-bounds-ordered",
                                                                    "contradiction"]
    assert len(at_or_above(FINDINGS, "info")) == 3
    assert [f.severity for f in sort_findings(FINDINGS)] == ["violation", "warning", "info"]


def test_severity_is_checked() -> None:
    with pytest.raises(ValueError, match="severity"):
        Finding("x", "error", "claim/1", "m")


def test_table_is_one_block_per_finding_with_quotes_and_a_summary() -> None:
    table = render_findings(sort_findings(FINDINGS), "table", "3 findings in the graph")
    lines = table.splitlines()
    assert lines[0] == "violation  claim/004-08  [claim-bounds-ordered]"
    assert lines[1] == "    The claim's lower bound exceeds its upper bound."
    assert lines[2] == '    claim 004-08 in 004_ae2c 10-40: "said "238 people" died"'
    assert '    claim 001-03 in 001_8625: "six"' in lines
    assert lines[-1] == "3 findings in the graph"
    assert render_findings([], "table") == "no findings\n"


def test_json_keeps_every_field() -> None:
    document = json.loads(render_findings(FINDINGS, "json"))
    assert document["counts"] == {"violation": 1, "warning": 1, "info": 1}
    second = document["findings"][1]
    assert set(second) == {"check", "severity", "focus", "message", "claims", "quotes", "path",
                           "value"}
    assert second["quotes"][0] == {"claim": "004-08", "source": "004_ae2c",
                                   "exact": 'said "238\tpeople"\ndied', "start": 10, "end": 40}


def test_csv_and_tsv_have_one_row_per_finding() -> None:
    rows = list(csv.DictReader(io.StringIO(render_findings(FINDINGS, "csv"))))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 3
    assert rows[1]["quote"] == 'said "238\tpeople"\ndied'
    assert rows[2]["claims"] == "000-11 | 001-03" and rows[2]["source"] == "000_15dc | 001_8625"
    lines = render_findings(FINDINGS, "tsv").splitlines()
    assert len(lines) == 4 and all(line.count("\t") == len(COLUMNS) - 1 for line in lines)
    assert 'said "238 people" died' in lines[2]


def test_unknown_format() -> None:
    assert FORMATS == ("table", "json", "csv", "tsv")
    with pytest.raises(ValueError, match="unknown format"):
        render_findings(FINDINGS, "xml")


def test_short_names() -> None:
    assert short_name(QID["claim/004-08"]) == "claim/004-08"
    assert short_name(QK.deaths) == "qk:deaths"
    assert short_name("urn:x") == "urn:x"
    assert short_name(QK.deaths, ontology="") == "deaths"  # as conflict views say it
    assert short_name("http://www.w3.org/1999/02/22-rdf-syntax-ns#type") == "rdf:type"
