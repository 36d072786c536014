"""The extractor's guessing rules, one test each, on small articles written for the test (a
made-up country and its trials, so no corpus's wording is involved): requests are attributed
to the requester and are the request's, a byline names the author, a count a trial's name
gives is that trial's, a narrower measure wins, groups of the trial at hand, a person across a
comma or a dash, a date beside a place, 'one' that is no count, and of two names read after
'according to' the longer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.corpus.figures import parse_figure
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
  veloria-wire:
    label: Veloria Wire
    type: media-outlet
  harbour-officials:
    label: Harbour officials
    aliases: [three harbour officials]
    type: collective
  amnesty-league:
    label: Amnesty League
    type: ngo
  channel-9:
    label: Channel 9
    type: media-outlet
  veloria-government:
    label: Veloria government
    aliases: [Veloria officials]
    type: government-body
  united-nations:
    label: United Nations
    aliases: [the UN]
    type: international-body
  medics-council:
    label: Medics Council
    aliases: [the council]
    type: ngo
  harbour-inquiry-council:
    label: Harbour Inquiry Council
    aliases: [the council]
    type: government-body
  reports-of-over-40:
    label: Reports of over 40 dead
    aliases: [reports that more than 40 people have been killed]
    type: collective
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



# Who says each figure of an article: (article, {figure's value: its speaker}); None is the
# publisher (no speaker named).
SPEAKERS = {
    "of two names after 'according to', the longer speaks": (  # not 'the prosecutor'
        "According to the Prosecutor General's Office, 21 people were killed.\n",
        {"21": "org/prosecutor-general"}),
    "each figure takes the speaker whose verb is before it": (
        "Later the UN asserted that more than 400 people were killed, while Civic Watch has "
        "reiterated that more than 1,000 were killed.\n",
        {"more than 400": "org/united-nations", "more than 1,000": "org/civic-watch"}),
    "a speaker whose words follow does not say the figure before": (
        "The police reportedly detained more than 800 people, and Ida Brand told Civic Watch "
        "that raids went on.\nAt least 30 people were killed, Civic Watch said on Monday.\n"
        "Witnesses told Civic Watch on Monday that 20 people were hurt.\n",
        {"more than 800": None,  # Ida Brand's words come after 'that'
         "at least 30": "org/civic-watch",
         "20": None}),  # not Civic Watch, who listened
    "the name before a title speaks": (
        "Ida Brand, director for the north at Civic Watch, said 40 people were killed.\n"
        "Marek Olsen, head of the port committee said that 50 people were injured.\n",
        {"40": "person/ida-brand", "50": "person/marek-olsen"}),
    "a joined verb is the sentence subject's": (
        "Veloria officials have not issued a toll, and have referred to only five deaths, "
        "claiming four policemen were killed.\n",
        {"five": "org/veloria-government", "four": "org/veloria-government"}),
    "a reckoning is its owner's": (
        "Civic Watch has raised its confirmed death toll to 304.\nThe group issued an update in "
        "which it cited thousands of arrests.\nOfficials call Amnesty League estimates of at "
        "least 300 and Channel 9 suggestions of 1,000 killed overstated.\n",
        {"304": "org/civic-watch",
         "thousands": "org/civic-watch",  # 'it cited', the last named
         "at least 300": "org/amnesty-league", "1,000": "org/channel-9"}),
    "he or she is the last person who spoke": (  # not Civic Watch
        "Ida Brand said the toll was rising.\nCivic Watch reported that 30 people were hurt.\n"
        "\u201cAt least 25 people died,\u201d she said.\n",
        {"at least 25": "person/ida-brand"}),
    "an opening phrase before the agent and its joined verb": (
        "On May 1, the United Nations also released figures, stating that 39 people had "
        "died.\n",
        {"39": "org/united-nations"}),
    "a figure in a named report is the report's": (
        "Ida Brand said that 12 people died, contrary to reports that more than 40 people have "
        "been killed.\n",
        {"12": "person/ida-brand", "more than 40": "org/reports-of-over-40"}),
    "more verbs of saying": (
        "Marek Olsen has assured reporters that only 19 people died.\nIda Brand emphasized that "
        "30 people were killed.\n",
        {"19": "person/marek-olsen", "30": "person/ida-brand"}),
}


@pytest.mark.parametrize("case", list(SPEAKERS))
def test_who_says_each_figure(draft, case: str) -> None:
    text, expected = SPEAKERS[case]
    found = _by_value(draft(text))
    assert {value: found[value].stated_by for value in expected} == expected


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







def test_a_relayed_figure_is_its_sources(draft) -> None:
    found = _by_value(draft("Veloria Wire quoted \"three harbour officials\" as confirming a "
                            "toll of about 1,500.\nThe toll, provided to Veloria Wire by three "
                            "harbour officials, included at least 17 teenagers.\n"))
    for value in ("about 1,500", "at least 17"):
        claim = found[value]
        assert (claim.stated_by, claim.relayed_by) == ("org/harbour-officials",
                                                       "org/veloria-wire"), value


def test_a_repeated_figure_takes_the_speaker_of_its_repeat(draft) -> None:
    result = draft("Nearly 90 killed in the unrest, minister suggests\n"
                   "\"The crackdown left at least 70 people dead.\"\n"
                   "Ida Brand said that 90 people were killed.\n"
                   "\"The crackdown left at least 70 people dead,\" Marek Olsen said.\n")
    claims = result.claims
    headline = next(c for c in claims if c.value == "nearly 90")
    assert headline.stated_by is None  # 'nearly 90' is not the same figure as '90'
    pull, body = [c for c in claims if c.value == "at least 70"]
    assert body.stated_by == "person/marek-olsen"
    assert pull.stated_by == "person/marek-olsen" and "same figure" in pull.review
    again = draft("90 killed in the unrest, minister suggests\n"
                  "Ida Brand said that 90 people were killed.\n")
    first = again.claims[0]
    assert first.stated_by == "person/ida-brand" and "check it is one statement" in first.review


def test_qualifiers_the_reader_lacks_are_given_its_form(draft) -> None:
    result = draft("Reports suggest as many as 200 have been killed. Officials gave possibly "
                   "upward of 1,000 killed. The minister said \u201csome 40 or 45 people were "
                   "killed by other weapons.\u201d The 500 or so detained were freed. The toll "
                   "of 208 is likely to be higher.\n")
    read = {}
    for claim in result.claims:  # as the build reads each value (the reader may grow forms)
        figure = parse_figure(claim.value, Decimal("0.10"))
        read[(figure.lower, figure.upper, figure.lower_exclusive)] = claim
    for bounds in ((0, 200, False), (1000, None, True), (40, 45, False), (450, 550, False),
                   (208, None, False)):
        assert bounds in read, bounds
    forty = read[(40, 45, False)]
    assert forty.quote.startswith("some 40 or 45")  # inside the quotation, verbatim
    assert "the figure reader's form of 'some 40 or 45'" in forty.review or \
        forty.value == "some 40 or 45"


def test_a_name_is_no_figure_and_no_cue(draft) -> None:
    result = draft("Channel 9 reported that Amnesty League counted 300.\n")
    assert [c.value for c in result.claims] == ["300"]
    assert result.claims[0].property != "peopleAmnestied"  # 'Amnesty' is a name, no cue
    assert "no cue word" in result.claims[0].review
    assert any("part of the name 'Channel 9'" in o.reason for o in result.left_out)


def test_a_number_in_a_long_name_is_still_a_figure(draft) -> None:
    """A name holding a number is a proper name when short ('Channel 9'); a curator's entity
    for a phrase ('reports that more than 40 people have been killed') still gives its figure."""
    result = draft("The minister denied reports that more than 40 people have been killed.\n")
    assert [c.value for c in result.claims] == ["more than 40"]


def test_a_quotation_is_the_speaker_of_its_attribution(draft) -> None:
    """The sentence splitter cuts a quotation in sentences; the attribution after the closing
    mark, or the one ending right before the opening mark, speaks all of it."""
    found = _by_value(draft("\u201cWe counted every case. In the end 40 people were killed,\u201d "
                            "Marek Olsen said.\nThe count was \"final\", Ida Brand insisted. "
                            "\u201cWe checked it twice. Nearly 90 people were injured.\u201d\n"))
    assert found["40"].stated_by == "person/marek-olsen"
    assert found["nearly 90"].stated_by == "person/ida-brand"
    assert "the speaker of the quotation" in found["nearly 90"].review





def test_a_sentence_opening_with_the_findings_is_the_last_speakers(draft) -> None:
    found = _by_value(draft("According to Civic Watch, 50 people were arrested.\n"
                            "Among the findings, 12 people were shot dead.\n"))
    assert found["12"].stated_by == "org/civic-watch"
    assert "the findings of the last speaker named" in found["12"].review



def test_a_cue_of_an_earlier_figure_in_a_list_is_not_this_ones(draft) -> None:
    found = _by_value(draft("Civic Watch said 13 people had died and 45 were injured.\n"
                            "Officials said eight people lost their lives, 60 people had been "
                            "hurt.\n"))
    assert found["45"].property == "injured"
    assert found["60"].property == "injured"
    assert found["13"].property == found["eight"].property == "deaths"


def test_cue_words_lost_and_release_of(draft) -> None:
    found = _by_value(draft("\u201cWe have lost 25 people,\u201d Marek Olsen said.\nCivic Watch "
                            "secured the release of over 300 persons illegally detained.\n"))
    assert found["25"].property == "deaths"
    assert found["over 300"].property == "peopleReleased"


# Round 4: the agent of a reporting act is its figure's speaker (kg.curate.acts). Each case is
# (article, the figure's value, the speaker expected, words its review must hold).
ACTS_CASES = {
    "an act's agent before it": (
        "Civic Watch published a list of 52 deaths.\n", "52", "org/civic-watch", "an act"),
    "an act's agent as the sentence's subject": (
        "Civic Watch on Monday for the first time released a tally of 61 deaths.\n", "61",
        "org/civic-watch", "an act"),
    "a pronoun before an act": (
        "Ida Brand spoke to reporters on Monday.\nThey collected a list of 73 deaths, Ida Brand "
        "said.\nMarek Olsen said the count was low. They collected a list of 88 deaths.\n", "88",
        "person/marek-olsen", "pronoun"),
    "a record noun between a name and its verb": (
        "The Civic Watch report suggested that 84 people died.\n", "84", "org/civic-watch",
        "said"),
    "according to data verified by an agent": (
        "According to data verified by the United Nations, at least 95 people were killed.\n",
        "at least 95", "org/united-nations", "according to"),
    "a headline's inverted act": (
        "Nearly 70 killed in the unrest, finds Civic Watch report\n\nThe unrest went on.\n",
        "nearly 70", "org/civic-watch", "an act"),
    "a standfirst with no subject takes its repeat's speaker": (
        "Unrest in Veloria\n\nSays nearly 40 people died in the unrest\n\nNearly 40 people "
        "died in the unrest, Civic Watch said.\n", "nearly 40", "org/civic-watch",
        "the same figure is theirs"),
    "'the report' points back to the source last named": (
        "Civic Watch issued its findings on Monday.\nThe report documents 45 deaths in "
        "custody.\n", "45", "org/civic-watch", "pronoun"),
    "the next sentence of the paragraph goes on with the data": (
        "According to data verified by the United Nations, 95 people were killed. More than "
        "300 were injured.\n", "more than 300", "org/united-nations",
        "the source the paragraph goes on with"),
    "a long title with an agent in it": (
        "Ida Brand, a member of the oversight and complaints sub-committee of the Civic Watch "
        "chapter of the Port Alba district in a long video post on Friday said that 12 people "
        "died.\n", "12", "person/ida-brand", "said"),
    "the sentence's subject across asides": (
        "Ida Brand, however, after visiting the hospital on May 2 said that 30 people died.\n",
        "30", "person/ida-brand", "the sentence's subject"),
}


@pytest.mark.parametrize("case", sorted(ACTS_CASES))
def test_a_reporting_acts_agent_is_the_speaker(draft, case: str) -> None:
    text, value, speaker, review = ACTS_CASES[case]
    found = next(c for c in draft(text).claims if c.value == value)  # the first mention
    assert found.stated_by == speaker
    assert review in found.review


def test_an_act_with_no_agent_names_no_one(draft) -> None:
    """A participle or a noun form of an act names no speaker ('bodies were found')."""
    found = _by_value(draft("The bodies of 14 people were found near the port.\n"))
    assert found["14"].stated_by is None
    assert "no speaker is named" in found["14"].review


def test_cue_words_martyrs_and_gazetted(draft) -> None:
    found = _by_value(draft("Veloria officials gazetted 120 names as martyrs of the unrest.\n"))
    assert found["120"].property == "deaths"
    assert found["120"].scope == ("officiallyRecognised",)
    assert found["120"].stated_by == "org/veloria-government"


# What a reader carries across sentences (kg.curate.carried): (text, the claim's value, its
# field, the expected guess, the rule's switch, or None when the case's twin checks it).
CARRIED_CASES = {
    "a shared name is the one named last (the second)": (
        "Medics Council counted 30 dead.\nHarbour Inquiry Council opened its hearings.\n"
        "The council said 45 people were injured.\n", "45", "stated_by",
        "org/harbour-inquiry-council", None),  # with the rule off, the tie falls this way
    "a shared name is the one named last (the first)": (
        "Harbour Inquiry Council opened its hearings.\nMedics Council counted 30 dead.\n"
        "The council said 45 people were injured.\n", "45", "stated_by",
        "org/medics-council", "resolve_shared"),
    "a headline's figure is the body's statement": (
        "Toll of the unrest now at 52\n\nCivic Watch said on Friday that 52 people were "
        "killed in the unrest.\n", "52", "stated_by", "org/civic-watch", "headline_end"),
    "a headline's figure holds when the body's does": (
        "Toll of the unrest now at 52\n\nCivic Watch said on Friday that 52 people were "
        "killed in the unrest.\n", "52", "as_of", "on Friday", "headline_end"),
    "'at the time' is the time the sentence before says": (
        "Troops cleared the square in Port Alba on Tuesday.\nThe toll at the time stood at "
        "17, Civic Watch said.\n", "17", "as_of", "on Tuesday", "date_options"),
    "a date after 'since' dates the event": (
        "Civic Watch said on Friday that the toll since the crackdown on Tuesday rose to 61.\n",
        "61", "as_of", "on Friday", "dates_event"),
    "a date after 'after' past the figure dates the event": (
        "Civic Watch said on Friday that the number of people killed in the unrest had risen "
        "to 61 after troops cleared the square on Tuesday.\n", "61", "as_of", "on Friday",
        "dates_event"),
}


def _switched_off(monkeypatch, switch: str) -> None:
    """Switch one rule of kg.curate.carried off, as kg.curate.extract calls it."""
    from kg.curate import carried, extract
    off = {"resolve_shared": lambda hits, kinds: hits, "headline_end": lambda text: -1,
           "dates_event": lambda *args: False,
           "date_options": lambda text, spans, *rest: carried.date_options(
               text, spans[-1:], *rest)}[switch]
    target = carried if switch == "dates_event" else extract
    monkeypatch.setattr(target, switch, off)


@pytest.mark.parametrize("case", sorted(CARRIED_CASES))
def test_what_a_reader_carries(draft, monkeypatch, case: str) -> None:
    text, value, field, expected, switch = CARRIED_CASES[case]
    found = _by_value(draft(text))
    assert value in found, sorted(found)
    assert getattr(found[value], field) == expected
    assert expected in found[value].review
    if switch:  # the guess is the rule's: without it, it is not
        _switched_off(monkeypatch, switch)
        off = next((c for c in draft(text).claims if c.value == value), None)
        assert off is None or getattr(off, field) != expected
