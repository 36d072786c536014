"""Every figure of the five articles lies inside some claim's quote span (checked by offsets).

Figures are found independently of the claim sheets: digits, number words and vague amounts.
The few left out on purpose are listed with the reason, so a new omission fails loudly.
"""

from __future__ import annotations

import re

from kg.corpus.load import load_corpus
from kg.project import open_project

from .conftest import REPO

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|million|dozen|dozens|first|second|third|fourth|fifth|"
    "sixth|seventh|single|a year|nearly a year"
)
FIGURE = re.compile(rf"\d+(?:[.,]\d+)*|\b(?:{NUMBER_WORDS})\b", re.IGNORECASE)

# (article stem, the words around the token) -> why it is not a claim
LEFT_OUT = {
    ("001_8625e6b7dc8f5e2d", "stepped down in 2019"): "a date of an earlier, unrelated event",
    ("001_8625e6b7dc8f5e2d", "As of October 2023, I"): "the rewriter's own aside, not the events",
}


def test_every_figure_occurrence_is_inside_a_claim_quote() -> None:
    corpus = load_corpus(open_project(REPO))
    spans: dict[str, list[tuple[int, int]]] = {}
    for claim in corpus.claims:
        spans.setdefault(claim.source.stem, []).append((claim.span.start, claim.span.end))
    missing = []
    for stem, source in corpus.sources.items():
        for match in FIGURE.finditer(source.text):
            if match.group().lower() in ("one-sided",):
                continue
            if any(s <= match.start() and match.end() <= e for s, e in spans.get(stem, [])):
                continue
            context = source.text[max(0, match.start() - 12):match.end() + 8]
            if any(k[0] == stem and k[1] in source.text[match.start() - 30:match.end() + 30]
                   for k in LEFT_OUT):
                continue
            missing.append(f"{stem}@{match.start()}: {match.group()!r} in {context!r}")
    assert not missing, "figures without a claim:\n" + "\n".join(missing)


def test_left_out_passages_exist() -> None:
    for stem, words in LEFT_OUT:
        assert words in (REPO / "data" / "sources" / f"{stem}.txt").read_text(encoding="utf-8")


def test_every_article_has_a_claim_sheet() -> None:
    stems = {p.stem for p in (REPO / "data" / "sources").glob("*.txt")}
    assert stems == {p.stem for p in (REPO / "data" / "claims").glob("*.yaml")}

