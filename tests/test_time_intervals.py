"""Dates as intervals (issue 18 item 3): the date reader's wordings, relative dates read
against the article's date, and the tally rules ordering two figures only when one interval
ends before the other begins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.corpus.dates import parse_date

from .conflict_corpus import claim, findings, write_corpus

QK = "https://w3id.org/qantar/ontology#"
D = dt.date
MONDAY = parse_date("2022-07-18")  # a Monday

READ = [
    ("2022", D(2022, 1, 1), D(2022, 12, 31), "2022"),
    ("2022-01", D(2022, 1, 1), D(2022, 1, 31), "2022-01"),
    ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29), "2024-02-29"),
    ("May 2023", D(2023, 5, 1), D(2023, 5, 31), "2023-05"),
    ("Sept. 2022", D(2022, 9, 1), D(2022, 9, 30), "2022-09"),
    ("31 May 2023", D(2023, 5, 31), D(2023, 5, 31), "2023-05-31"),
    ("May 31, 2023", D(2023, 5, 31), D(2023, 5, 31), "2023-05-31"),
    ("January 31st, 2023", D(2023, 1, 31), D(2023, 1, 31), "2023-01-31"),
    ("early January 2022", D(2022, 1, 1), D(2022, 1, 10), "2022-01"),
    ("mid-January 2022", D(2022, 1, 11), D(2022, 1, 20), "2022-01"),
    ("late February 2024", D(2024, 2, 21), D(2024, 2, 29), "2024-02"),
    ("early 2022", D(2022, 1, 1), D(2022, 4, 30), "2022"),
    ("July 1–2, 2022", D(2022, 7, 1), D(2022, 7, 2), "2022-07"),
    ("1-2 July 2022", D(2022, 7, 1), D(2022, 7, 2), "2022-07"),
]
RELATIVE = [  # read against Monday 18 July 2022
    ("today", D(2022, 7, 18), D(2022, 7, 18)),
    ("yesterday", D(2022, 7, 17), D(2022, 7, 17)),
    ("on Monday", D(2022, 7, 18), D(2022, 7, 18)),
    ("last Monday", D(2022, 7, 11), D(2022, 7, 11)),
    ("on Friday", D(2022, 7, 15), D(2022, 7, 15)),
    ("last week", D(2022, 7, 11), D(2022, 7, 17)),
    ("this month", D(2022, 7, 1), D(2022, 7, 18)),
    ("last month", D(2022, 6, 1), D(2022, 6, 30)),
    ("earlier this year", D(2022, 1, 1), D(2022, 7, 18)),
    ("last year", D(2021, 1, 1), D(2021, 12, 31)),
    ("two days ago", D(2022, 7, 16), D(2022, 7, 16)),
    ("3 months ago", D(2022, 4, 1), D(2022, 4, 30)),
]


@pytest.mark.parametrize("words, first, last, calendar", READ)
def test_a_date_is_read_as_the_days_it_stands_for(words, first, last, calendar) -> None:
    date = parse_date(words)
    assert (date.first_day(), date.last_day(), str(date.calendar)) == (first, last, calendar)
    assert not date.is_relative


@pytest.mark.parametrize("words, first, last", RELATIVE)
def test_a_relative_date_is_read_against_the_articles_date(words, first, last) -> None:
    date = parse_date(words, MONDAY, "published")
    assert (date.first_day(), date.last_day()) == (first, last)
    assert date.basis == "published 2022-07-18"
    assert date.wording == words


@pytest.mark.parametrize("words, said", [
    ("Jan the 5th 2022", "write 2022-01-05"),
    ("2022-13", "is not a calendar date"),
    ("February 30, 2023", "is not a calendar date"),
    ("July 5-2, 2022", "ends before it begins"),
    ("soon", "accepted: YYYY, YYYY-MM, YYYY-MM-DD"),
])
def test_a_refusal_says_what_to_write(words, said) -> None:
    with pytest.raises(ValueError, match=said):
        parse_date(words)


def test_a_relative_date_without_an_articles_date_is_refused() -> None:
    with pytest.raises(ValueError, match="give the date itself"):
        parse_date("last year")
    with pytest.raises(ValueError, match="only 2022-07"):
        parse_date("on Monday", parse_date("2022-07"), "inferred")


def tally(claim_id: str, value: int, as_of: str) -> dict:
    return claim(claim_id, "deaths", value, as_of=as_of)


@pytest.mark.parametrize("earlier, later", [("2022", "2022-01"), ("2022-01", "2022"),
                                            ("early January 2022", "2022-01"),
                                            ("2022", "2022-12-25")])
def test_overlapping_dates_are_never_ordered(tmp_path: Path, earlier: str, later: str) -> None:
    root = write_corpus(tmp_path, [tally("100-01", 100, earlier), tally("200-01", 90, later)])
    found = findings(root)
    assert not {f for f in found if f.startswith(("update", "count-decreased"))}, found


def test_an_interval_that_ends_before_the_other_begins_is_earlier(tmp_path: Path) -> None:
    root = write_corpus(tmp_path, [tally("100-01", 100, "early January 2022"),
                                   tally("200-01", 90, "late January 2022")])
    assert "count-decreased 100-01 200-01" in findings(root)
    root = write_corpus(tmp_path / "grew", [tally("100-01", 100, "2021"),
                                            tally("200-01", 120, "2022-01")])
    assert "update 100-01 200-01" in findings(root)


def test_earlier_this_year_never_sorts_after_a_later_article_of_that_year(tmp_path: Path) -> None:
    """The issue's case: officials gave 238 'earlier this year' (an article of 25 December
    2022); another article of that day says 225 were counted in January. Before, 'this year'
    stood for 31 December and 225 read as an earlier, smaller count of the same tally."""
    sources = {"100_a": {"published": "2022-12-25", "publisher": "org/outlet-a"},
               "200_b": {"published": "2022-12-25", "publisher": "org/outlet-b"}}
    root = write_corpus(tmp_path, [tally("100-01", 238, "earlier this year"),
                                   tally("200-01", 260, "2022-12-25")], sources)
    assert not {f for f in findings(root) if f.startswith(("update", "count-decreased"))}


def test_the_projects_window_makes_near_intervals_the_same_time(tmp_path: Path) -> None:
    claims = [tally("100-01", 100, "2022-01-31"), tally("200-01", 90, "2022-02-15")]
    root = write_corpus(tmp_path, claims)
    assert "count-decreased 100-01 200-01" in findings(root)
    root = write_corpus(tmp_path / "window", claims)
    with (root / "kg.toml").open("a", encoding="utf-8") as settings:
        settings.write("[conflicts]\nsame_time_window_days = 30\n")
    found = findings(root)
    assert "count-decreased 100-01 200-01" not in found
    assert "contradiction 100-01 200-01" in found  # at the same time, and they differ


def test_a_relative_as_of_records_its_reading_and_basis(kg, tmp_path: Path) -> None:
    root = write_corpus(tmp_path, [tally("100-01", 100, "last year")])
    assert kg("build", "-p", str(root)).exit_code == 0
    graph = Graph().parse(root / "build" / "kg.nt")
    node = URIRef("https://w3id.org/qantar/id/claim/100-01")
    assert graph.value(node, URIRef(QK + "asOf")) == Literal("2023", datatype=XSD.gYear)
    assert str(graph.value(node, URIRef(QK + "asOfWording"))) == "last year"
    assert str(graph.value(node, URIRef(QK + "dateBasis"))) == \
        "as-of, read against published 2024-03-20"
    assert graph.value(node, URIRef(QK + "effectiveStart")) == \
        Literal("2023-01-01", datatype=XSD.date)
    assert graph.value(node, URIRef(QK + "effectiveDate")) == \
        Literal("2023-12-31", datatype=XSD.date)


def test_a_weekday_in_an_article_dated_by_month_is_refused_with_its_line(kg, tmp_path: Path
                                                                        ) -> None:
    sources = {"100_a": {"published": "2024-03", "publisher": "org/outlet-a"}}
    root = write_corpus(tmp_path, [tally("100-01", 100, "on Monday")], sources)
    result = kg("build", "-p", str(root))
    assert result.exit_code != 0
    assert "100_a.yaml:" in result.stderr and "only 2024-03" in result.stderr
    assert not (root / "build" / "kg.nt").exists()
