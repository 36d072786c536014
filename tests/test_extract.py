"""`kg extract` as a curator meets it: a draft of each bundled article builds once its review:
lines are deleted (and not before), no figure is dropped silently, relative dates are read
against the publication date, an existing sheet is never replaced without --force, and bad
input exits 2 with a sentence."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.run import build
from kg.corpus.dates import parse_date
from kg.curate.article import read_article
from kg.curate.draftsheet import render_draft
from kg.curate.extract import Extractor
from kg.curate.scan import figures_in
from kg.errors import InputError
from kg.project import open_project

from .conftest import REPO

ARTICLES = sorted(p.stem for p in (REPO / "data" / "sources").glob("*.txt"))
REVIEW = re.compile(r"(?m)^    review: .*\n")


def _draft_into(kg, project: Path, stem: str) -> str:
    """Draft the article's sheet over the curated one; the draft's text."""
    sheet = project / "data" / "claims" / f"{stem}.yaml"
    result = kg("extract", str(project / "data" / "sources" / f"{stem}.txt"), "-p", str(project),
                "-o", str(sheet), "--force")
    assert result.exit_code == 0, result.stderr
    assert f"wrote {sheet}" in result.stderr
    return sheet.read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", ARTICLES)
def test_a_draft_builds_once_its_review_lines_are_deleted(kg, bundled: Path, stem: str) -> None:
    text = _draft_into(kg, bundled, stem)
    claims = len(re.findall(r"(?m)^  - id: ", text))
    assert claims and len(REVIEW.findall(text)) == claims  # a review: on every claim
    with pytest.raises(InputError) as refused:
        build(open_project(bundled), workers=1)
    assert all("the note kg extract leaves" in p.message for p in refused.value.problems)
    assert len(refused.value.problems) == claims
    sheet = bundled / "data" / "claims" / f"{stem}.yaml"
    sheet.write_text(REVIEW.sub("", text), encoding="utf-8")
    summary = build(open_project(bundled), workers=1)
    assert summary.sources == len(ARTICLES)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(open_project(REPO))


@pytest.mark.parametrize("stem", ARTICLES)
def test_every_figure_is_a_claim_or_listed_as_left_out(extractor: Extractor, stem: str) -> None:
    article = read_article(REPO / "data" / "sources" / f"{stem}.txt")
    draft = extractor.draft(article)
    text = render_draft(draft)
    for mention in figures_in(article.text):
        claimed = [c for c in draft.claims
                   if c.figure[0] <= mention.start and mention.end <= c.figure[1]]
        left = [o for o in draft.left_out if (o.start, o.end) == (mention.start, mention.end)]
        assert len(claimed) + len(left) == 1, mention
        if left:
            assert f"line {left[0].line}: {left[0].words!r}" in text
    for claim in draft.claims:  # the quote is the article's, and holds the value's words
        assert article.text[claim.start:claim.end] == claim.quote
        assert claim.start <= claim.figure[0] and claim.figure[1] <= claim.end
        assert re.fullmatch(rf"{stem[:3]}-\d\d", claim.id)


def test_a_repeated_quote_gets_its_occurrence(extractor: Extractor) -> None:
    draft = extractor.draft(read_article(REPO / "data" / "sources" / "001_8625e6b7dc8f5e2d.txt"))
    repeated = [c for c in draft.claims if c.quote == "Kazakhstan court sentences three "
                "ex-police officers"]
    assert [c.occurrence for c in repeated] == [1, 2]


def test_what_the_draft_guesses_from_the_sentence(extractor: Extractor) -> None:
    draft = extractor.draft(read_article(REPO / "data" / "sources" / "004_ae2c329ed266d90a.txt"))
    by_value = {c.value: c for c in draft.claims}
    six = by_value["six"]  # "Kazakh officials said earlier this year that six people were
    assert (six.property, six.scope, six.stated_by, six.as_of) == (  # tortured to death"
        "deaths", ("byTorture",), "org/kazakh-officials", "earlier this year")
    assert "2022-01-01 to 2022-12-20" in six.review  # read against the inferred date
    nineteen = by_value["19"]
    assert (nineteen.scope, nineteen.quote) == (("lawEnforcement",),
                                                "including 19 law enforcement officers, died")
    assert by_value["more than 200"].stated_by == "org/human-rights-watch"  # "HRW has called"
    assert by_value["over 1,000"].stated_by == "org/human-rights-watch"  # "It added"
    assert draft.stated_by == "org/rferl"  # the publisher, the sheet's default


def test_a_month_without_its_year_is_read_against_the_articles_date(extractor) -> None:
    draft = extractor.draft(read_article(REPO / "data" / "sources" / "001_8625e6b7dc8f5e2d.txt"))
    serving = next(c for c in draft.claims if c.value == "39")  # "... back in June"
    assert (serving.as_of, serving.scope) == ("2023-06", ("lawEnforcement",))
    assert "2024-03 (inferred)" in serving.as_of_note
    verdict = next(c for c in draft.claims if c.property == "verdictDate")  # "on March 18"
    assert verdict.value == "2024-03-18" and "March 18" in verdict.note


ARTICLE = ("Police said on Monday that 12 people were killed in the clashes in Almaty.\n"
           "The ministry later reported 40 injured.\n")


def test_a_relative_date_is_read_against_published(kg, bundled: Path) -> None:
    sources = bundled / "data" / "sources"
    (sources / "005_monday.txt").write_text(ARTICLE, encoding="utf-8")
    (sources / "005_monday.yaml").write_text(  # 2022-07-20 is a Wednesday
        "title: Clashes\npublisher: org/rferl\nurl: null\npublished: 2022-07-20\n"
        "language: en\n", encoding="utf-8")
    text = _draft_into(kg, bundled, "005_monday")
    assert '    as_of: "on Monday"' in text
    assert "read against published 2022-07-20: 2022-07-18" in text
    sheet = bundled / "data" / "claims" / "005_monday.yaml"
    sheet.write_text(REVIEW.sub("", text), encoding="utf-8")
    build(open_project(bundled), workers=1)
    anchor = parse_date("2022-07-20")
    assert str(parse_date("on Monday", anchor).first) == "2022-07-18"
    assert "property: deaths" in text and "property: injured" in text


def test_an_existing_sheet_is_replaced_only_with_force(kg, bundled: Path) -> None:
    article = bundled / "data" / "sources" / "000_15dccdb6507099fe.txt"
    sheet = bundled / "data" / "claims" / "000_15dccdb6507099fe.yaml"
    curated = sheet.read_text(encoding="utf-8")
    refused = kg("extract", str(article), "-p", str(bundled), "-o", str(sheet))
    assert refused.exit_code == 2
    assert f"error: {sheet}: exists: kg extract does not replace a sheet (a curated one would " \
        "be lost); give --force to replace it, or another -o" in refused.stderr
    assert sheet.read_text(encoding="utf-8") == curated
    forced = kg("extract", str(article), "-p", str(bundled), "-o", str(sheet), "--force")
    assert forced.exit_code == 0 and sheet.read_text(encoding="utf-8") != curated
    printed = kg("extract", str(article), "-p", str(bundled))  # no -o: standard output
    assert printed.exit_code == 0 and printed.stdout == sheet.read_text(encoding="utf-8")


def test_bad_input_exits_2_with_a_sentence(kg, bundled: Path, tmp_path: Path) -> None:
    missing = kg("extract", str(tmp_path / "nothing.txt"), "-p", str(bundled))
    assert missing.exit_code == 2
    assert "nothing.txt: no article here: give the path of the article's text file" \
        in missing.stderr
    lone = tmp_path / "lone.txt"
    lone.write_text("Over 200 people died.\n", encoding="utf-8")
    no_meta = kg("extract", str(lone), "-p", str(bundled))
    assert no_meta.exit_code == 2
    assert "lone.yaml: metadata missing: put the article's metadata in lone.yaml beside it, " \
        "or give --metadata FILE" in no_meta.stderr
    undated = tmp_path / "undated.yaml"
    undated.write_text("title: T\nlanguage: en\npublished: unknown\n", encoding="utf-8")
    no_date = kg("extract", str(lone), "--metadata", str(undated), "-p", str(bundled))
    assert no_date.exit_code == 2 and "metadata without a date" in no_date.stderr
    nowhere = kg("extract", str(lone), "--metadata", str(undated), "-p", str(bundled), "-o",
                 str(tmp_path / "no" / "such" / "lone.yaml"))
    assert nowhere.exit_code == 2 and "create it, or give another -o" in nowhere.stderr


def test_without_a_main_event_an_unnamed_subject_is_a_flagged_placeholder(
        kg, bundled: Path, tmp_path: Path) -> None:
    (bundled / "kg.toml").write_text("[figures]\ntolerance = 0.1\n", encoding="utf-8")
    lone = tmp_path / "lone.txt"
    lone.write_text("Over 200 people died.\n", encoding="utf-8")
    (tmp_path / "lone.yaml").write_text("title: T\nlanguage: en\npublished: 2022-01-10\n"
                                        "publisher: org/rferl\n", encoding="utf-8")
    result = kg("extract", str(lone), "-p", str(bundled))
    assert result.exit_code == 0
    assert "    subject: event/todo-subject" in result.stdout
    assert "replace it with an entity of entities.yaml" in result.stdout
    assert "note: kg build needs the article as" in result.stderr


def test_a_draft_is_the_same_whatever_python_s_hash_seed() -> None:
    """Sets of words are listed and summed in a fixed order, so two runs draft the same bytes
    (the reviews once listed a label's shared words in set order)."""
    article = next((REPO / "data" / "sources").glob("000_*.txt"))
    drafts = {subprocess.run([sys.executable, "-m", "kg", "extract", "-p", str(REPO), str(article)],
                             capture_output=True, text=True, timeout=120, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout
              for seed in ("1", "2", "3")}
    assert len(drafts) == 1 and "its label shares" in drafts.pop()
