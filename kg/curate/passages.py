"""Where a figure's words begin and end in running text, and which words quote it.

kg.curate.scan finds where a number is ("200" in "more than 200 people"); a claim wants the
figure as the article words it ("more than 200", "from four to six years", "over $9,000") and
a quote: the figure's clause, not its whole sentence. The wording is found by asking the figure
reader itself (kg.corpus.figures.parse_figure) which stretch of words around the number it reads
as one figure, the longest one winning, so every qualifier, range, unit and currency the reader
knows is taken and nothing it does not read is. The quote is the clause the figure stands in
(between commas, semicolons, brackets, dashes and "while"/"but"), widened to hold the words that
gave the figure its measure and to five words at least, and cut to a window around the figure
when the clause is long. A few qualifiers the reader lacks ("as many as", "upward of", "40 or
45", a figure "likely to be higher") are given the value the reader's form of them (readable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.corpus.figures import Figure, FigureError, parse_figure

_TOKEN = re.compile(r"\d+(?:[,.]\d+)*|[^\W\d_]+|\S")
_SENTENCE_END = re.compile(r"[.!?]+['\"’”)\]]*(?=\s+['\"‘“(\[]?[A-Z0-9А-ЯЁ])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col sgt st no art nos vs etc jan feb mar apr jun jul aug sep sept "
    "oct nov dec u.s u.n inc ltd co jr sr".split())
_CLAUSE_WORDS = re.compile(r"\s(?=(?:while|whereas|but|although|though)\s)", re.I)
_CLAUSE_MARKS = re.compile(r"[,;:()]|\s[-–—]\s")
BEFORE, AFTER = 4, 8  # tokens a wording may reach before and after its number
LONG_CLAUSE, WINDOW, SHORTEST, EVIDENCE = 14, 5, 5, 8  # words
# "the toll of 208 'is likely to be higher'": a floor, 'at least 208'
_HIGHER = re.compile(r"(?i)^\W{0,3}(?:(?:is|are|was|were) (?:likely|expected|feared) to (?:be )?"
                     r"(?:higher|rise)|(?:could|may|might|will) (?:well )?be (?:much )?higher)\b")
_QUOTE_WORD = re.compile(r"[\w$€£₸₽%+'’-]+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Wording:
    """A figure as the article words it: its offsets, its words and their reading."""

    start: int
    end: int
    words: str
    figure: Figure


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a text as (start, end) offsets, trimmed: a line break always ends one,
    a full stop before a capital letter unless it ends an abbreviation or an initial."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in _SENTENCE_END.finditer(line.group()):
            before = line.group()[:end.start()].split()
            last = before[-1].lower().strip("(\"'") if before else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            found.append((start, line.start() + end.end()))
            start = line.start() + end.end()
        found.append((start, line.end()))
    return [_trim(text, s, e) for s, e in found if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def wording_at(text: str, sentence: tuple[int, int], start: int, end: int,
               avoid: list[tuple[int, int]], tolerance: Decimal) -> Wording | None:
    """The longest stretch of words around the number at [start, end) that the figure reader
    reads as one figure, within its sentence and not reaching into a span of `avoid` (dates,
    figures already taken) or across a comma, semicolon or bracket; None if none reads."""
    tokens = [(m.start() + sentence[0], m.end() + sentence[0])
              for m in _TOKEN.finditer(text[sentence[0]:sentence[1]])]
    first = next((i for i, (s, _) in enumerate(tokens) if s >= start), None)
    last = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i][1] <= end), None)
    if first is None or last is None or last < first:
        return None
    starts = [first]
    for i in range(first - 1, max(-1, first - BEFORE - 1), -1):
        if _stops(text, tokens[i], avoid):
            break
        starts.append(i)
    ends = [last]
    for i in range(last + 1, min(len(tokens), last + AFTER + 1)):
        if _stops(text, tokens[i], avoid):
            break
        ends.append(i)
    best: Wording | None = None
    for i in starts:
        for j in ends:
            words = text[tokens[i][0]:tokens[j][1]]
            if best is not None and len(words) <= len(best.words):
                continue
            value = words
            try:
                figure = parse_figure(words, tolerance)
            except FigureError:
                value = readable(words)
                try:
                    figure = parse_figure(value, tolerance) if value != words else None
                except FigureError:
                    figure = None
            if figure is not None:
                best = Wording(tokens[i][0], tokens[j][1], value, figure)
    if best is not None and best.figure.qualifier == "exact" and \
            _HIGHER.match(text[best.end:sentence[1]]):
        floor = f"at least {best.words}"
        best = Wording(best.start, best.end, floor, parse_figure(floor, tolerance))
    return best


def readable(words: str) -> str:
    """A figure's words in a form the figure reader reads, for qualifiers it lacks: 'as many
    as 200' is 'up to 200', 'upward of 1,000' 'more than 1,000', '500 or so' 'about 500', 'some
    40 or 45' (two guesses)
    '40 to 45', a hedge before them ('possibly') dropped. The quote keeps the article's words;
    the value, which need only name the quote's numbers, is the reader's form."""
    value = re.sub(r"(?i)^(?:possibly|perhaps|probably)\s+", "", words.strip())
    value = re.sub(r"(?i)^as (?:many|much) as\s+", "up to ", value)
    value = re.sub(r"(?i)^upwards? of\s+", "more than ", value)
    value = re.sub(r"(?i)^(\d[\d,.]*) or so$", r"about \1", value)
    two = re.fullmatch(r"(?i)(?:some |about |around )?(\d[\d,]*) or (\d[\d,]*)", value)
    if two and int(two.group(1).replace(",", "")) < int(two.group(2).replace(",", "")):
        value = f"{two.group(1)} to {two.group(2)}"
    return value


def _stops(text: str, token: tuple[int, int], avoid: list[tuple[int, int]]) -> bool:
    word = text[token[0]:token[1]]
    return word in ",;()[]:\"“”" or any(s < token[1] and token[0] < e for s, e in avoid)


def clauses(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """The clauses of a sentence: the stretches between commas, semicolons, colons, brackets,
    spaced dashes, and before 'while', 'whereas', 'but', 'although', 'though'."""
    start, end = sentence
    cuts = {start, end}
    words = text[start:end]
    cuts |= {start + m.start() for m in _CLAUSE_MARKS.finditer(words)}
    cuts |= {start + m.end() for m in _CLAUSE_MARKS.finditer(words)}
    cuts |= {start + m.start() for m in _CLAUSE_WORDS.finditer(words)}
    ordered = sorted(cuts)
    return [(a, b) for a, b in zip(ordered, ordered[1:], strict=False)
            if re.search(r"\w", text[a:b])]


def quote_for(text: str, sentence: tuple[int, int], figure: tuple[int, int],
              evidence: tuple[int, int] | None) -> tuple[int, int]:
    """The words quoting a figure: its clause, joined to the next clause (else the one before)
    while it has fewer than SHORTEST words, cut to WINDOW words either side of the figure when
    longer than LONG_CLAUSE words, and widened to the evidence for its measure when that is
    within EVIDENCE words of it; bracketed words are kept whole."""
    words = [(m.start() + sentence[0], m.end() + sentence[0])
             for m in _QUOTE_WORD.finditer(text[sentence[0]:sentence[1]])]
    if not words:
        return figure
    inside = [i for i, (s, e) in enumerate(words) if s < figure[1] and figure[0] < e]
    f0, f1 = (inside[0], inside[-1] + 1) if inside else (0, len(words))
    parts = [[i for i, (s, _) in enumerate(words) if a <= s < b]
             for a, b in clauses(text, sentence)]
    parts = [p for p in parts if p]
    at = next((k for k, p in enumerate(parts) if f0 in p), None)
    if at is None:
        lo, hi = f0, f1
    else:
        first = last = at
        while parts[last][-1] + 1 - parts[first][0] < SHORTEST and (
                last + 1 < len(parts) or first > 0):
            if last + 1 < len(parts):
                last += 1
            else:
                first -= 1
        lo, hi = min(f0, parts[first][0]), max(f1, parts[last][-1] + 1)
    if hi - lo > LONG_CLAUSE:
        lo, hi = max(lo, f0 - WINDOW), min(hi, f1 + WINDOW)
    if evidence is not None:
        e_words = [i for i, (s, e) in enumerate(words) if s < evidence[1] and evidence[0] < e]
        if e_words and (f0 - e_words[-1] <= EVIDENCE and e_words[0] - f1 <= EVIDENCE):
            lo, hi = min(lo, e_words[0]), max(hi, e_words[-1] + 1)
    start, end = words[lo][0], words[hi - 1][1]
    return _bracketed(text, sentence, start, end, figure[0])


def _bracketed(text: str, sentence: tuple[int, int], start: int, end: int,
               figure: int) -> tuple[int, int]:
    """Widen a quote to close a bracket it opens, or open one it closes, within the sentence;
    a quote ending inside a quotation stops before it, or starts in it when the figure is
    there ('explained that “some 40 or 45 people ...': the quotation's words, not 'explained
    that')."""
    words = text[start:end]
    for opening, closing in (("“", "”"), ("«", "»")):
        if words.count(opening) > words.count(closing):  # ends inside a quotation: stop before
            cut = start + words.rindex(opening)
            if cut <= figure:
                start = cut + 1
                words = text[start:end]
            elif cut > start:
                end = cut
                while end > start and not (text[end - 1].isalnum() or text[end - 1] in ")%"):
                    end -= 1
                words = text[start:end]
    if words.count("(") > words.count(")"):
        close = text.find(")", end, sentence[1])
        end = close + 1 if close != -1 else end
    if words.count(")") > words.count("("):
        opening = text.rfind("(", sentence[0], start)
        start = opening if opening != -1 else start
    return start, end
