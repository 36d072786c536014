"""A draft claim sheet as `kg extract` makes it: its claims, the figures it leaves out, and the
small rules of what a figure is (a count, a duration, money) and when a number is none.

Kept apart from the drafting pass (kg.curate.extract) so that the sheet's renderer
(kg.curate.draftsheet) and the evaluation (bench/extract_eval.py) read drafts without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.corpus.ontology import PropertySpec
from kg.corpus.quotes import NormalText, occurrences
from kg.curate.article import Article
from kg.curate.cues import CueHit
from kg.curate.passages import Wording
from kg.curate.scan import Mention
from kg.curate.subjects import Candidate
from kg.namespaces import QK

PLACEHOLDER = "event/todo-subject"  # a subject no entity is: the build refuses it, the review says
COUNT, DURATION, MONEY, DATE_VALUE = "count", "duration", "money", "date"
_PARTITIVE = re.compile(r"(?i)^\s*of\s+(?:the|those|them|his|her|its|their|these|whom|which|us)\b")
_LEGAL = frozenset("article articles art part paragraph section clause chapter no".split())
# "one of 22 defendants": the count is the number after; "the only one", "the first one":
# 'one' stands for a noun. "11 articles of the criminal code" counts a law's parts.
_ONE_OF_COUNT = re.compile(r"(?i)^\s*of\s+(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten|"
                           r"eleven|twelve|twenty|thirty|forty|fifty|dozens|hundreds)\b)")
_PRONOUN_ONE = re.compile(r"(?i)\b(?:the|this|that|no|each|every|any|only|first|second|third|"
                          r"last|next|other|main|same)\s+$")
_NO_NOUN_AFTER = re.compile(r"(?i)^\s*(?:[,.;:)!?]|$|(?:who|that|which|to|in|on|at|was|is|were|"
                            r"has|had|of|\w+ing|\w+ed)\b)")
_LEGAL_AFTER = re.compile(r"(?i)^\s*(?:articles|paragraphs|sections|clauses|chapters)\b")
_PERCENT = re.compile(r"(?i)^\s*(?:%|percent\b|per cent\b)")
_CLOCK = re.compile(r"(?i)^\s*(?:a\.?m\.?|p\.?m\.?|o'clock)\b|^:\d\d")
_LEVELS = ("low", "medium", "high")
_SPREAD_WORDS = re.compile(r"(?i)\b(?:ranging|ranged|range|each|respectively)\b")


@dataclass
class DraftClaim:
    id: str
    quote: str
    start: int  # the quote's offsets in the article
    end: int
    figure: tuple[int, int]  # the offsets of the value's words (of the date, for dates)
    subject: str
    property: str
    value: str
    occurrence: int | None = None
    scope: tuple[str, ...] = ()
    spread: bool = False
    as_of: str | None = None
    as_of_note: str | None = None
    stated_by: str | None = None
    relayed_by: str | None = None
    note: str | None = None
    review: str = ""
    confidence: str = "medium"


@dataclass(frozen=True)
class LeftOut:
    """A figure of the article no draft claim has as its value, and why."""

    start: int
    end: int
    words: str
    group: str
    line: int
    reason: str
    in_quotes: tuple[str, ...] = ()  # the claims whose quote holds it (coverage counts it)


@dataclass
class Draft:
    article: Article
    claims: list[DraftClaim]
    left_out: list[LeftOut]
    stated_by: str | None  # the sheet's default speaker: the publisher, when an entity
    notes: list[str] = field(default_factory=list)


def value_type_of(unit: str | None) -> str:
    """A figure's type from the unit its wording names: years, a currency, or none (a count)."""
    if unit is None:
        return COUNT
    return DURATION if unit == "Year" else MONEY


def left_out_reason(text: str, mention: Mention) -> str | None:
    """Why a number is no figure to claim, when its words say so; None when it may be one."""
    after, before = text[mention.end:mention.end + 40], text[max(0, mention.start - 20):
                                                              mention.start]
    previous = re.findall(r"[\w.]+", before)
    if mention.words.lower() == "one" and _PARTITIVE.match(after):
        return "'one of ...' picks one out of a group: not a count"
    if mention.words.lower() == "one" and _ONE_OF_COUNT.match(after):
        return "'one of 22 ...' picks one out of a group: the count is the number after"
    if mention.words.lower() == "one" and _PRONOUN_ONE.search(before) \
            and _NO_NOUN_AFTER.match(after):
        return "'one' stands for a noun here ('the only one', 'the first one'): not a count"
    if _LEGAL_AFTER.match(after):
        return "it counts a law's articles or sections, not people or cases"
    if previous and previous[-1].lower().rstrip(".") in _LEGAL:
        return f"it numbers a law's {previous[-1].lower().rstrip('.')}, not a figure"
    if _PERCENT.match(after):
        return "a percentage: no measure of the ontology takes one"
    if _CLOCK.match(after):
        return "a time of day"
    return None


def spread_said(text: str, clause: tuple[int, int], spec: PropertySpec) -> bool:
    """Whether a range is the shortest and longest of several (a spread): said of a quantity
    (sentences, ages), or with 'ranging', 'each', 'respectively' in its clause."""
    return spec.value_type == "quantity" or bool(_SPREAD_WORDS.search(text[clause[0]:clause[1]]))


def occurrence_of(article: NormalText, quote: str, start: int) -> tuple[int, int]:
    """(which occurrence of `quote` starts at `start`, how many there are), as the build counts
    them in the article's normal form (kg.corpus.quotes)."""
    found = occurrences(article, quote)
    for index, at in enumerate(found, start=1):
        if article.origin[at] == start:
            return index, len(found)
    return 1, len(found)


def line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def fits(spec: PropertySpec | None, value_type: str) -> bool:
    """Whether a claim property takes a figure of this type (a count, a duration in years,
    money, a date), as the ontology declares its value type and unit."""
    if spec is None:
        return False
    if value_type == DATE_VALUE:
        return spec.value_type == "date"
    if value_type == COUNT:
        return spec.value_type == "count"
    if value_type == DURATION:
        return spec.value_type == "quantity" and spec.default_unit == QK.Year
    return spec.value_type == "quantity" and spec.unit_required


def value_of(wording: Wording) -> str:
    """The figure's words as a value: a capitalised first word ('Three others') lower-cased."""
    words = wording.words
    first = words.split()[0]
    return words[0].lower() + words[1:] if first[1:].islower() and first[:1].isupper() else words


def measure_review(term: str, weight: float, hit: CueHit | None) -> tuple[str, str]:
    if hit is None:
        return ("low", f"property {term}: no cue word of any fitting measure is near, so it is "
                "a placeholder")
    level = "high" if weight >= 0.75 else "medium" if weight >= 0.35 else "low"
    return (level, f"property {term} from {hit.words!r}")


def subject_review(subject: Candidate) -> tuple[str, str]:
    level = "high" if subject.score >= 0.9 else "medium" if subject.score >= 0.45 else "low"
    return (level, f"subject {subject.ref}: {subject.why}")


def review_of(parts: list[tuple[str, str]]) -> tuple[str, str]:
    """The review text: how sure the least sure guess is, then each guess and its evidence."""
    level = min((p[0] for p in parts), key=_LEVELS.index)
    return f"{level}: check " + "; ".join(p[1] for p in parts), level
