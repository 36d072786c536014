"""The fifth example corpus (examples/bangladesh-july-uprising-2024) finds the disagreements its
README lists, and no others (tests/test_examples.py checks that it builds, validates and leaves
no figure unaccounted for). It was curated by hand, without `kg extract`, as a held-out check of
the drafts: a change in what the tool reads from these sheets shows here first."""

from __future__ import annotations

import pytest

from .example_corpus import built_copy, conflict_report, flagged, pairs

NAME = "bangladesh-july-uprising-2024"

DGHS_708 = "002-01"                      # the directorate's draft list of 24 September 2024
MINISTRY_708 = "003-03"                  # the same 708, as the students give it (28 September)
STUDENTS_1581 = ("003-01", "003-02")     # the students' joint list of 28 September
EARLIER_HIGHER = ("002-03", "002-04")    # the health adviser's >1,000, the HRSS's 819 (August)
CONFLICTS = (
    {("contradiction", ("002-01", "002-02"))}              # 708 beside the students' 1,423
    | {("contradiction", (DGHS_708, b)) for b in STUDENTS_1581}
    | {("contradiction", (a, MINISTRY_708)) for a in STUDENTS_1581}
    | {("count-decreased", (DGHS_708, b)) for b in EARLIER_HIGHER}
    | {("count-decreased", (a, MINISTRY_708)) for a in ("002-02", *EARLIER_HIGHER)}
    | {("count-decreased", (a, "004-01")) for a in STUDENTS_1581}   # then the OHCHR's ~1,400
    | {("disputed", (a, "003-04")) for a in (DGHS_708, MINISTRY_708)}  # "many names are missing"
)
UPDATES = {
    ("000-01", "002-04"),   # the UN's nearly 650, then the HRSS's 819
    ("002-02", "002-04"),   # 819, then the students' 1,423
    ("002-03", "002-04"),   # 819, then the health adviser's more than 1,000
    ("002-04", "004-01"),   # 819, then the OHCHR's estimated 1,400
    ("005-01", "005-03"),   # the gazette: 834, then 836
}
SUPERSEDED = {
    ("005-02", "005-03"),   # the gazette's 844, corrected to 836
    ("005-04", "005-05"),   # the first list of 12,043 injured, then 13,800
}
CORROBORATED = {
    ("002-01", "003-03"),   # the draft list of 708, in New Age and in Prothom Alo
    ("000-08", "004-02"),   # the UN's thousands injured, August 2024 and February 2025
}
# The health ministry's open-ended tolls, the parts (the two periods of the UN's count, the
# police among the dead), the gazette (officially recognised dead and injured) and the
# injured: none of them is in a conflict.
NEVER_FLAGGED = {"000-01", "000-02", "000-03", "000-04", "000-05", "000-06", "000-07", "000-08",
                 "001-01", "001-02", "001-03", "004-02", "004-03",
                 "005-01", "005-02", "005-03", "005-04", "005-05"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return built_copy(tmp_path_factory, NAME, "6 sources", "27 claims")


@pytest.fixture(scope="module")
def report(corpus) -> dict:
    return conflict_report(corpus)


def test_the_listed_conflicts_and_no_others(report: dict) -> None:
    assert pairs(report["conflicts"]) == CONFLICTS
    assert len(CONFLICTS) == 14


def test_the_conflicts_form_one_dispute_over_the_death_toll(report: dict) -> None:
    assert len(report["disputes"]) == 1
    assert {row["property"] for row in report["conflicts"]} == {"deaths"}


def test_rising_counts_are_updates(report: dict) -> None:
    assert {("update", pair) for pair in UPDATES} <= pairs(report["info"])


def test_corrected_counts_are_superseded_not_decreased(report: dict) -> None:
    assert {("superseded", pair) for pair in SUPERSEDED} <= pairs(report["info"])
    assert ("count-decreased", ("005-02", "005-03")) not in pairs(report["conflicts"])


def test_restated_figures_are_corroborated(report: dict) -> None:
    assert {("corroborated", pair) for pair in CORROBORATED} <= pairs(report["info"])


def test_open_tolls_parts_gazette_and_injured_are_never_flagged(report: dict) -> None:
    assert not flagged(report) & NEVER_FLAGGED


def test_lists_four_days_apart_are_rivals_not_updates(report: dict) -> None:
    # kg.toml's same_time_window_days = 4: the DGHS's 708 (24 September) and the students'
    # 1,581 (28 September).
    assert ("contradiction", ("002-01", "003-01")) in pairs(report["conflicts"])
    assert ("update", ("002-01", "003-01")) not in pairs(report["info"])
