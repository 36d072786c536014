"""The extractor's guessing rules, one test each, on small articles written for the test (a
made-up country and its trials, so no corpus's wording is involved): requests are attributed
to the requester and are the request's, a byline names the author, a count a trial's name
gives is that trial's, a narrower measure wins, groups of the trial at hand, a person across a
comma or a dash, a date beside a place, 'one' that is no count, and of two names read after
'according to' the longer."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.curate.article import read_article
from kg.curate.extract import Extractor
from kg.project import open_project

ENTITIES = """\
event:
  veloria-unrest:
    label: The March 2031 unrest in Veloria
    aliases: [Veloria unrest]
  prosecution-requests-trial-12:
    label: The prosecution's sentencing requests in the trial of 12
    part_of: event/veloria-unrest
  prosecution-request-marek-olsen:
    label: The prosecution's requested sentence for Marek Olsen (trial of 12)
    part_of: event/prosecution-requests-trial-12
trial:
  port-trial-12:
    label: Port Alba trial of 12 defendants (verdict 3 May 2032)
    aliases: [trial of 12]
    part_of: event/veloria-unrest
  river-trial-7:
    label: Riverside trial of 7 defendants
    aliases: [Riverside trial]
    part_of: event/veloria-unrest
group:
  port-trial-12-imprisoned:
    label: The defendants of the trial of 12 sentenced to prison
    part_of: trial/port-trial-12
  river-trial-7-imprisoned:
    label: The defendants of the trial of 7 sentenced to prison
    part_of: trial/river-trial-7
person:
  marek-olsen:
    label: Marek Olsen
    aliases: [Olsen]
  ida-brand:
    label: Ida Brand
org:
  state-prosecution:
    label: The state prosecution
    aliases: [the prosecutor, the prosecution, prosecutors]
    type: government-body
  prosecutor-general:
    label: Prosecutor General's Office of Veloria
    aliases: [Prosecutor General's Office]
    type: government-body
  civic-watch:
    label: Civic Watch
    type: ngo
  daily-ledger:
    label: The Daily Ledger
    type: media-outlet
"""


@pytest.fixture
def draft(kg, tmp_path: Path):
    """Draft an article (its text) in a small project of a made-up country's trials."""
    root = tmp_path / "veloria"
    assert kg("init", str(root)).exit_code == 0
    settings = root / "kg.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'main_event = "event/veloria"', 'main_event = "event/veloria-unrest"'), encoding="utf-8")
    (root / "data" / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    extractor = Extractor(open_project(root))

    def run(text: str):
        article = root / "data" / "sources" / "001_test.txt"
        article.write_text(text, encoding="utf-8")
        article.with_suffix(".yaml").write_text(
            "title: T\npublisher: org/daily-ledger\nurl: null\npublished: 2032-05-04\n"
            "language: en\n", encoding="utf-8")
        return extractor.draft(read_article(article))

    return run


def _by_value(draft) -> dict:
    return {c.value: c for c in draft.claims}


def test_a_request_is_the_requesters_and_the_requests_own(draft) -> None:
    found = _by_value(draft("The prosecutor asked the court to sentence Marek Olsen to "
                            "9 years in prison.\n"))
    nine = found["9 years"]
    assert nine.stated_by == "org/state-prosecution"
    assert nine.subject == "event/prosecution-request-marek-olsen"
    assert nine.property == "sentenceLength"
    assert "a request (a verb of asking)" in nine.review


def test_a_figure_before_the_request_verb_is_not_the_requesters(draft) -> None:
    found = _by_value(draft("Ida Brand was sentenced to 16 years in prison, and the "
                            "prosecution had requested 18 years.\n"))
    assert found["16 years"].stated_by is None  # the publisher's: the court's sentence
    assert found["16 years"].subject == "person/ida-brand"
    assert found["18 years"].stated_by == "org/state-prosecution"


def test_of_two_names_after_according_to_the_longer_speaks(draft) -> None:
    found = _by_value(draft("According to the Prosecutor General's Office, 21 people were "
                            "killed.\n"))
    assert found["21"].stated_by == "org/prosecutor-general"  # not 'the prosecutor'


def test_a_byline_names_the_author_as_the_default_speaker(draft) -> None:
    result = draft("Veloria counts its dead\n\nBy Jane Roe for Civic Watch\n\n"
                   "At least 40 people were killed in the unrest.\n")
    assert result.stated_by == "org/civic-watch"  # not the publisher, The Daily Ledger
    forty = _by_value(result)["at least 40"]
    assert forty.stated_by is None and "the author its byline names" in forty.review


def test_a_count_a_trials_name_gives_is_that_trials(draft) -> None:
    twelve = _by_value(draft("A court in Port Alba has convicted 12 people.\n"))["12"]
    assert (twelve.subject, twelve.property) == ("trial/port-trial-12", "defendantsConvicted")
    assert "its name counts 12" in twelve.review


def test_a_narrower_measure_cued_in_the_clause_wins(draft) -> None:
    found = _by_value(draft("Five defendants were sentenced to restriction of liberty.\n"))
    assert found["five"].property == "restrictionOfLibertySentences"


def test_a_group_of_the_trial_at_hand_wins(draft) -> None:
    text = ("The Riverside trial of 7 defendants ended with a verdict on Monday.\n"
            "Five defendants were sentenced to prison terms of three to six years.\n")
    spread = _by_value(draft(text))["three to six years"]
    assert spread.subject == "group/river-trial-7-imprisoned"


def test_a_person_across_a_comma_or_a_dash(draft) -> None:
    found = _by_value(draft("Ida Brand, a journalist from the north, was sentenced to 16 years "
                            "in prison. Marek Olsen received the longest term – 11 years in "
                            "prison.\n"))
    assert found["16 years"].subject == "person/ida-brand"
    assert found["11 years"].subject == "person/marek-olsen"


def test_a_date_beside_a_place_is_the_events(draft) -> None:
    result = draft("The riots that broke out in the city of Alba on March 3, 2031 were the "
                   "worst in a decade.\n")
    dated = [c for c in result.claims if c.property == "date"]
    assert [c.value for c in dated] == ["2031-03-03"]


def test_one_that_is_no_count_is_left_out(draft) -> None:
    result = draft("Ida Brand, one of 12 defendants, spoke. She was the only one refusing to "
                   "plead guilty. They were charged under 11 articles of the criminal code.\n")
    reasons = {o.words: o.reason for o in result.left_out}
    assert "the count is the number after" in reasons["one"] or "stands for a noun" in \
        reasons["one"]
    assert sum("one" == o.words for o in result.left_out) == 2
    assert "a law's articles" in reasons["11"]
    assert [c.value for c in result.claims] == ["12"]
