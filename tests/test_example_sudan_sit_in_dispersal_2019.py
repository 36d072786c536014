"""The sixth example corpus (examples/sudan-sit-in-dispersal-2019) finds the disagreements its
README lists, and no others (tests/test_examples.py checks that it builds, validates and leaves
no figure unaccounted for). It was curated by hand, without `kg extract`, as a held-out check of
the drafts: a change in what the tool reads from these sheets shows here first."""

from __future__ import annotations

from itertools import product

import pytest

from .example_corpus import built_copy, conflict_report, flagged, pairs

NAME = "sudan-sit-in-dispersal-2019"

MOH_46 = ("001-01", "001-03", "002-01", "002-02", "002-04")  # the ministry's 46 of 6 June
MOH_61 = ("003-01", "003-02", "003-04", "005-06")            # the ministry's 61 of 6 June
MOH_61_KHARTOUM = "003-03"                                    # 61 in Khartoum State's morgues
DOCTORS_108 = ("002-03", "002-05")                            # the doctors' 108 of 5 June
DOCTORS_113 = ("004-01", "004-02", "004-03")                  # the doctors' 113 of 6 June
MEDIA_100 = "001-02"                                          # "some media": 100 (6 June)
INQUIRY_87 = ("005-01", "005-02")                             # the inquiry's 87 of 27 July
DOCTORS_127 = "005-07"                                        # opposition medics: 127
UN_PROTESTERS = "006-04"                                      # Bachelet: more than 100 protesters
# Claims that dispute another (001-03, 002-01) are never read as running counts.
COUNTED_46 = tuple(c for c in MOH_46 if c not in ("001-03", "002-01"))


def pair(a: str, b: str) -> tuple[str, str]:
    return tuple(sorted((a, b)))  # type: ignore[return-value]


def both(reason: str, left, right) -> set[tuple[str, tuple[str, str]]]:
    return {(reason, pair(a, b)) for a, b in product(left, right)}


CONFLICTS = (
    # Same day, 6 June 2019: the ministry's 46, its 61, the doctors' 113, the media's 100.
    both("contradiction", MOH_46, MOH_61)
    | both("contradiction", MOH_46 + MOH_61, DOCTORS_113)
    | both("contradiction", (MEDIA_100,),
           tuple(c for c in MOH_46 if c != "001-03") + MOH_61 + DOCTORS_113)
    # 27 July 2019: the inquiry's 87 killed and 168 wounded against the medics' 127 and 400.
    | both("contradiction", INQUIRY_87, (DOCTORS_127,))
    | {("contradiction", ("005-03", "005-08"))}
    # Later and lower: the ministry's 46 and 61 of 6 June after the doctors' 108 of 5 June,
    # the media's 100 after the 108, the inquiry's 87 after the 100, 108 and 113.
    | both("count-decreased", DOCTORS_108, COUNTED_46 + MOH_61 + (MEDIA_100,) + INQUIRY_87)
    | both("count-decreased", DOCTORS_113 + (MEDIA_100,), INQUIRY_87)
    # Parts above their whole: 61 in Khartoum State against at most 46 in all; more than 100
    # protesters (24 June) against the inquiry's 87 of all the dead (27 July).
    | both("part-exceeds-whole", (MOH_61_KHARTOUM,), MOH_46)
    | both("part-exceeds-whole", (UN_PROTESTERS,), INQUIRY_87)
    # The text holds a figure wrong: the Undersecretary denies the media's 100; "46, not 108".
    | {("disputed", ("001-02", "001-03")),
       ("disputed", ("002-01", "002-03")),
       ("disputed", ("002-01", "002-05"))}
)
UPDATES = {
    ("002-03", "002-06"),   # the doctors' 35 of 3 June, then 108 on 5 June
    ("002-03", "004-01"),   # the doctors' 108, then 113 on 6 June
    ("004-01", "005-07"),   # 113, then the medics' 127
    ("003-01", "005-01"),   # the ministry's 61, then the inquiry's 87
    ("005-02", "005-06"),
    ("002-06", "003-01"),   # 35 on the day of the dispersal, then the ministry's 61
}
CORROBORATED = {
    ("001-01", "002-04"),   # the ministry's 46, from SUNA and from Middle East Monitor
    ("001-03", "002-02"),
    ("003-01", "005-06"),   # the ministry's 61, from Africnews (SUNA) and from Reuters' text
    ("005-04", "006-03"),   # the date of the dispersal, 3 June 2019
}
# The parts (minors, a woman, security forces among the 61; four dead in Port Sudan; 17 in the
# sit-in square), the doctors' first 35, the officers charged and the event's date: none of
# them is in a conflict.
NEVER_FLAGGED = {"000-01", "000-02", "002-06", "003-05", "003-06", "003-07", "004-04", "005-04",
                 "005-05", "005-09", "006-01", "006-02", "006-03", "006-05"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return built_copy(tmp_path_factory, NAME, "7 sources", "36 claims")


@pytest.fixture(scope="module")
def report(corpus) -> dict:
    return conflict_report(corpus)


def test_the_listed_conflicts_and_no_others(report: dict) -> None:
    assert pairs(report["conflicts"]) == CONFLICTS
    assert len(CONFLICTS) == 99


def test_the_conflicts_form_two_disputes_over_the_dead_and_the_wounded(report: dict) -> None:
    assert len(report["disputes"]) == 2
    assert {row["property"] for row in report["conflicts"]} == {"deaths", "injured"}


def test_rising_counts_are_updates(report: dict) -> None:
    assert {("update", p) for p in UPDATES} <= pairs(report["info"])


def test_restated_figures_are_corroborated(report: dict) -> None:
    assert {("corroborated", p) for p in CORROBORATED} <= pairs(report["info"])


def test_parts_first_counts_charges_and_dates_are_never_flagged(report: dict) -> None:
    assert not flagged(report) & NEVER_FLAGGED


def test_tolls_a_day_apart_are_counts_not_rivals(report: dict) -> None:
    # kg.toml's same_time_window_days = 0: the doctors' 108 (5 June) then 113 (6 June).
    assert ("update", ("002-03", "004-01")) in pairs(report["info"])
    assert ("contradiction", ("002-03", "004-01")) not in pairs(report["conflicts"])
