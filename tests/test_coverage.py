"""Every figure of each bundled corpus's articles lies inside some claim's quote span (checked by
offsets, by kg coverage's library on a build of a copy): the five articles of `data/` and the
example corpus of `examples/karakalpakstan/`.

Figures are found independently of the claim sheets (kg.curate.scan): digits, number words,
vague amounts and dates. The few left out on purpose are declared with the reason in each
corpus's `data/coverage.yaml`, so a new omission fails loudly, and so does a declaration that
no longer matches its article. The scanner itself is held to the old test's notion of a figure:
no run of digits and no number word of the articles escapes it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.build.run import build
from kg.corpus.load import load_context
from kg.corpus.numbers import SMALL, TENS
from kg.curate.coverage import check_coverage, context
from kg.curate.leftout import read_declared
from kg.curate.scan import DATE, NUMBER, figures_in
from kg.project import open_project

from .conftest import REPO

CORPORA = {"bundled": REPO, "karakalpakstan": REPO / "examples" / "karakalpakstan"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A built copy of each corpus (its data and settings)."""
    copies = {}
    for name, corpus in CORPORA.items():
        copy = tmp_path_factory.mktemp(name) / "corpus"
        shutil.copytree(corpus / "data", copy / "data")
        shutil.copy(corpus / "kg.toml", copy / "kg.toml")
        build(open_project(copy))
        copies[name] = copy
    return copies


@pytest.mark.parametrize("name", CORPORA)
def test_every_figure_occurrence_is_inside_a_claim_quote(name: str, built) -> None:
    report = check_coverage(open_project(built[name]))
    missing = [f"{g.file}:{g.line}:{g.column}: {g.figure!r} ({g.group}) in {g.context!r}"
               for g in report.gaps]
    assert not missing, "figures without a claim:\n" + "\n".join(missing)
    assert report.figures == report.covered + report.left_out
    assert report.covered > 0.9 * report.figures


@pytest.mark.parametrize("name", CORPORA)
def test_left_out_passages_exist_and_each_leaves_something_out(name: str, built) -> None:
    project = open_project(CORPORA[name])
    context_, problems = load_context(project)
    assert not problems
    declared = read_declared(project, context_.sources)
    assert declared.left_out, "each corpus declares what it leaves out"
    for entry in declared.left_out:
        assert entry.reason
        text = context_.sources[entry.source].text
        assert " ".join(entry.words.split()) in " ".join(text.split())
    report = check_coverage(open_project(built[name]))
    assert report.stale == ()
    assert report.left_out >= len(declared.left_out)


@pytest.mark.parametrize("name", CORPORA)
def test_every_article_has_a_claim_sheet(name: str) -> None:
    stems = {p.stem for p in (CORPORA[name] / "data" / "sources").glob("*.txt")}
    assert stems
    assert stems == {p.stem for p in (CORPORA[name] / "data" / "claims").glob("*.yaml")}


# The old test's notion, kept as the floor: every run of digits (outside a web address or a
# code glued to letters) and every number word of the articles is part of a figure found.
_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(rf"\b(?:{'|'.join((*SMALL, *TENS, 'hundred', 'thousand', 'million'))}|"
                    r"dozens?|hundreds|thousands)\b", re.IGNORECASE)
_ADDRESS = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*")


@pytest.mark.parametrize("name", CORPORA)
def test_no_digits_or_number_word_escapes_the_scanner(name: str) -> None:
    context_, _ = load_context(open_project(CORPORA[name]))
    escaped = []
    for stem, source in context_.sources.items():
        text = source.text
        found = figures_in(text)
        addresses = [m.span() for m in _ADDRESS.finditer(text)]
        for match in [*_DIGITS.finditer(text), *_WORDS.finditer(text)]:
            at = match.start()
            if any(s <= at < e for s, e in addresses) or at and text[at - 1].isalpha():
                continue
            if text[at:at + 9].lower() == "one-sided":  # counts nothing (kg.curate.scan)
                continue
            if not any(m.start <= at < m.end for m in found):
                escaped.append(f"{stem}@{at}: {match.group()!r}")
    assert escaped == []


@pytest.mark.parametrize(("text", "expected"), [
    ("238 people, including 19 law enforcement officers, died",
     [("238", NUMBER), ("19", NUMBER)]),
    ("over 1,400 detained and 1 400 wounded; 2.5m tenge", [("1,400", NUMBER),
                                                           ("1 400", NUMBER), ("2.5m", NUMBER)]),
    ("twenty-one men, a dozen women and half a million roubles",
     [("twenty-one", NUMBER), ("a dozen", NUMBER), ("half a million", NUMBER)]),
    ("eight and a half years, a year later, hundreds of thousands",
     [("eight and a half", NUMBER), ("a year", NUMBER), ("hundreds of thousands", NUMBER)]),
    ("By Joanna Lillis July 8, 2022; on 8 July; in January 2022; 2022-07-08; in 2016",
     [("July 8, 2022", DATE), ("8 July", DATE), ("January 2022", DATE),
      ("2022-07-08", DATE), ("2016", DATE)]),
    ("a court, the first trial, a one-sided process, one another, G7, "
     "pic.twitter.com/9SkUvKuwoC and https://example.org/2022/07", []),
])
def test_the_scanner_reads_figures_as_the_figure_reader_does(text, expected) -> None:
    assert [(m.words, m.group) for m in figures_in(text)] == expected


def test_a_figure_is_shown_in_its_sentence_or_a_window_of_it() -> None:
    text = "First sentence. The court said 25 people were victims. Next one.\nA new line."
    at = text.index("25")
    assert context(text, at, at + 2) == "The court said 25 people were victims."
    assert context(text, at, at + 2, reach=9) == "…said 25 people…"
    assert context(text, at, at + 2, reach=2) == "…25 p…"  # a word longer than the reach
