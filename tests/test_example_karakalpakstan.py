"""The second example corpus (examples/karakalpakstan) finds the disagreements its README lists,
and no others (tests/test_examples.py checks that it builds, validates and leaves no figure
unaccounted for): the corpus was curated from the README alone, so this is what a new user's
corpus gets from the tool."""

from __future__ import annotations

import pytest

from .example_corpus import built_copy, conflict_report, flagged, pairs

NAME = "karakalpakstan"

CONFLICTS = {
    ("contradiction", ("001-02", "001-05")),    # injured: 243 against "thousands"
    ("count-decreased", ("000-10", "001-05")),  # "thousands", then 274
    ("count-decreased", ("001-05", "002-03")),  # "thousands", then 243
    ("count-decreased", ("001-05", "007-13")),  # "thousands", then 274
    ("contradiction", ("003-12", "007-05")),    # second trial: 28 imprisoned against 37
    ("contradiction", ("006-03", "007-05")),
    ("contradiction", ("003-13", "007-06")),    # terms of 5-11 years against 5-12
    ("contradiction", ("006-04", "007-06")),
    ("contradiction", ("003-14", "007-04")),    # restriction of liberty: 11 against two
    ("contradiction", ("006-29", "009-21")),    # first trial: 15 imprisoned against 17
    ("contradiction", ("009-21", "010-11")),
    ("functional-mismatch", ("004-02", "008-02")),  # two courts for one trial
}
UPDATES = {
    ("002-02", "003-02"), ("002-02", "007-12"), ("002-02", "011-02"),  # deaths 18, then 21
    ("001-02", "007-13"),                                              # injured 243, then 274
}
DEATHS = {"000-01", "000-02", "000-03", "000-04", "000-05", "001-01", "002-02", "003-02",
          "003-08"}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return conflict_report(built_copy(tmp_path_factory, NAME, "14 sources", "215 claims"))


def test_the_listed_conflicts_and_no_others(report: dict) -> None:
    assert pairs(report["conflicts"]) == CONFLICTS


def test_the_conflicts_fall_into_six_disputes(report: dict) -> None:
    assert len(report["disputes"]) == 6


def test_rising_tolls_are_updates(report: dict) -> None:
    assert {("update", pair) for pair in UPDATES} <= pairs(report["info"])


def test_no_death_toll_is_flagged(report: dict) -> None:
    assert not flagged(report) & DEATHS
