"""Finding a curator's quote in its article.

Quotes are matched after normalising only typographic quotes, apostrophes and white space, so a
curator may type straight quotes; the offsets returned point into the original text, counted in
Unicode code points (Python string indices), as W3C Web Annotation's TextPositionSelector wants.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})
CONTEXT = 32


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class NormalText:
    """A text in normal form, with the original index of every normal character."""

    text: str
    origin: list[int]


def normalise(text: str) -> NormalText:
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(_TYPOGRAPHIC)):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        origin.append(index)
    return NormalText("".join(chars), origin)


def occurrences(article: NormalText, quote: str) -> list[int]:
    """Start indices (in the normal text) of every occurrence of the normalised quote."""
    needle = normalise(quote.strip()).text
    found, at = [], article.text.find(needle)
    while needle and at != -1:
        found.append(at)
        at = article.text.find(needle, at + 1)
    return found


def span_at(original: str, article: NormalText, normal_start: int, quote: str) -> Span:
    length = len(normalise(quote.strip()).text)
    start = article.origin[normal_start]
    end = article.origin[normal_start + length - 1] + 1
    return Span(start, end, original[start:end], original[max(0, start - CONTEXT):start],
                original[end:end + CONTEXT])


def nearest_passage(original: str, article: NormalText, quote: str) -> tuple[int, str]:
    """The line and words of the article closest to a quote that is not in it, for the error."""
    needle = normalise(quote.strip()).text
    matcher = difflib.SequenceMatcher(None, article.text, needle, autojunk=False)
    best_start, best_ratio = 0, -1.0
    step = max(1, len(needle) // 4)
    for at in range(0, max(1, len(article.text) - len(needle) + 1), step):
        matcher.set_seq1(article.text[at:at + len(needle)])
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best_start, best_ratio = at, ratio
    start = article.origin[min(best_start, len(article.origin) - 1)] if article.origin else 0
    passage = original[start:start + len(needle) + 10].replace("\n", " ")
    return original.count("\n", 0, start) + 1, passage
