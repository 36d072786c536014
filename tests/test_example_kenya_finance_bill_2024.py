"""The fourth example corpus (examples/kenya-finance-bill-2024) finds the disagreements its README
lists, and no others (tests/test_examples.py checks that it builds, validates and leaves no
figure unaccounted for). It was curated by hand, without `kg extract`, as a held-out check of
the drafts: a change in what the tool reads from these sheets shows here first."""

from __future__ import annotations

import pytest

from .example_corpus import built_copy, conflict_report, flagged, pairs

NAME = "kenya-finance-bill-2024"

RUTO_19 = ("001-02", "001-03", "002-04")     # Ruto's 19 of 30 June ("Only 19", 001-01, disputes)
OVER_20 = ("000-04", "001-04")               # the reports of more than / over 20 dead
KNCHR_39 = ("002-01", "002-02", "003-11")    # the KNCHR's 39 of 1 July
KINDIKI_25 = ("003-01", "003-04")            # Kindiki's 25 of 4 July (003-13 disputes)
CONFLICTS = (
    {("contradiction", ("000-02", "000-04"))}          # Ruto's six beside "more than 20"
    | {("contradiction", tuple(sorted((a, b))))        # Ruto's 19 beside over 20 and the KNCHR's 39
       for a in RUTO_19 for b in OVER_20 + KNCHR_39}
    | {("contradiction", ("001-01", b)) for b in KNCHR_39}
    | {("contradiction", (a, b))                       # Kindiki's 25 beside the KHRC's 41, over 39
       for a in KINDIKI_25 for b in ("003-07", "003-08")}
    | {("count-decreased", tuple(sorted((a, b))))       # the KNCHR's 39, then Kindiki's 25
       for a in KNCHR_39 for b in KINDIKI_25}
    | {("disputed", ("000-01", "000-02")),              # the LSK disputes the six
       ("disputed", ("000-04", "001-01")),              # "Only 19" against the reports of over 20
       ("disputed", ("001-01", "001-04"))}
    | {("disputed", (b, "003-13"))                      # Kindiki insists on 25
       for b in ("002-01", "002-02", "003-07", "003-08", "003-11")}
    | {("contradiction", ("004-04", b))                 # the rights groups' 61, Kindiki's 42
       for b in ("005-01", "005-04")}
)
UPDATES = {
    ("000-02", "001-02"),                        # Ruto's own count: six, then 19
    ("002-04", "003-01"),                        # the official count: 19, then 25
    ("003-01", "005-01"),                        # 25, then 42
    ("002-01", "004-04"),                        # the KNCHR's 39, then the rights groups' 61
    ("003-10", "005-02"),                        # arrests: 627, then 1,208
    ("000-03", "002-03"),                        # injured: 214, then 361
}
CORROBORATED = {
    ("002-01", "003-11"),  # the KNCHR's 39, in TRT Afrika and in Odri Media
    ("002-03", "003-12"),  # the KNCHR's 361 injured
    ("001-02", "002-04"),  # Ruto's 19, in The Star and in TRT Afrika
    ("000-04", "001-04"),  # the reports of more than 20 dead
}
# Parts (the police among the injured, the dead of 25 June, the disappeared still missing), the
# injured, the arrests and the missing: none of them is in a conflict.
NEVER_FLAGGED = {"000-03", "002-03", "003-02", "003-03", "003-05", "003-06", "003-09", "003-10",
                 "003-12", "004-02", "004-03", "004-05", "004-06", "005-02", "005-03", "005-05"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return built_copy(tmp_path_factory, NAME, "6 sources", "36 claims")


@pytest.fixture(scope="module")
def report(corpus) -> dict:
    return conflict_report(corpus)


def test_the_listed_conflicts_and_no_others(report: dict) -> None:
    assert pairs(report["conflicts"]) == CONFLICTS
    assert len(CONFLICTS) == 39


def test_the_conflicts_form_two_disputes_over_the_death_toll(report: dict) -> None:
    assert len(report["disputes"]) == 2
    assert {row["property"] for row in report["conflicts"]} == {"deaths"}


def test_rising_counts_are_updates(report: dict) -> None:
    assert {("update", pair) for pair in UPDATES} <= pairs(report["info"])


def test_restated_figures_are_corroborated(report: dict) -> None:
    assert {("corroborated", pair) for pair in CORROBORATED} <= pairs(report["info"])


def test_parts_injured_arrests_and_missing_are_never_flagged(report: dict) -> None:
    assert not flagged(report) & NEVER_FLAGGED


def test_figures_two_days_apart_are_rivals_not_updates(report: dict) -> None:
    # kg.toml's same_time_window_days = 2: Ruto's 19 (30 June) and the KNCHR's 39 (1 July).
    assert ("contradiction", ("002-01", "002-04")) in pairs(report["conflicts"])
    assert ("update", ("002-01", "002-04")) not in pairs(report["info"])
