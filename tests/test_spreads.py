"""Spreads nest (DESIGN.md §5): a group's spread lies within the spread of the whole it belongs
to, and one person's sentence within the spread of a group that includes them. The rule is
queries/conflict-spread-outside-whole.rq; each case is a tiny corpus (tests/conflict_corpus.py)
whose subjects are group/all-45 (part of trial/t), its parts group/other-40 and
group/first-five, and person/defendant-a, one of the other 40."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.build.run import build
from kg.conflicts.find import find_conflicts, rule_pairs
from kg.conflicts.rules import CONFLICT_REASONS, load_rules
from kg.engine.runner import PlainEngine
from kg.engine.store import open_store
from kg.project import open_project

from .conflict_corpus import claim, findings, write_corpus
from .test_conflicts_shacl import kg_pairs, shacl_pairs

REASON = "spread-outside-whole"
A_LATER = {"100_a": {"published": "2024-06-20", "publisher": "org/outlet-a"},
           "200_b": {"published": "2024-03-20", "publisher": "org/outlet-b"}}
ALL_45 = claim("200-01", "sentenceLength", "between 18 months and 20 years", spread=True,
               subject="group/all-45")


def sentence(claim_id: str, value: str, subject: str, **fields: object) -> dict:
    """A sentence length; `spread=True` makes it a group's shortest and longest terms."""
    return claim(claim_id, "sentenceLength", value, subject=subject, **fields)


def other_40(value: str, **fields: object) -> dict:
    return sentence("100-01", value, "group/other-40", spread=True, **fields)


def defendant(value: str, **fields: object) -> dict:
    return sentence("100-01", value, "person/defendant-a", **fields)


FOUND = f"{REASON} 100-01 200-01"

CASES = {
    # name: (claims, sources, expected findings (all of them, info included))
    # --- a conflict -------------------------------------------------------------------------
    "a part's spread above the whole's maximum": (
        [other_40("from 1.5 to 25 years"), ALL_45], None, {FOUND}),
    "a part's spread below the whole's minimum": (
        [other_40("from 6 months to 15 years"), ALL_45], None, {FOUND}),
    "one year is below a minimum of 18 months": (
        [other_40("from 1 to 15 years"), ALL_45], None, {FOUND}),
    "a part's spread past both ends": (
        [other_40("from 6 months to 25 years"), ALL_45], None, {FOUND}),
    "one defendant's sentence above the group's spread": (
        [defendant("22 years"), ALL_45], None, {FOUND}),
    "one defendant's sentence below the group's spread": (
        [defendant("one year"), ALL_45], None, {FOUND}),
    "a defendant checked against the nearer group, within the wider": (
        [defendant("16 years"), ALL_45,
         sentence("200-02", "from 2 to 15 years", "group/other-40", spread=True)],
        None, {f"{REASON} 100-01 200-02"}),
    "a sub-group's single term outside the group's spread": (
        [sentence("100-01", "21 years", "group/first-five"), ALL_45], None, {FOUND}),
    "more than the maximum (open end at the edge)": (
        [defendant("more than 20 years"), ALL_45], None, {FOUND}),
    "less than the minimum (open end at the edge)": (
        [defendant("less than 18 months"), ALL_45], None, {FOUND}),
    "a loose figure wholly above the spread": (
        [defendant("between 21 and 25 years"), ALL_45], None, {FOUND}),
    "a narrower scope of the same subject": (
        [sentence("100-01", "7 years", "group/all-45", scope="women"),
         sentence("200-01", "from 4 to 6 years", "group/all-45", spread=True)], None, {FOUND}),
    "a sentence is fixed: a later part is still compared": (
        [defendant("22 years"), ALL_45], A_LATER, {FOUND}),
    "money in one currency": (
        [claim("100-01", "compensationAwarded", "9 million tenge", subject="person/defendant-a"),
         claim("200-01", "compensationAwarded", "from 1 million to 5 million tenge",
               spread=True, subject="group/all-45")], None, {FOUND}),
    "a tally's part at the same time as its whole": (
        [claim("100-01", "deaths", "from 1 to 9", spread=True, subject="event/region-unrest"),
         claim("200-01", "deaths", "from 2 to 8", spread=True)], None, {FOUND}),
    # --- no conflict ------------------------------------------------------------------------
    "a part's spread within the whole's": (
        [other_40("from 2 to 15 years"), ALL_45], None, set()),
    "a part's spread with the whole's own bounds": (
        [other_40("from 18 months to 20 years"), ALL_45], None, set()),
    "one defendant's sentence within the spread": (
        [defendant("16 years"), ALL_45], None, set()),
    "one defendant's sentence at each end": (
        [defendant("18 months"), sentence("100-02", "20 years", "person/defendant-a"), ALL_45],
        None, {"contradiction 100-01 100-02"}),
    "at least the maximum (closed end at the edge)": (
        [defendant("at least 20 years"), ALL_45], None, set()),
    "at most the minimum (closed end at the edge)": (
        [defendant("at most 18 months"), ALL_45], None, set()),
    "a loose figure that may lie within the spread": (
        [defendant("between 15 and 25 years"), ALL_45], None, set()),
    "a different property": (
        [claim("100-01", "age", "from 18 to 60 years", spread=True, subject="group/other-40"),
         ALL_45], None, set()),
    "a different unit": (
        [claim("100-01", "compensationAwarded", "$9 million", subject="person/defendant-a"),
         claim("200-01", "compensationAwarded", "from 1 million to 5 million tenge",
               spread=True, subject="group/all-45")], None, set()),
    "unrelated subjects: two groups side by side": (
        [sentence("100-01", "from 1 to 3 years", "group/first-five", spread=True),
         sentence("200-01", "from 4 to 25 years", "group/other-40", spread=True)], None, set()),
    "unrelated subjects: another trial's event": (
        [defendant("22 years"),
         sentence("200-01", "between 18 months and 20 years", "event/unrest", spread=True)],
        None, set()),
    "the whole is never checked against its part": (
        [sentence("100-01", "from 1 to 25 years", "group/all-45", spread=True),
         sentence("200-01", "from 2 to 15 years", "group/other-40", spread=True)], None, set()),
    "the part is the whole itself: left to contradiction": (
        [sentence("100-01", "25 years", "group/all-45"), ALL_45],
        None, {"contradiction 100-01 200-01"}),
    "a whole given loosely is no spread": (
        [other_40("from 1 to 25 years"),
         sentence("200-01", "between 18 months and 20 years", "group/all-45")], None, set()),
    "a retracted whole raises no conflict": (
        [other_40("from 1 to 25 years"),
         sentence("200-01", "between 18 months and 20 years", "group/all-45", spread=True,
                  status="retracted")], None, set()),
    "a retracted part raises no conflict": (
        [other_40("from 1 to 25 years", status="retracted"), ALL_45], None, set()),
    "a tally's part later than its whole is not compared": (
        [claim("100-01", "deaths", "from 1 to 9", spread=True, subject="event/region-unrest"),
         claim("200-01", "deaths", "from 2 to 8", spread=True)], A_LATER, set()),
}


@pytest.mark.parametrize("case", list(CASES))
def test_reason(tmp_path: Path, case: str) -> None:
    claims, sources, expected = CASES[case]
    write_corpus(tmp_path, claims, sources)
    assert findings(tmp_path) == expected


def test_the_reason_is_a_conflict() -> None:
    assert REASON in CONFLICT_REASONS


def _built(root: Path, claims: list[dict], sources: dict | None = None) -> Path:
    write_corpus(root, claims, sources)
    build(open_project(root))
    return root


SAMPLE = ["a part's spread past both ends", "one defendant's sentence above the group's spread",
          "less than the minimum (open end at the edge)", "a narrower scope of the same subject",
          "a sentence is fixed: a later part is still compared",
          "a loose figure that may lie within the spread",
          "a tally's part later than its whole is not compared"]


@pytest.mark.parametrize("case", SAMPLE)
def test_pyshacl_agrees(tmp_path: Path, case: str) -> None:
    claims, sources, _ = CASES[case]
    _built(tmp_path, claims, sources)
    assert shacl_pairs(tmp_path / "build" / "kg.nt") == kg_pairs(tmp_path)


@pytest.mark.parametrize("case", SAMPLE)
def test_rdflib_agrees(tmp_path: Path, case: str) -> None:
    claims, sources, _ = CASES[case]
    project = open_project(_built(tmp_path, claims, sources))
    rule = next(r for r in load_rules(project.queries_dirs) if r.reason == REASON)
    graph = Graph().parse(project.build_file, format="nt")
    on_rdflib = sorted((str(row[0]), str(row[1])) for row in graph.query(rule.text))
    assert rule_pairs(open_store(project), rule) == on_rdflib


def _explanation(root: Path, claims: list[dict]) -> str:
    project = open_project(_built(root, claims))
    report = find_conflicts(PlainEngine(open_store(project)), project.queries_dirs)
    [found] = [c for c in report.conflicts if c.reason == REASON]
    assert [v.id for v in found.claims] == ["100-01", "200-01"]  # the part, then the whole
    return found.explanation


A = "Outlet A in 100_a, published 2024-03-20"
B = "Outlet B in 200_b, published 2024-03-20"
WHOLE = (f'the spread "between 18 months and 20 years" ({B}) for the sentence length of All 45 '
         "defendants, which includes it")


@pytest.mark.parametrize(("part", "sentence_end"), [
    (other_40("from 1.5 to 25 years"),
     "from 1.5 to 25 goes above 20, the highest figure of that spread."),
    (other_40("from 6 months to 15 years"),
     "from 0.5 to 15 goes below 1.5, the lowest figure of that spread."),
    (other_40("from 6 months to 25 years"),
     "from 0.5 to 25 goes below 1.5 and above 20, the lowest and highest figures of that "
     "spread."),
    (defendant("22 years"), "22 is above 20, the highest figure of that spread."),
    (defendant("more than 20 years"),
     "more than 20 goes above 20, the highest figure of that spread."),
])
def test_explanation(tmp_path: Path, part: dict, sentence_end: str) -> None:
    subject = ("The other 40 defendants" if part["subject"] == "group/other-40"
               else "Defendant A")
    assert _explanation(tmp_path, [part, ALL_45]) == (
        f'"{part["value"]}" ({A}) for the sentence length of {subject} falls outside {WHOLE}: '
        f"{sentence_end}")
