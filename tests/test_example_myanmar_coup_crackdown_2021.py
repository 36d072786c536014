"""The seventh example corpus (examples/myanmar-coup-crackdown-2021) builds, validates, leaves
no figure unaccounted for and finds the disagreements its README lists, and no others. It was
curated by hand, without `kg extract`, as a held-out check of the drafts: a change in what the
tool reads from these sheets shows here first."""

from __future__ import annotations

from itertools import product

import pytest

from .example_corpus import built_copy, conflict_report, flagged, pairs

NAME = "myanmar-coup-crackdown-2021"


def both(reason: str, left, right) -> set[tuple[str, tuple[str, ...]]]:
    return {(reason, tuple(sorted((a, b)))) for a, b in product(left, right)}


CONFLICTS = (
    # 9 April: the junta's 248 against the AAPP's "more than 600" and 614 of the same day, and
    # below the AAPP's "at least 261" of 24 March.
    both("contradiction", ("002-03",), ("002-02", "002-06"))
    | {("count-decreased", ("001-03", "002-03"))}
    # 19-21 April: the 258 holds the AAPP's toll exaggerated, the AAPP its 738 "not inflated".
    | {("disputed", ("003-01", "003-02")),
       ("disputed", ("004-02", "004-03")),
       ("disputed", ("004-03", "004-04")),
       ("disputed", ("003-01", "004-04"))}
    | {("contradiction", ("003-01", "004-02")),
       ("contradiction", ("003-02", "004-03"))}
    # The junta's police dead: 16 on 9 April, 15 on 19 April.
    | {("count-decreased", ("002-04", "003-04"))}
)
UPDATES = {
    ("001-02", "002-03"),   # the junta's 164 (23 March), then 248 (9 April)
    ("002-06", "003-02"),   # 614, then 737
    ("001-04", "002-04"),   # police: 5, then 16
    ("001-05", "003-03"),   # soldiers: 4, then 7
    ("001-02", "001-03"),   # the junta's 164 of 23 March, the AAPP's 261 undated (24 March)
}
CORROBORATED = {
    ("003-01", "004-03"),   # the 258, from state television (003) and the junta (004)
    ("001-01", "002-01"),   # the coup's date
}
# "at least 261" beside 614 and 737 is a vaguer figure, not an update.
# The UN's counts and their parts, the parts of the tolls (children, Bago, custody, torture),
# the soldiers and the people detained: none is in a conflict.
NEVER_FLAGGED = {"000-01", "000-02", "000-03", "000-04", "000-05", "000-06", "000-07",
                 "001-01", "001-02", "001-04", "001-05", "001-06", "002-01", "002-05",
                 "002-07", "002-08", "003-03", "004-01"}


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory):
    return built_copy(tmp_path_factory, NAME, "5 sources", "29 claims")


@pytest.fixture(scope="module")
def report(kg) -> dict:
    return conflict_report(kg)


def test_it_validates_and_every_figure_is_accounted_for(kg) -> None:
    validated = kg("validate")
    assert validated.exit_code == 0, validated.stdout + validated.stderr
    covered = kg("coverage")
    assert covered.exit_code == 0, covered.stdout + covered.stderr
    assert "49 figures in 5 articles" in covered.stdout


def test_the_listed_conflicts_and_no_others(report: dict) -> None:
    assert pairs(report["conflicts"]) == CONFLICTS
    assert len(CONFLICTS) == 10
    assert len(report["disputes"]) == 3
    assert {row["property"] for row in report["conflicts"]} == {"deaths"}


def test_rising_counts_are_updates_and_restatements_corroborate(report: dict) -> None:
    assert {("update", pair) for pair in UPDATES} <= pairs(report["info"])
    assert {("corroborated", pair) for pair in CORROBORATED} <= pairs(report["info"])


def test_parts_soldiers_and_detentions_are_never_flagged(report: dict) -> None:
    assert not flagged(report) & NEVER_FLAGGED


def test_the_aapps_daily_counts_are_not_rivals(report: dict) -> None:
    # same_time_window_days = 0: the AAPP's 737 (19 April) and 738 (20 April) never conflict.
    found = pairs(report["conflicts"])
    assert not {pair for _, pair in found} & {("003-02", "004-04")}
