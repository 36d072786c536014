"""Finding a curator's quote in its article.

Quotes are matched after normalising only typographic quotes, apostrophes and white space, so a
curator may type straight quotes; the offsets returned point into the original text, counted in
Unicode code points (Python string indices), as W3C Web Annotation's TextPositionSelector wants.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TYPOGRAPHIC = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})
CONTEXT = 32
NEAREST_CHARS = 200  # of a quote not found, compared with the article for the nearest passage
NEAREST_WINDOWS = 5000  # places of the article it is compared at, at most
NEAREST_BEST = 20  # of those, the places compared closely
_SPACES = re.compile(r"\s+")  # \s is str.isspace for str patterns, as in normalise


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
    """Typographic quotes made straight and each run of white space one space, keeping the
    original index of every character (run by run, not character by character: articles)."""
    plain = text.translate(_TYPOGRAPHIC)  # one character for one: indices are kept
    pieces: list[str] = []
    origin: list[int] = []
    at = 0
    for run in _SPACES.finditer(plain):
        pieces += (plain[at:run.start()], " ")
        origin += range(at, run.start() + 1)
        at = run.end()
    pieces.append(plain[at:])
    origin += range(at, len(plain))
    return NormalText("".join(pieces), origin)


def normal_form(text: str) -> str:
    """`normalise(text).text` without the index map: run once per claim, so kept cheap."""
    return _SPACES.sub(" ", text.translate(_TYPOGRAPHIC))


def occurrences(article: NormalText, quote: str) -> list[int]:
    """Start indices (in the normal text) of every occurrence of the normalised quote."""
    needle = normal_form(quote.strip())
    found, at = [], article.text.find(needle)
    while needle and at != -1:
        found.append(at)
        at = article.text.find(needle, at + 1)
    return found


def span_at(original: str, article: NormalText, normal_start: int, quote: str) -> Span:
    length = len(normal_form(quote.strip()))
    start = article.origin[normal_start]
    end = article.origin[normal_start + length - 1] + 1
    return Span(start, end, original[start:end], original[max(0, start - CONTEXT):start],
                original[end:end + CONTEXT])


def nearest_passage(original: str, article: NormalText, quote: str) -> tuple[int, str]:
    """The line and words of the article closest to a quote that is not in it, for the error.

    Bounded whatever the sizes (a 1 MB quote, a 1 MB article): only the quote's first
    NEAREST_CHARS characters are compared, at no more than NEAREST_WINDOWS places, each first by
    difflib's linear quick_ratio; only the NEAREST_BEST best of those get its ratio, which is
    quadratic in the lengths compared."""
    needle = normal_form(quote.strip())[:NEAREST_CHARS]
    matcher = difflib.SequenceMatcher(None, article.text, needle, autojunk=False)
    places = max(1, len(article.text) - len(needle) + 1)
    step = max(1, len(needle) // 4, -(-places // NEAREST_WINDOWS))
    rough = []
    for at in range(0, places, step):
        matcher.set_seq1(article.text[at:at + len(needle)])
        rough.append((-matcher.quick_ratio(), at))
    best_start, best_ratio = 0, -1.0
    for _, at in sorted(rough)[:NEAREST_BEST]:
        matcher.set_seq1(article.text[at:at + len(needle)])
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and at < best_start):
            best_start, best_ratio = at, ratio
    start = article.origin[min(best_start, len(article.origin) - 1)] if article.origin else 0
    passage = original[start:start + len(needle) + 10].replace("\n", " ")
    return original.count("\n", 0, start) + 1, passage
