"""Every figure of the five articles lies inside some claim's quote span (checked by offsets).

Figures are found independently of the claim sheets: digits, number words and vague amounts.
The few left out on purpose are listed with the reason, so a new omission fails loudly.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from kg.build.run import build
from kg.corpus.load import load_context
from kg.engine.store import open_store
from kg.project import open_project
from kg.query.library import library, run

from .conftest import REPO, copy_bundled

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


def _built_spans() -> dict[str, list[tuple[int, int]]]:
    """Each article's quote spans, as the build compiled them (the `claims` query on a build
    of a copy of the bundled corpus)."""
    with tempfile.TemporaryDirectory() as scratch:
        project = open_project(copy_bundled(Path(scratch)))
        build(project)
        query = library(project.queries_dirs)["claims"]
        store = open_store(project)
        spans: dict[str, list[tuple[int, int]]] = {}
        for row in run(store, query.text):
            spans.setdefault(row["source"].value, []).append(
                (int(row["start"].value), int(row["end"].value)))
        del store
    return spans


def test_every_figure_occurrence_is_inside_a_claim_quote() -> None:
    spans = _built_spans()
    context, problems = load_context(open_project(REPO))
    assert not problems
    missing = []
    for stem, source in context.sources.items():
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

