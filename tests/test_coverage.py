"""Every figure of each bundled corpus's articles lies inside some claim's quote span (checked by
offsets): the five articles of `data/` and the example corpus of `examples/karakalpakstan/`.

Figures are found independently of the claim sheets: digits, number words and vague amounts.
The few left out on purpose are listed with the reason, so a new omission fails loudly.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest

from kg.build.run import build
from kg.corpus.load import load_context
from kg.engine.store import open_store
from kg.project import open_project
from kg.query.library import library, run

from .conftest import REPO

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|million|dozen|dozens|first|second|third|fourth|fifth|"
    "sixth|seventh|single|a year|nearly a year"
)
FIGURE = re.compile(rf"\d+(?:[.,]\d+)*|\b(?:{NUMBER_WORDS})\b", re.IGNORECASE)

CORPORA = {"bundled": REPO, "karakalpakstan": REPO / "examples" / "karakalpakstan"}

# corpus -> (article stem, the words around the token) -> why it is not a claim
LEFT_OUT = {
    "bundled": {
        ("001_8625e6b7dc8f5e2d", "stepped down in 2019"): "a date of an earlier, unrelated event",
        ("001_8625e6b7dc8f5e2d", "As of October 2023, I"): "the rewriter's own aside",
    },
    "karakalpakstan": {
        ("001_asiaplus-18-killed-243-injured", "in 2016"): "when Mirziyoyev came to power",
        ("001_asiaplus-18-killed-243-injured", "nearly 20 years"): "a past president's rule",
        ("002_bne-eurasianet-dazed-confused-angry", "July 8, 2022"): "the byline's date",
        ("003_eurasianet-second-nukus-trial", "Uzbekistan: Second"): "the title's ordinal",
        ("008_politicallore-18-prison-4-restraint", "up to 20 years"): "the law's maximum",
        ("010_tolerance-hrw-16-year-sentence", "31, 2023. ©"): "a photo credit's date",
        ("011_warsawpoint-22-convicted", "pic.twitter.com"): "a link in an embedded post",
    },
}


def _built_spans(corpus: Path) -> dict[str, list[tuple[int, int]]]:
    """Each article's quote spans, as the build compiled them (the `claims` query on a build
    of a copy of the corpus)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "corpus"
        shutil.copytree(corpus / "data", copy / "data")
        shutil.copy(corpus / "kg.toml", copy / "kg.toml")
        project = open_project(copy)
        build(project)
        query = library(project.queries_dirs)["claims"]
        store = open_store(project)
        spans: dict[str, list[tuple[int, int]]] = {}
        for row in run(store, query.text):
            spans.setdefault(row["source"].value, []).append(
                (int(row["start"].value), int(row["end"].value)))
        del store
    return spans


@pytest.mark.parametrize("name", CORPORA)
def test_every_figure_occurrence_is_inside_a_claim_quote(name: str) -> None:
    spans = _built_spans(CORPORA[name])
    left_out = LEFT_OUT[name]
    context, problems = load_context(open_project(CORPORA[name]))
    assert not problems
    missing = []
    for stem, source in context.sources.items():
        for match in FIGURE.finditer(source.text):
            if match.group().lower() in ("one-sided",):
                continue
            if any(s <= match.start() and match.end() <= e for s, e in spans.get(stem, [])):
                continue
            context = source.text[max(0, match.start() - 12):match.end() + 8]
            if any(k[0] == stem and k[1] in source.text[max(0, match.start() - 30):match.end() + 30]
                   for k in left_out):
                continue
            missing.append(f"{stem}@{match.start()}: {match.group()!r} in {context!r}")
    assert not missing, "figures without a claim:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", CORPORA)
def test_left_out_passages_exist(name: str) -> None:
    for stem, words in LEFT_OUT[name]:
        text = (CORPORA[name] / "data" / "sources" / f"{stem}.txt").read_text(encoding="utf-8")
        assert words in text


@pytest.mark.parametrize("name", CORPORA)
def test_every_article_has_a_claim_sheet(name: str) -> None:
    stems = {p.stem for p in (CORPORA[name] / "data" / "sources").glob("*.txt")}
    assert stems
    assert stems == {p.stem for p in (CORPORA[name] / "data" / "claims").glob("*.yaml")}

