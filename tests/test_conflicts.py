"""Conflict semantics (DESIGN.md §5): each reason triggered by a tiny corpus and just not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conflict_corpus import claim, findings, write_corpus

A_LATER = {"100_a": {"published": "2024-06-20", "publisher": "org/outlet-a"},
           "200_b": {"published": "2024-03-20", "publisher": "org/outlet-b"}}
A_DAY_LATER = {"100_a": {"published": "2024-03-21", "publisher": "org/outlet-a"},
               "200_b": {"published": "2024-03-20", "publisher": "org/outlet-b"}}
SAME_WIRE = {"100_a": {"published": "2024-03-20", "publisher": "org/outlet-a",
                       "relays": "org/wire"},
             "200_b": {"published": "2024-03-20", "publisher": "org/outlet-b",
                       "relays": "org/wire"}}


def reasons(root: Path, claims: list[dict], sources: dict | None = None) -> set[str]:
    """Every finding as 'reason a b', conflicts and information alike."""
    write_corpus(root, claims, sources)
    return findings(root)


def conflicts_only(found: set[str]) -> set[str]:
    info = ("update", "compatible-vaguer", "corroborated", "superseded")
    return {f for f in found if not f.startswith(info)}


CASES = {
    # name: (claims, sources, expected findings (all of them, info included))
    "fixed figures differ": (
        [claim("100-01", "defendantsImprisoned", 4, subject="trial/t"),
         claim("200-01", "defendantsImprisoned", 3, subject="trial/t")],
        None, {"contradiction 100-01 200-01"}),
    "fixed figures agree": (
        [claim("100-01", "defendantsImprisoned", 3, subject="trial/t"),
         claim("200-01", "defendantsImprisoned", "three", subject="trial/t")],
        None, {"corroborated 100-01 200-01"}),
    "open end against the closed value": (
        [claim("100-01", "deaths", "more than 238"), claim("200-01", "deaths", 238)],
        None, {"contradiction 100-01 200-01"}),
    "closed end includes the value": (
        [claim("100-01", "deaths", "at least 238"), claim("200-01", "deaths", 238)],
        None, {"compatible-vaguer 100-01 200-01"}),
    "tally differs on the same day": (
        [claim("100-01", "deaths", 120), claim("200-01", "deaths", 100)],
        None, {"contradiction 100-01 200-01"}),
    "tally a day later is an update": (
        [claim("100-01", "deaths", 120), claim("200-01", "deaths", 100)],
        A_DAY_LATER, {"update 100-01 200-01"}),
    "revised tally: 100 in March, 120 in June": (
        [claim("100-01", "deaths", 120), claim("200-01", "deaths", 100)],
        A_LATER, {"update 100-01 200-01"}),
    "count decreased": (
        [claim("100-01", "deaths", 100), claim("200-01", "deaths", 120)],
        A_LATER, {"count-decreased 100-01 200-01"}),
    "two undated figures for one tally in one article": (
        [claim("100-01", "deaths", 100), claim("100-02", "deaths", 120)],
        {"100_a": {"published": "unknown", "publisher": "org/outlet-a"}},
        {"contradiction 100-01 100-02"}),
    "nearly excludes its figure (tolerance edge)": (
        [claim("100-01", "deaths", "nearly 100"), claim("200-01", "deaths", 100)],
        None, {"contradiction 100-01 200-01"}),
    "about reaches exactly the tolerance": (
        [claim("100-01", "deaths", "about 100"), claim("200-01", "deaths", 110)],
        None, {"compatible-vaguer 100-01 200-01"}),
    "about stops past the tolerance": (
        [claim("100-01", "deaths", "about 100"), claim("200-01", "deaths", 111)],
        None, {"contradiction 100-01 200-01"}),
    "part exceeds whole (properties)": (
        [claim("100-01", "defendantsConvicted", 5, subject="trial/t"),
         claim("200-01", "defendants", 4, subject="trial/t")],
        None, {"part-exceeds-whole 100-01 200-01"}),
    "part within whole (properties)": (
        [claim("100-01", "defendantsConvicted", 3, subject="trial/t"),
         claim("200-01", "defendants", 4, subject="trial/t")],
        None, set()),
    "part exceeds whole (scope)": (
        [claim("100-01", "deaths", 30, scope="lawEnforcement"), claim("200-01", "deaths", 20)],
        None, {"part-exceeds-whole 100-01 200-01"}),
    "part within whole (scope)": (
        [claim("100-01", "deaths", 19, scope="lawEnforcement"), claim("200-01", "deaths", 238)],
        None, set()),
    "a region's convictions within the national figure": (
        [claim("100-01", "peopleConvicted", 40, subject="event/region-unrest"),
         claim("200-01", "peopleConvicted", 900)],
        None, set()),
    "a region's convictions above the national figure": (
        [claim("100-01", "peopleConvicted", 40, subject="event/region-unrest"),
         claim("200-01", "peopleConvicted", 30)],
        None, {"part-exceeds-whole 100-01 200-01"}),
    "a part narrowed twice exceeds the part narrowed once": (
        [claim("100-01", "deaths", 30, scope=["lawEnforcement", "inCustody"]),
         claim("200-01", "deaths", 20, scope="lawEnforcement")],
        None, {"part-exceeds-whole 100-01 200-01"}),
    "a place's deaths above the whole toll": (
        [claim("100-01", "deaths", 30, scope="place/city"), claim("200-01", "deaths", 20)],
        None, {"part-exceeds-whole 100-01 200-01"}),
    "two different scopes are different figures": (
        [claim("100-01", "deaths", 19, scope="lawEnforcement"),
         claim("200-01", "deaths", 30, scope="civilians")],
        None, set()),
    "the same scope in another order is the same figure": (
        [claim("100-01", "deaths", 19, scope=["inCustody", "lawEnforcement"]),
         claim("200-01", "deaths", 30, scope=["lawEnforcement", "inCustody"])],
        None, {"contradiction 100-01 200-01"}),
    "a scoped figure is not a restatement of the whole": (
        [claim("100-01", "deaths", 19, scope="lawEnforcement"), claim("200-01", "deaths", 238)],
        A_LATER, set()),
    "a part later than its whole tally is not compared": (
        [claim("100-01", "deaths", 30, scope="lawEnforcement"), claim("200-01", "deaths", 20)],
        A_LATER, set()),
    "two courts for one trial": (
        [claim("100-01", "court", subject="trial/t", object="court/c1"),
         claim("200-01", "court", subject="trial/t", object="court/c2")],
        None, {"functional-mismatch 100-01 200-01"}),
    "a court and its chamber": (
        [claim("100-01", "court", subject="trial/t", object="court/c1"),
         claim("200-01", "court", subject="trial/t", object="court/c1-chamber")],
        None, set()),
    "verdict dates a day apart": (
        [claim("100-01", "verdictDate", "2024-03-18", subject="trial/t"),
         claim("200-01", "verdictDate", "2024-03-19", subject="trial/t")],
        None, {"functional-mismatch 100-01 200-01"}),
    "a verdict month and a day in it": (
        [claim("100-01", "verdictDate", "2024-03", subject="trial/t"),
         claim("200-01", "verdictDate", "2024-03-18", subject="trial/t")],
        None, {"compatible-vaguer 100-01 200-01"}),
    "rights groups say the toll is higher": (
        [claim("100-01", "deaths", 238, stated_by="org/officials"),
         claim("100-02", "deaths", "higher than 100-01", stated_by="org/rights-groups")],
        None, {"disputed 100-01 100-02"}),
    "a dispute of a retracted figure": (
        [claim("100-01", "deaths", 238, status="retracted"),
         claim("100-02", "deaths", "higher than 100-01")],
        None, {"superseded 100-01 100-02"}),
    "a retracted figure raises no conflict": (
        [claim("100-01", "deaths", 500, status="retracted"), claim("200-01", "deaths", 238)],
        None, {"superseded 100-01 200-01"}),
    "over 200 beside 238": (
        [claim("100-01", "deaths", "over 200"), claim("200-01", "deaths", 238)],
        None, {"compatible-vaguer 100-01 200-01"}),
    "two articles relaying one outlet count once": (
        [claim("100-01", "deaths", 238), claim("200-01", "deaths", 238)],
        SAME_WIRE, set()),
    "spreads that differ": (
        [claim("100-01", "sentenceLength", "from 4 to 6 years", spread=True, subject="trial/t"),
         claim("200-01", "sentenceLength", "from 3 to 6 years", spread=True, subject="trial/t")],
        None, {"contradiction 100-01 200-01"}),
    "a spread and an uncertain range that fits": (
        [claim("100-01", "sentenceLength", "from 4 to 6 years", spread=True, subject="trial/t"),
         claim("200-01", "sentenceLength", "between 3 and 6 years", subject="trial/t")],
        None, {"compatible-vaguer 100-01 200-01"}),
    "money in different currencies is not compared": (
        [claim("100-01", "compensationAwarded", "5 million tenge"),
         claim("200-01", "compensationAwarded", "$9,000")],
        None, set()),
}


@pytest.mark.parametrize("case", list(CASES))
def test_reason(tmp_path: Path, case: str) -> None:
    claims, sources, expected = CASES[case]
    assert reasons(tmp_path, claims, sources) == expected


def test_bundled_corpus_finds_the_two_known_conflicts_and_not_the_three_non_conflicts(
        kg, bundled: Path) -> None:
    assert kg("build", "-p", str(bundled)).exit_code == 0
    result = kg("conflicts", "--format", "json", "--all", "-p", str(bundled))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    pairs = {(c["reason"], *sorted(x["claim"] for x in c["claims"])) for c in report["conflicts"]}
    # Taldykorgan: four jailed (000) against three jailed and a fourth non-custodial (001).
    assert ("contradiction", "000-11", "001-03") in pairs
    # The official toll of 238 disputed by rights groups who say it is higher.
    assert ("disputed", "004-08", "004-11") in pairs
    flagged = {x["claim"] for c in report["conflicts"] for x in c["claims"]}
    for not_a_conflict in ("000-05", "004-01", "004-03", "003-28", "004-10", "001-18"):
        assert not_a_conflict not in flagged
    info = {(c["reason"], *sorted(x["claim"] for x in c["claims"])) for c in report["info"]}
    assert ("update", "001-18", "004-10") in info            # 25 torture victims, then 88
    assert ("compatible-vaguer", "003-28", "004-03") in info  # over 1,000, then nearly 1,400
    assert ("compatible-vaguer", "000-05", "004-08") in info  # over 200 beside 238
    texts = {p.stem: p.read_text(encoding="utf-8")
             for p in (bundled / "data" / "sources").glob("*.txt")}
    for conflict in report["conflicts"]:
        assert conflict["explanation"]
        for cited in conflict["claims"]:
            assert texts[cited["source"]][cited["start"]:cited["end"]] == cited["quote"]
    assert any(d["conflicts"] and "disputed/004-08/004-11" in d["conflicts"]
               for d in report["disputes"])


def test_json_contract_keys(kg, mini: Path) -> None:
    kg("build", "-p", str(mini))
    report = json.loads(kg("conflicts", "-f", "json", "-p", str(mini)).stdout)
    assert set(report) == {"conflicts", "disputes", "info"}
    assert report["info"] == []  # only with --all
    conflict = report["conflicts"][0]
    assert {"id", "reason", "severity", "subject", "property", "explanation",
            "claims"} <= set(conflict)
    cited = conflict["claims"][0]
    assert {"claim", "source", "quote", "start", "end", "stated_by", "published", "as_of",
            "status", "value"} <= set(cited)
    assert {"lower", "upper", "lower_exclusive", "upper_exclusive", "unit",
            "wording"} <= set(cited["value"])
    assert set(report["disputes"][0]) == {"id", "conflicts", "explanation"}


def test_fail_on_conflict_exits_1(kg, mini: Path) -> None:
    kg("build", "-p", str(mini))
    assert kg("conflicts", "-p", str(mini)).exit_code == 0
    assert kg("conflicts", "--fail-on", "conflict", "-p", str(mini)).exit_code == 1
    assert kg("conflicts", "--format", "yaml", "-p", str(mini)).exit_code == 2


def test_markdown_shows_quotes_side_by_side(kg, mini: Path) -> None:
    kg("build", "-p", str(mini))
    text = kg("conflicts", "-f", "md", "-p", str(mini)).stdout
    assert "| claim | source |" in text and "Rights groups said the toll was higher" in text


FIGURES = st.integers(min_value=1, max_value=60)
WORDINGS = st.sampled_from(["{}", "more than {}", "at least {}", "nearly {}", "about {}",
                            "fewer than {}"])
FAST = settings(max_examples=15, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(a=FIGURES, b=FIGURES, wa=WORDINGS, wb=WORDINGS, later=st.booleans())
def test_detection_is_symmetric(tmp_path_factory, a, b, wa, wb, later) -> None:
    sources = A_LATER if later else None
    first = [claim("100-01", "deaths", wa.format(a)), claim("200-01", "deaths", wb.format(b))]
    swapped = [claim("100-01", "deaths", wb.format(b)), claim("200-01", "deaths", wa.format(a))]
    swapped_sources = ({"100_a": A_LATER["200_b"], "200_b": A_LATER["100_a"]}
                       if later else None)
    one = reasons(tmp_path_factory.mktemp("a"), first, sources)
    two = reasons(tmp_path_factory.mktemp("b"), swapped, swapped_sources)
    assert {r.split()[0] for r in one} == {r.split()[0] for r in two}


@FAST
@given(a=FIGURES, b=FIGURES, later=st.booleans(),
       widen=st.sampled_from(["about {}", "at least {}", "between {} and 100"]))
def test_widening_an_interval_never_creates_a_conflict(tmp_path_factory, a, b, later,
                                                       widen) -> None:
    sources = A_LATER if later else None
    exact = [claim("100-01", "deaths", a), claim("200-01", "deaths", b)]
    wider = [claim("100-01", "deaths", widen.format(min(a, 99))),
             claim("200-01", "deaths", b)]
    before = conflicts_only(reasons(tmp_path_factory.mktemp("a"), exact, sources))
    after = conflicts_only(reasons(tmp_path_factory.mktemp("b"), wider, sources))
    if not before:
        assert not after
