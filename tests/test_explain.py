"""kg.conflicts.explain: every sentence it can write, from claim views as kg.conflicts.views
builds them (the value a dict of bounds, open ends, unit and wording, or an entity or date).

Each test states the exact sentence, so that a wrong branch or a changed word fails it. The two
tests at the end run the real rules on a tiny corpus, so the views here stay like the real ones.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kg.build.run import build
from kg.conflicts.explain import (
    below,
    bounds,
    explain_conflict,
    explain_dispute,
    overlap,
    said,
)
from kg.conflicts.find import Conflict, find_conflicts
from kg.conflicts.views import ClaimView
from kg.engine.runner import PlainEngine
from kg.engine.store import open_store
from kg.project import open_project

from .conflict_corpus import claim, write_corpus

CLAIM = "https://w3id.org/qantar/id/claim/"


def figure(wording: str, lower: float | None, upper: float | None, *,
           lower_exclusive: bool = False, upper_exclusive: bool = False,
           unit: str | None = "PersonUnit") -> dict[str, Any]:
    """A numeric value as kg.conflicts.views._view builds it."""
    return {"lower": lower, "upper": upper, "lower_exclusive": lower_exclusive,
            "upper_exclusive": upper_exclusive, "unit": unit, "wording": wording}


def entity(ref: str, label: str) -> dict[str, Any]:
    return {"lower": None, "upper": None, "lower_exclusive": False, "upper_exclusive": False,
            "unit": None, "wording": label, "object": ref}


def date(value: str) -> dict[str, Any]:
    return {"lower": None, "upper": None, "lower_exclusive": False, "upper_exclusive": False,
            "unit": None, "wording": value, "date": value}


def view(claim_id: str, value: dict[str, Any], *, source: str = "100_a",
         speaker: str | None = "Outlet A", subject: str = "event/unrest",
         subject_label: str = "The unrest", prop: str = "deaths",
         prop_label: str = "deaths", kind: str = "tally",
         published: str | None = "2024-03-20", as_of: str | None = None,
         effective: str | None = "2024-03-20", status: str = "stated") -> ClaimView:
    return ClaimView(
        iri=f"{CLAIM}{claim_id}", id=claim_id, source=source,
        quote=f"{prop} is {value['wording']} ({claim_id})", start=19, end=49,
        subject=subject, subject_label=subject_label, property=prop, property_label=prop_label,
        kind=kind, stated_by="org/x" if speaker else None, stated_by_label=speaker,
        published=published, as_of=as_of, effective=effective, status=status, value=value)


def trial(claim_id: str, value: dict[str, Any], **fields: Any) -> ClaimView:
    """A claim on a fixed fact of Trial T (the sentence length unless told)."""
    fields = {"subject": "trial/t", "subject_label": "Trial T", "prop": "sentenceLength",
              "prop_label": "sentence length", "kind": "fixed", **fields}
    return view(claim_id, value, **fields)


A = "Outlet A in 100_a, published 2024-03-20"
B = "Outlet B in 200_b, published 2024-03-20"


def b_side(claim_id: str, value: dict[str, Any], maker: Any = view, **fields: Any) -> ClaimView:
    return maker(claim_id, value, source="200_b", speaker="Outlet B", **fields)


# --- said -------------------------------------------------------------------------------------

def test_said_prefers_as_of_then_published_then_undated() -> None:
    value = figure("238", 238, 238)
    assert said(view("1", value, as_of="2022")) == '"238" (Outlet A in 100_a, as of 2022)'
    assert said(view("1", value)) == f'"238" ({A})'
    assert said(view("1", value, published="2024-03 (inferred)")) == \
        '"238" (Outlet A in 100_a, published 2024-03 (inferred))'
    assert said(view("1", value, published=None)) == '"238" (Outlet A in 100_a, undated)'


def test_said_names_the_source_when_no_one_is_quoted() -> None:
    assert said(view("1", figure("238", 238, 238), speaker=None)) == \
        '"238" (100_a in 100_a, published 2024-03-20)'


# --- the bounds the explanations read ---------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "a_below_b"), [
    (figure("from 4 to 6", 4, 6), figure("from 8 to 9", 8, 9), True),
    (figure("from 4 to 6", 4, 6), figure("from 3 to 6", 3, 6), False),
    (figure("238", 238, 238), figure("more than 238", 238, None, lower_exclusive=True), True),
    (figure("238", 238, 238), figure("at least 238", 238, None), False),
    (figure("less than 10", None, 10, upper_exclusive=True), figure("10", 10, 10), True),
    (figure("at most 10", None, 10), figure("10", 10, 10), False),
    (figure("over 200", 200, None, lower_exclusive=True), figure("238", 238, 238), False),
])
def test_below_reads_bounds_and_open_ends(a: dict, b: dict, a_below_b: bool) -> None:
    first, second = view("1", a), view("2", b)
    assert below(first, second) is a_below_b
    assert not below(second, first)
    assert overlap(first, second) is not a_below_b
    assert overlap(second, first) is not a_below_b


@pytest.mark.parametrize(("value", "text"), [
    (figure("5", 5, 5), "5"),
    (figure("1,400", 1400, 1400), "1,400"),
    (figure("from 4 to 6", 4, 6), "from 4 to 6"),
    (figure("about 1.5", 1.35, 1.65), "from 1.35 to 1.65"),
    (figure("more than 238", 238, None, lower_exclusive=True), "more than 238"),
    (figure("at least 238", 238, None), "at least 238"),
    (figure("less than 10", None, 10, upper_exclusive=True), "less than 10"),
    (figure("at most 10", None, 10), "at most 10"),
    (figure("nearly 1,400", 1260, 1400, upper_exclusive=True), "from 1,260 to less than 1,400"),
    (date("2022"), "any figure"),
])
def test_bounds_says_which_figures_a_claim_allows(value: dict, text: str) -> None:
    assert bounds(view("1", value)) == text


# --- contradiction ----------------------------------------------------------------------------

def test_overlapping_spreads_of_a_tally_are_not_said_to_be_disjoint() -> None:
    """Issue 17: "from 4 to 6" and "from 3 to 6" overlap; they contradict as spreads."""
    a = view("100-01", figure("from 4 to 6", 4, 6))
    b = b_side("200-01", figure("from 3 to 6", 3, 6))
    text = explain_conflict("contradiction", (a, b))
    assert "do not overlap" not in text
    assert text == (
        f'"from 4 to 6" ({A}) and "from 3 to 6" ({B}) cannot both be true of the deaths of The '
        "unrest at the same time: their figures overlap, but both are precise (a spread gives "
        "its lowest and highest figure exactly) and they differ, from 4 to 6 against from 3 "
        "to 6.")


def test_overlapping_spreads_of_a_fixed_fact() -> None:
    a = trial("100-01", figure("from 4 to 6 years", 4, 6, unit="Year"))
    b = b_side("200-01", figure("from 3 to 6 years", 3, 6, unit="Year"), trial)
    assert explain_conflict("contradiction", (a, b)) == (
        f'"from 4 to 6 years" ({A}) and "from 3 to 6 years" ({B}) cannot both be true of the '
        "sentence length of Trial T, a fixed fact of one moment: their figures overlap, but "
        "both are precise (a spread gives its lowest and highest figure exactly) and they "
        "differ, from 4 to 6 against from 3 to 6.")


def test_overlapping_spreads_one_undated() -> None:
    a = view("100-01", figure("from 4 to 6", 4, 6))
    b = b_side("200-01", figure("from 3 to 6", 3, 6), published=None, effective=None)
    assert explain_conflict("contradiction", (a, b)) == (
        f'"from 4 to 6" ({A}) and "from 3 to 6" (Outlet B in 200_b, undated) cannot both be '
        "true of the deaths of The unrest if they are at the same time, as one undated figure "
        "may be: their figures overlap, but both are precise (a spread gives its lowest and "
        "highest figure exactly) and they differ, from 4 to 6 against from 3 to 6.")


def test_an_exact_figure_inside_a_different_spread() -> None:
    a = view("100-01", figure("5", 5, 5))
    b = b_side("200-01", figure("from 4 to 6", 4, 6))
    text = explain_conflict("contradiction", (a, b))
    assert text.endswith("their figures overlap, but both are precise (a spread gives its "
                         "lowest and highest figure exactly) and they differ, 5 against from 4 "
                         "to 6.")


def test_truly_disjoint_spreads_of_a_tally() -> None:
    a = view("100-01", figure("from 4 to 6", 4, 6))
    b = b_side("200-01", figure("from 8 to 9", 8, 9))
    assert explain_conflict("contradiction", (a, b)) == (
        f'"from 4 to 6" ({A}) and "from 8 to 9" ({B}) give the deaths of The unrest at the '
        "same time, and the two figures do not overlap.")


def test_an_open_end_touching_the_other_figure_does_not_overlap() -> None:
    a = view("100-01", figure("more than 238", 238, None, lower_exclusive=True))
    b = b_side("200-01", figure("238", 238, 238))
    assert explain_conflict("contradiction", (a, b)) == (
        f'"more than 238" ({A}) and "238" ({B}) give the deaths of The unrest at the same '
        "time, and the two figures do not overlap.")


def test_disjoint_tally_figures_one_undated() -> None:
    a = view("100-01", figure("100", 100, 100), published=None, effective=None)
    b = b_side("200-01", figure("238", 238, 238))
    assert explain_conflict("contradiction", (a, b)) == (
        f'"100" (Outlet A in 100_a, undated) and "238" ({B}) give the deaths of The unrest, '
        "one of them undated and so possibly at the same time, and the two figures do not "
        "overlap.")


def test_disjoint_figures_of_a_fixed_fact() -> None:
    """The bundled corpus's "four" and "three" defendants imprisoned (a golden line)."""
    fields = {"prop": "defendantsImprisoned", "prop_label": "defendants imprisoned"}
    a = trial("100-01", figure("four", 4, 4), **fields)
    b = b_side("200-01", figure("three", 3, 3), trial, **fields)
    assert explain_conflict("contradiction", (a, b)) == (
        f'"four" ({A}) and "three" ({B}) cannot both be true of the defendants imprisoned of '
        "Trial T: it is a fixed fact of one moment, so their figures must agree.")


# --- the other conflicts ----------------------------------------------------------------------

@pytest.mark.parametrize("later_first", [False, True])
def test_count_decreased_orders_by_date(later_first: bool) -> None:
    early = view("100-01", figure("238", 238, 238), as_of="2022", effective="2022-12-31")
    late = b_side("200-01", figure("about 100", 90, 110), effective="2024-03-20")
    pair = (late, early) if later_first else (early, late)
    assert explain_conflict("count-decreased", pair) == (
        f'the deaths of The unrest is a running count, yet the later figure "about 100" ({B}) '
        'is lower than the earlier "238" (Outlet A in 100_a, as of 2022).')


def test_part_exceeds_whole_names_part_then_whole() -> None:
    part = view("100-01", figure("300", 300, 300), subject="event/region-unrest",
                subject_label="The unrest in one region")
    whole = b_side("200-01", figure("238", 238, 238))
    assert explain_conflict("part-exceeds-whole", (part, whole)) == (
        f'"300" ({A}) for the deaths of The unrest in one region is larger than "238" ({B}) '
        "for the deaths of The unrest, which includes it.")


def test_part_exceeds_whole_of_another_property() -> None:
    part = trial("100-01", figure("four", 4, 4), prop="defendantsImprisoned",
                 prop_label="defendants imprisoned")
    whole = b_side("200-01", figure("three", 3, 3), trial, prop="defendantsConvicted",
                   prop_label="defendants convicted")
    assert explain_conflict("part-exceeds-whole", (part, whole)) == (
        f'"four" ({A}) for the defendants imprisoned of Trial T is larger than "three" ({B}) '
        "for the defendants convicted of Trial T, which includes it.")


def test_functional_mismatch_of_entities() -> None:
    fields = {"prop": "court", "prop_label": "court", "kind": "functional"}
    a = trial("100-01", entity("court/c1", "Court one"), **fields)
    b = b_side("200-01", entity("court/c2", "Court two"), trial, **fields)
    assert explain_conflict("functional-mismatch", (a, b)) == (
        f'the court of Trial T has a single value, but "Court one" ({A}) and "Court two" ({B}) '
        "differ.")


def test_functional_mismatch_of_dates() -> None:
    fields = {"prop": "verdictDate", "prop_label": "verdict date", "kind": "functional"}
    a = trial("100-01", date("2024-03-18"), **fields)
    b = b_side("200-01", date("2024-03-19"), trial, **fields)
    assert explain_conflict("functional-mismatch", (a, b)) == (
        f'the verdict date of Trial T has a single value, but "2024-03-18" ({A}) and '
        f'"2024-03-19" ({B}) differ.')


def test_disputed() -> None:
    a = view("100-01", figure("238", 238, 238), speaker="Officials", as_of="2024-03")
    b = view("100-02", figure("higher than 238", 238, None, lower_exclusive=True),
             speaker="Rights groups")
    assert explain_conflict("disputed", (a, b)) == (
        "One claim says the other is wrong or too low for the deaths of The unrest: \"238\" "
        "(Officials in 100_a, as of 2024-03) against \"higher than 238\" (Rights groups in "
        "100_a, published 2024-03-20).")


# --- information ------------------------------------------------------------------------------

@pytest.mark.parametrize("later_first", [False, True])
def test_update_orders_by_date(later_first: bool) -> None:
    early = view("100-01", figure("100", 100, 100), effective="2024-03-20")
    late = b_side("200-01", figure("120", 120, 120), published="2024-06-20",
                  effective="2024-06-20")
    pair = (late, early) if later_first else (early, late)
    assert explain_conflict("update", pair) == (
        f'the deaths of The unrest grew from "100" ({A}) to "120" (Outlet B in 200_b, '
        "published 2024-06-20): a later count, not a conflict.")


@pytest.mark.parametrize(("a", "b"), [
    (figure("over 200", 200, None, lower_exclusive=True), figure("238", 238, 238)),
    (date("2022-01"), date("2022")),
])
def test_compatible_vaguer(a: dict, b: dict) -> None:
    first, second = view("100-01", a), b_side("200-01", b)
    assert explain_conflict("compatible-vaguer", (first, second)) == (
        f'"{a["wording"]}" ({A}) and "{b["wording"]}" ({B}) overlap for the deaths of The '
        "unrest; one is vaguer, they agree.")


def test_corroborated() -> None:
    a = trial("100-01", figure("four to six years", 4, 6, unit="Year"))
    b = b_side("200-01", figure("four to six years", 4, 6, unit="Year"), trial)
    assert explain_conflict("corroborated", (a, b)) == (
        f'Independent sources agree on the sentence length of Trial T: "four to six years" '
        f'({A}) and "four to six years" ({B}).')


@pytest.mark.parametrize(("status", "word"), [
    ("superseded", "superseded"), ("retracted", "retracted"), ("reported-false", "false")])
def test_superseded_names_the_status(status: str, word: str) -> None:
    old = view("100-01", figure("500", 500, 500), status=status)
    stated = b_side("200-01", figure("238", 238, 238))
    assert explain_conflict("superseded", (old, stated)) == (
        f'"500" ({A}) is reported as {word}; it raises no conflict with the stated "238" ({B}) '
        "for the deaths of The unrest.")


def test_an_unknown_reason_still_names_both_claims() -> None:
    a, b = view("100-01", figure("238", 238, 238)), b_side("200-01", figure("240", 240, 240))
    assert explain_conflict("new-rule", (a, b)) == (
        f'new-rule: "238" ({A}) and "240" ({B}) for the deaths of The unrest.')


# --- disputes ---------------------------------------------------------------------------------

def test_dispute_between_speakers_and_sources() -> None:
    fields = {"prop": "defendantsImprisoned", "prop_label": "defendants imprisoned"}
    four = trial("100-01", figure("four", 4, 4), **fields)
    three = b_side("200-01", figure("three", 3, 3), trial, prop="defendantsConvicted",
                   prop_label="defendants convicted")
    also_four = b_side("200-02", figure("four", 4, 4), trial, **fields)
    conflicts = [SimpleNamespace(reason="part-exceeds-whole"),
                 SimpleNamespace(reason="contradiction"), SimpleNamespace(reason="contradiction")]
    assert explain_dispute(conflicts, (four, three, also_four, four)) == (
        "Outlet A and Outlet B disagree (2 sources) on the defendants convicted of Trial T and "
        "the defendants imprisoned of Trial T (contradiction, part-exceeds-whole): "
        f'"four" ({A}); "three" ({B}); "four" ({B}).')


def test_dispute_within_one_speaker_and_source() -> None:
    a = view("100-01", figure("238", 238, 238), as_of="2024-03")
    b = view("100-02", figure("higher than 238", 238, None, lower_exclusive=True))
    conflict = Conflict(id="disputed/100-01/100-02", reason="disputed", severity="conflict",
                        subject=a.subject, property=a.property,
                        explanation=explain_conflict("disputed", (a, b)), claims=(a, b))
    assert explain_dispute([conflict], (b, a)) == (
        "Outlet A contradicts itself (1 source) on the deaths of The unrest (disputed): "
        f'"higher than 238" ({A}); "238" (Outlet A in 100_a, as of 2024-03).')


def test_explain_does_not_import_find() -> None:
    """The import cycle explain <-> find is gone: explain loads without find."""
    code = ("import sys, kg.conflicts.explain; "
            "sys.exit('kg.conflicts.find' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- the same views from a real build ---------------------------------------------------------

def _explanations(root: Path, claims: list[dict]) -> list[str]:
    write_corpus(root, claims)
    project = open_project(root)
    build(project)
    report = find_conflicts(PlainEngine(open_store(project)), project.queries_dirs)
    return [c.explanation for c in report.conflicts if c.reason == "contradiction"]


def test_built_overlapping_spreads(tmp_path: Path) -> None:
    assert _explanations(tmp_path, [
        claim("100-01", "deaths", "from 4 to 6", spread=True),
        claim("200-01", "deaths", "from 3 to 6", spread=True)]) == [
        f'"from 4 to 6" ({A}) and "from 3 to 6" ({B}) cannot both be true of the deaths of The '
        "unrest at the same time: their figures overlap, but both are precise (a spread gives "
        "its lowest and highest figure exactly) and they differ, from 4 to 6 against from 3 "
        "to 6."]


def test_built_disjoint_spreads(tmp_path: Path) -> None:
    assert _explanations(tmp_path, [
        claim("100-01", "deaths", "from 4 to 6", spread=True),
        claim("200-01", "deaths", "from 8 to 9", spread=True)]) == [
        f'"from 4 to 6" ({A}) and "from 8 to 9" ({B}) give the deaths of The unrest at the '
        "same time, and the two figures do not overlap."]
