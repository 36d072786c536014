"""The third example corpus (examples/iran-november-2019) finds the disagreements its README lists,
and no others (tests/test_examples.py checks that it builds, validates and leaves no figure
unaccounted for). It was curated by hand, without `kg extract`, as a held-out check of the
drafts: a change in what the tool reads from these sheets shows here first."""

from __future__ import annotations

import pytest

from .example_corpus import built_copy, conflict_report, flagged, pairs

NAME = "iran-november-2019"

# The interior minister's 200 to 225 (005-01, 005-02) and Zolnour's 230 (006-01, 006-03) of
# 2020, each against the December 2019 figures they fall below.
OFFICIAL_2020 = ("005-01", "005-02", "006-01", "006-03")
DECEMBER_2019 = ("003-01",   # Amnesty, at least 304
                 "003-05",   # Kalameh, at least 366
                 "004-03",   # Reuters' officials, about 1,500
                 "004-04",   # Amnesty, at least 304, as RFE/RL restates it
                 "004-05",   # US State Department, more than 1,000
                 "005-05")   # Reuters' about 1,500, as the Tehran Times restates it
LARGER_PARTS = ("002-07",    # Iran HRM: 251 protesters killed by 23 November
                "005-07")    # Reuters' officials: about 400 women among the dead
CONFLICTS = (
    {("count-decreased", tuple(sorted((old, new))))
     for old in DECEMBER_2019 for new in OFFICIAL_2020}
    | {("part-exceeds-whole", tuple(sorted((part, whole))))
       for part in LARGER_PARTS for whole in OFFICIAL_2020}
    | {("contradiction", (official, other))   # article 006: 230 beside the UN's and the US's
       for official in ("006-01", "006-03") for other in ("006-07", "006-08")}
)
UPDATES = {
    ("000-01", "001-03"), ("000-01", "003-03"),  # deaths confirmed by the authorities: 2, then 5
    ("000-03", "002-09"),                        # arrests: nearly 1,000, then over 7,000
    ("005-01", "006-01"), ("005-02", "006-03"),  # the minister's 200-225, then Zolnour's 230
}
CORROBORATED = {
    ("001-03", "003-03"),  # the five deaths the authorities acknowledge
    ("004-03", "005-05"),  # Reuters' about 1,500, retold by RFE/RL and by the Tehran Times
}
# Counts of a part (the confirmed deaths, officers among them, one region, the non-state weapons)
# and Amnesty's rising floors: none of them is in a conflict.
NEVER_FLAGGED = {"000-01", "000-03", "001-02", "001-03", "001-06", "001-07", "002-01", "002-03",
                 "002-09", "002-10", "002-11", "003-03", "003-04", "005-03", "006-04"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return built_copy(tmp_path_factory, NAME, "7 sources", "48 claims")


@pytest.fixture(scope="module")
def report(corpus) -> dict:
    return conflict_report(corpus)


def test_the_listed_conflicts_and_no_others(report: dict) -> None:
    assert pairs(report["conflicts"]) == CONFLICTS
    assert len(CONFLICTS) == 36


def test_the_conflicts_form_one_dispute_over_the_death_toll(report: dict) -> None:
    assert len(report["disputes"]) == 1
    assert {row["property"] for row in report["conflicts"]} == {"deaths"}


def test_rising_counts_are_updates(report: dict) -> None:
    assert {("update", pair) for pair in UPDATES} <= pairs(report["info"])


def test_restated_figures_are_corroborated(report: dict) -> None:
    assert {("corroborated", pair) for pair in CORROBORATED} <= pairs(report["info"])


def test_parts_and_floors_are_never_flagged(report: dict) -> None:
    assert not flagged(report) & NEVER_FLAGGED
