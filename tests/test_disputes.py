"""Disputes and replacements (issue 18 item 4): a claim that disputes another conflicts with it
and with every restatement of the disputed figure, is never read as a running count; a
superseded claim is shown beside what its `superseded_by:` names."""

from __future__ import annotations

import json
from pathlib import Path

from .conflict_corpus import claim, findings, write_corpus

LATER = {"100_a": {"published": "2024-03-20", "publisher": "org/outlet-a"},
         "200_b": {"published": "2024-06-20", "publisher": "org/outlet-b"},
         "300_c": {"published": "2024-09-20", "publisher": "org/wire"}}


def official(claim_id: str, value: int = 238, **fields) -> dict:
    return claim(claim_id, "deaths", value, stated_by="org/officials", **fields)


def test_a_dispute_conflicts_with_every_restatement_of_the_disputed_figure(tmp_path) -> None:
    root = write_corpus(tmp_path, [
        official("100-01"),
        claim("200-01", "deaths", "higher than 100-01", stated_by="org/rights-groups",
              quote="rights groups say the toll is higher than that"),
        official("300-01"),            # the same 238, restated later by another source
        official("300-02", 250),       # another figure: not a restatement
    ], LATER)
    found = findings(root)
    assert {"disputed 100-01 200-01", "disputed 200-01 300-01"} <= found
    assert not {f for f in found if f.startswith("disputed") and "300-02" in f}
    # never a running count: neither "count decreased" nor "update" against the dispute
    assert not {f for f in found if "200-01" in f
                and f.startswith(("update", "count-decreased", "contradiction"))}, found
    assert "compatible-vaguer 200-01 300-02" in found  # 250 is higher than 238: they agree


def test_a_restatement_is_not_also_a_contradiction(tmp_path) -> None:
    root = write_corpus(tmp_path, [
        official("100-01"),
        claim("200-01", "deaths", "higher than 100-01", stated_by="org/rights-groups",
              quote="rights groups say the toll is higher than that"),
        official("200-02"),
    ])
    found = findings(root)
    assert "disputed 200-01 200-02" in found
    assert "contradiction 200-01 200-02" not in found


def test_disputes_takes_a_list(tmp_path) -> None:
    root = write_corpus(tmp_path, [
        official("100-01"), official("100-02", 240),
        claim("200-01", "deaths", 300, stated_by="org/rights-groups",
              disputes=["100-01", "100-02"]),
    ])
    found = findings(root)
    assert {"disputed 100-01 200-01", "disputed 100-02 200-01"} <= found
    assert "count-decreased 100-01 200-01" not in found


def test_without_a_dispute_a_later_smaller_toll_is_a_decrease(tmp_path) -> None:
    root = write_corpus(tmp_path, [official("100-01"), official("200-01", 200)], LATER)
    assert "count-decreased 100-01 200-01" in findings(root)


def test_superseded_by_pairs_a_claim_with_its_replacement_only(kg, tmp_path) -> None:
    root = write_corpus(tmp_path, [
        official("100-01", 18, status="superseded", superseded_by="100-02",
                 quote="the toll of 18 given earlier"),
        official("100-02", 21, quote="rose to 21"),
        official("200-01", 21, quote="21 people died"),
    ])
    found = findings(root)
    assert "superseded 100-01 100-02" in found
    assert "superseded 100-01 200-01" not in found
    report = json.loads(kg("conflicts", "-p", str(root), "--all", "--format", "json").stdout)
    row = next(r for r in report["info"] if r["reason"] == "superseded")
    assert [c["claim"] for c in row["claims"]] == ["100-01", "100-02"]
    assert row["claims"][0]["replaced_by"] == ["100-02"]


def test_without_superseded_by_every_stated_claim_is_shown(tmp_path) -> None:
    root = write_corpus(tmp_path, [
        official("100-01", 18, status="superseded", quote="the toll of 18 given earlier"),
        official("100-02", 21, quote="rose to 21"),
        official("200-01", 21, quote="21 people died"),
    ])
    assert {"superseded 100-01 100-02", "superseded 100-01 200-01"} <= findings(root)


def test_superseded_by_an_unknown_claim_names_the_line(kg, tmp_path) -> None:
    root = write_corpus(tmp_path, [official("100-01", 18, status="superseded",
                                            superseded_by="100-09")])
    result = kg("build", "-p", str(root))
    assert result.exit_code != 0
    assert "100_a.yaml:" in result.stderr
    assert "superseded_by names unknown claim '100-09'" in result.stderr
    assert not (root / "build" / "kg.nt").exists()


def test_superseded_by_on_a_stated_claim_is_refused(kg, tmp_path) -> None:
    root = write_corpus(tmp_path, [official("100-01", 18, superseded_by="100-02"),
                                   official("100-02", 21)])
    result = kg("build", "-p", str(root))
    assert result.exit_code != 0
    assert "give 'status: superseded'" in result.stderr


def test_a_bundled_dispute_is_unchanged(built_bundled: Path, kg) -> None:
    report = json.loads(kg("conflicts", "-p", str(built_bundled), "--format", "json").stdout)
    pairs = {(r["reason"], tuple(c["claim"] for c in r["claims"])) for r in report["conflicts"]}
    assert ("disputed", ("004-08", "004-11")) in pairs
