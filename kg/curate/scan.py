"""The figures of an article's running text, located: what `kg coverage` wants inside quotes.

The figure reader (kg.corpus.numbers, kg.corpus.figures) reads a curator's wording, which is
a figure by definition. An article is running text, where "a" before "court" is no number and
"123" in a link is no figure, so this scanner decides where a figure starts and hands the
reading of it to the reader's own NumberReader and word tables: what counts as "twenty-one",
"a dozen", "half a million", "2.5m" or "1 400" is the reader's, not a second regex's. Only
the starts are this module's rules:

- digits, unless glued to a letter before them (a code such as G7, an identifier in a link)
  or inside a web address; the reader then takes what follows ("2.5 million", "8 1/2");
- a number word of the reader's tables (SMALL, TENS); "a"/"an" only before a scale word or a
  duration the reader takes ("a dozen", "a thousand", "a year", "a month-long"), "half" only
  as in "half a million"; "one" not in "one-sided" or "one another";
- a vague amount the figure reader reads as one ("hundreds", "tens of thousands");
- a calendar date ("July 8, 2022", "8 July", "January 2022", "2022-07-08") or a year (four
  digits from 1900 to 2099 without a comma) is one figure of its own group, "date", so a
  project can skip dates (data/coverage.yaml) or see them apart; its numbers are its `parts`.

Ordinals ("first", "second") and "single" are not figures: the reader reads none of them.
Offsets are indices into the article as read (kg.corpus.sources.as_read), in code points, as
the build's quote offsets are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.corpus.dates import MONTHS
from kg.corpus.figures import FigureError, parse_figure
from kg.corpus.numbers import SCALES, SMALL, TENS, NumberReader, Unreadable

NUMBER, DATE = "number", "date"
GROUPS = (NUMBER, DATE)
# Spaces that group digits in threes ('1 400'), as kg.corpus.numbers reads them.
_GROUPED = r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?!\d)"
_TOKEN = re.compile(rf"({_GROUPED})|(\d+(?:,\d+)*(?:\.\d+)?)|([^\W\d_]+)|(\S)")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_ADDRESS = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*")
_ORDINAL = ("st", "nd", "rd", "th")
# "a" and "an" are numbers only before these: a scale, or a duration the reader takes.
_AFTER_ARTICLE = (*SCALES, "hundred", "year", "month")
_VAGUE_START = ("dozens", "hundreds", "thousands", "millions", "tens")
# Where a number word counts nothing: 'one-sided', 'one another'.
_IDIOMS = (("one", "-", "sided"), ("one", "another"))


@dataclass(frozen=True)
class Mention:
    """One figure of a text: where it is, its words, its group, and the spans of the numbers
    in it, each of which some quote must hold for the figure to count as covered."""

    start: int
    end: int
    words: str
    group: str
    parts: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Token:
    word: str  # lower case, dashes as '-', grouped digits without their spaces
    start: int
    end: int


def figures_in(text: str) -> list[Mention]:
    """Every figure of `text`, in text order, none overlapping another."""
    tokens = _tokens(text)
    words = [t.word for t in tokens]
    found: list[Mention] = []
    at = 0
    while at < len(tokens):
        end, group, parts = _date_at(tokens, at) or _number_at(tokens, words, at) or (0, "", ())
        if not end:
            at += 1
            continue
        start, stop = tokens[at].start, tokens[end - 1].end
        found.append(Mention(start, stop, text[start:stop], group, parts))
        at = end
    return found


def _tokens(text: str) -> list[_Token]:
    """The words of a text with their offsets, as kg.corpus.numbers.tokenize splits them, but
    letters of any script make one word, and nothing inside a web address is kept."""
    masked = _ADDRESS.sub(lambda m: " " * len(m.group()), text)
    tokens = []
    for match in _TOKEN.finditer(masked):
        word = match.group().lower()
        if match.group(1):
            word = re.sub(r"\D", "", word)
        tokens.append(_Token(_DASHES.sub("-", word), match.start(), match.end()))
    return tokens


def _is_digits(token: _Token, most: int = 4, least: int = 1) -> bool:
    return token.word.isdigit() and least <= len(token.word) <= most


def _day(tokens: list[_Token], at: int) -> int:
    """Tokens a day of the month takes at `at` ('8', '8th', '1-2'); 0 when none is there."""
    if at >= len(tokens) or not _is_digits(tokens[at], 2) or not 1 <= int(tokens[at].word) <= 31:
        return 0
    width = 1 + (_word(tokens, at + 1) in _ORDINAL and _glued(tokens, at + 1))
    if _word(tokens, at + width) == "-" and at + width + 1 < len(tokens) \
            and _is_digits(tokens[at + width + 1], 2):
        width += 2
    return width


def _year(tokens: list[_Token], at: int) -> bool:
    return at < len(tokens) and _is_digits(tokens[at], 4, 4) \
        and 1900 <= int(tokens[at].word) <= 2099


def _month(tokens: list[_Token], at: int) -> int:
    """Tokens a month name takes at `at` ('July', 'Jul.'); 0 when none is there."""
    if _word(tokens, at) not in MONTHS:
        return 0
    return 1 + (_word(tokens, at + 1) == "." and _glued(tokens, at + 1))


def _date_at(tokens: list[_Token], at: int) -> tuple[int, str, tuple] | None:
    """A calendar date or a year starting at `at`: (end, "date", its numbers' spans)."""
    parts: list[int] = []
    end = at
    if width := _month(tokens, at):  # 'July 8, 2022', 'July 2022', 'July 1-2'
        end += width
        if days := _day(tokens, end):
            parts += range(end, end + days)
            end += days
        comma = _word(tokens, end) == ","
        if _year(tokens, end + comma):
            parts.append(end + comma)
            end += comma + 1
    elif days := _day(tokens, at):  # '8 July 2022', '8 July'
        after = at + days + (_word(tokens, at + days) == "of")
        if width := _month(tokens, after):
            parts += range(at, at + days)
            end = after + width
            comma = _word(tokens, end) == ","
            if _year(tokens, end + comma):
                parts.append(end + comma)
                end += comma + 1
    elif _year(tokens, at) and not _glued_letter_before(tokens, at):
        end = at + 1
        parts.append(at)
        for _ in range(2):  # '2022-07', '2022-07-08'
            if _word(tokens, end) == "-" and _glued(tokens, end) and end + 1 < len(tokens) \
                    and _is_digits(tokens[end + 1], 2, 2) and _glued(tokens, end + 1):
                parts.append(end + 1)
                end += 2
    if not parts:
        return None
    spans = tuple((tokens[i].start, tokens[i].end) for i in parts if tokens[i].word[:1].isdigit())
    return end, DATE, spans


def _number_at(tokens: list[_Token], words: list[str], at: int) -> tuple[int, str, tuple] | None:
    """A number starting at `at`, read by the figure reader: (end, "number", its span);
    `words` are the tokens' words, which the reader reads."""
    word = words[at]
    if word[:1].isdigit():
        if _glued_letter_before(tokens, at):
            return None
    elif word in ("a", "an"):
        if _word(tokens, at + 1) not in _AFTER_ARTICLE:
            return None
        if _word(tokens, at + 1) in ("year", "month"):
            return _span(tokens, at, at + 2)
    elif word in _VAGUE_START:
        return _vague(tokens, at)
    elif word not in SMALL and word not in TENS and word != "half":
        return None
    if any(tuple(words[at:at + len(idiom)]) == idiom for idiom in _IDIOMS):
        return None
    reader = NumberReader(words)
    reader.pos = at
    try:
        reader.number()
    except Unreadable:
        if not word[:1].isdigit():
            return None
        reader.pos = at + 1  # digits the reader refuses ('007', '1,40') are still a figure
    return _span(tokens, at, max(reader.pos, at + 1))


def _vague(tokens: list[_Token], at: int) -> tuple[int, str, tuple] | None:
    """'hundreds', 'tens of thousands': what the figure reader reads as a vague amount."""
    for width in (3, 2, 1):
        words = " ".join(t.word for t in tokens[at:at + width])
        try:
            if parse_figure(words).qualifier == "vague":
                return _span(tokens, at, at + width)
        except FigureError:
            continue
    return None


def _span(tokens: list[_Token], start: int, end: int) -> tuple[int, str, tuple]:
    return end, NUMBER, ((tokens[start].start, tokens[end - 1].end),)


def _word(tokens: list[_Token], at: int) -> str:
    return tokens[at].word if 0 <= at < len(tokens) else ""


def _glued(tokens: list[_Token], at: int) -> bool:
    """Whether the token at `at` follows the one before it with no space between."""
    return 0 < at < len(tokens) and tokens[at].start == tokens[at - 1].end


def _glued_letter_before(tokens: list[_Token], at: int) -> bool:
    """Digits right after a letter are part of a word or code (G7, abc123), not a figure."""
    return _glued(tokens, at) and tokens[at - 1].word[-1:].isalpha()
