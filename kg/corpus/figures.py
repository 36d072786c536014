"""Read the wording of a figure ("over 200", "9,900+", "nearly 1,400", "from 4 to 6 years") as an
interval. Sources rarely give a bare number and the conflict rules compare intervals (DESIGN.md
§5), so the curator keeps the article's wording and the build derives bounds from it. A small
recursive-descent parser over tokens, not a regex per case, so a wording it cannot read in full
fails loudly, naming the nearest wording it does read. Numbers and currencies are read by
kg.corpus.numbers; this module reads the qualifiers, units and ranges around them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, Inexact, localcontext

from kg.corpus.numbers import (
    CURRENCIES,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    EXAMPLES,
    SCALES,
    SMALL,
    TENS,
    ZERO,
    NumberReader,
    Unreadable,
    drop,
    match,
    numeric,
    starts_number,
    tidy,
    tokenize,
)
from kg.corpus.qualifiers import PHRASES, SUFFIXES, VAGUE

QUALIFIERS = ("exact", "more-than", "at-least", "less-than", "at-most", "nearly", "about",
              "range", "spread", "vague", "higher-than")

_FORMS = ("accepted forms include 238, 'over 200', '200+', 'nearly 1,400', 'a dozen', "
          "'from 4 to 6 years', '€5 million'")


class FigureError(ValueError):
    """Raised with a one-sentence message a curator can act on, naming the wording."""


@dataclass(frozen=True)
class Figure:
    """The interval a wording stands for, with the wording kept so findings can quote it."""

    lower: Decimal | None
    upper: Decimal | None
    lower_exclusive: bool
    upper_exclusive: bool
    qualifier: str
    unit: str | None
    wording: str


_UNIT_AFTER = {**CURRENCY_AFTER, ("year",): "year", ("years",): "year", ("month",): "month",
               ("months",): "month"}
# The words a misspelt word is compared with, to name the wording the curator meant.
_VOCABULARY = sorted({w for p, _ in PHRASES for w in p} | set(SMALL) | set(TENS) | set(SCALES)
                     | {w for p in [*_UNIT_AFTER, *VAGUE] for w in p if len(w) > 2}
                     | {"hundred", "half"})
_Bounds = tuple[Decimal | None, Decimal | None, bool, bool, str, str | None]


class _BadRange(Unreadable):
    """Both ends were read but do not make a range: the most useful message when several fail."""


@dataclass(frozen=True)
class _Quantity:
    """A number in its unit; `word` says how to read a bare number beside it in a range."""

    value: Decimal
    unit: str | None
    word: str | None


def _quantity(number: Decimal, word: str | None) -> _Quantity:
    """Durations compare in years; months that do not divide evenly keep four places."""
    if word != "month":
        return _Quantity(number, "Year" if word == "year" else word, word)
    with localcontext() as ctx:
        ctx.prec = 60
        years = number / 12
        if ctx.flags[Inexact]:
            years = years.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)
    return _Quantity(tidy(years), "Year", word)


def _respell(token: str) -> list[Callable[[str], str]]:
    """The wording with a misspelt word ('ovr', 'eruos') replaced by the nearest known one."""
    close = difflib.get_close_matches(token, _VOCABULARY, n=1, cutoff=0.75)
    return [lambda w: re.sub(rf"(?i)\b{re.escape(token)}\b", close[0], w, count=1)] * bool(close)


class _Parser(NumberReader):
    """Reads a quantity (a number with its unit) from the front of the tokens."""

    def unit_word(self) -> str | None:
        """A unit after a number, with an optional hyphen as in '17-year'."""
        skip = self.peek() == "-"
        word, width = match(self.tokens, self.pos + skip, _UNIT_AFTER)
        self.pos += (skip + width) * (word is not None)
        return word

    def quantity(self) -> _Quantity:
        start = self.pos
        currency, width = match(self.tokens, start, CURRENCY_BEFORE)
        self.pos += width
        token = self.peek()
        if currency is None and self.peek(1)[:1].isdigit() and not _respell(token) and (
                unicodedata.category(token[:1]) == "Sc" or token.isalpha() and len(token) == 3):
            raise Unreadable(f"'{token}' is not a currency a wording can name ({CURRENCIES}); "
                             "for another, write the number alone and give the currency in "
                             "'unit:'", drop(token))
        try:
            number = self.number()
        except Unreadable as exc:  # perhaps a misspelt word where a number or qualifier goes
            exc.nearest += tuple(_respell(self.peek()) if self.peek().isalpha() else ())
            raise
        after = self.pos + (self.peek() == "-")
        word = self.unit_word()
        if currency is not None and word is not None:
            raise Unreadable(f"it names a unit both before and after the number ({word})",
                             drop(*self.tokens[after:self.pos]),
                             drop(*self.tokens[start:start + width]))
        if word == "year":  # perhaps followed by months: 'one year (and) nine months'
            mark = self.pos
            self.pos += self.peek() in ("and", "-")
            try:
                months = self.number()
                if self.unit_word() == "month":
                    return _quantity(number * 12 + months, "month")
            except Unreadable:
                pass
            self.pos = mark
        return _quantity(number, currency or word)


def _whole(tokens: list[str]) -> _Quantity:
    """A quantity that uses up the tokens: a word left over is an error, never ignored."""
    parser = _Parser(tokens)
    quantity, token, last = parser.quantity(), parser.peek(), parser.peek(-1)
    if not token:
        return quantity
    if token[:1].isdigit() and last[:1].isdigit():
        raise Unreadable(f"'{last} {token}' is not one number: a space groups digits in threes, "
                         "as in '1 400'", lambda w: re.sub(rf"{re.escape(last)}\s+"
                                                           rf"{re.escape(token)}", last + token, w))
    if token in (*SCALES, "hundred"):
        raise Unreadable(f"'{token}' cannot follow '{last}'", drop(token))
    if token.isalpha() and token not in SMALL and token not in TENS:
        raise Unreadable(f"'{token}' is not a unit a wording can name (years, months or a "
                         f"currency: {CURRENCIES}); units of people or things come from the "
                         "property, so drop the word", *_respell(token), drop(token))
    raise Unreadable(f"unexpected '{token}' after the number", drop(token))


def _range(tokens: list[str], sep: str, said: str = "") -> _Bounds:
    """Try every split, because a separator can also sit inside an end: of the two 'and's in
    'between 1 year and 6 months and 2 years' only the second splits it into two quantities."""
    prefix = f"{said} " * bool(said)
    if sep not in tokens:
        to_and = [lambda w: re.sub(r"(?i)\bto\b", "and", w, count=1)] * (sep == "and")
        raise Unreadable(f"expected '{sep}' between the two ends of the range", *to_and,
                         *([drop(*said.split())] if said else []), "from 4 to 6")
    errors: list[Unreadable] = []
    for i in (i for i, token in enumerate(tokens) if token == sep):
        try:
            if not 0 < i < len(tokens) - 1:
                up_to = [lambda w: f"up {w.strip()}"] * (i == 0 and sep == "to" and not said)
                raise Unreadable(f"expected a number on each side of '{sep}'", *up_to,
                                 drop(sep))
            low, high = _whole(tokens[:i]), _whole(tokens[i + 1:])
            # A unit said once applies to both ends: 'from 4 to 6 years', '$4,000 to 6,000'.
            if low.unit is None:
                low = _quantity(low.value, high.word)
            if high.unit is None:
                high = _quantity(high.value, low.word)
            if low.unit != high.unit:
                raise _BadRange(f"the range mixes {low.unit} and {high.unit}")
            if low.value > high.value:
                swapped = f"{prefix}{' '.join(tokens[i + 1:])} {sep} {' '.join(tokens[:i])}"
                raise _BadRange(f"lower bound {low.value} is above upper bound {high.value}",
                                swapped)
            return low.value, high.value, False, False, "range", low.unit
        except Unreadable as exc:
            errors.append(exc)
    raise next((e for e in errors if isinstance(e, _BadRange)), errors[0])


def _suffixed(tokens: list[str], t: Decimal) -> _Bounds | None:
    """'9,900+', '200 plus', '5+ years', '200 or more': the qualifier after the number."""
    found, i = [], 0
    while i < len(tokens):
        hit = next(((i, p, q) for p, q in SUFFIXES if tuple(tokens[i:i + len(p)]) == p), None)
        found += [hit] * bool(hit)
        i += len(hit[1]) if hit else 1
    if not found:
        return None
    at, phrase, qualifier = found[0]
    said, unsaid = " ".join(phrase).replace("- ", "-"), drop(*phrase)
    rest = tokens[:at] + tokens[at + len(phrase):]
    if len(found) > 1:
        raise Unreadable(f"'{said}' is said twice", unsaid)
    if at == 0 or not (at + len(phrase) == len(tokens) or numeric(tokens[at - 1])):
        glue = "" if said in ("+", "-plus") else " "
        raise Unreadable(f"'{said}' goes right after the number, as in '200{glue}{said}'",
                         lambda w: unsaid(w) + glue + said)
    before = next((p for p, _ in PHRASES if tuple(rest[:len(p)]) == p), None)
    if before is not None:
        raise Unreadable(f"'{' '.join(before)}' and '{said}' both qualify the number", unsaid,
                         drop(*before))
    if tuple(rest) in VAGUE:
        raise Unreadable(f"'{said}' cannot qualify a vague amount", unsaid)
    try:
        q = _whole(rest)
    except Unreadable as exc:
        try:
            _read(rest, t)
        except Unreadable:
            raise exc from None
        raise Unreadable(f"'{said}' cannot qualify a range", unsaid) from None
    if qualifier == "at-least":
        return q.value, None, False, False, qualifier, q.unit
    return ZERO, q.value, False, False, qualifier, q.unit


def _read(tokens: list[str], t: Decimal) -> _Bounds:
    """Qualifiers come before ranges, so that 'up to 10' is not read as a range ending at 10."""
    if tuple(tokens) in VAGUE:
        low, high = VAGUE[tuple(tokens)]
        return Decimal(low), Decimal(high), False, True, "vague", None
    suffixed = _suffixed(tokens, t)
    if suffixed is not None:
        return suffixed
    for phrase, qualifier in PHRASES:
        if tuple(tokens[:len(phrase)]) != phrase:
            continue
        rest, said = tokens[len(phrase):], " ".join(phrase)
        if qualifier == "range":
            return _range(rest, "and" if said == "between" else "to", said)
        if "to" in rest or "or" in rest[1:-1]:
            raise Unreadable(f"'{said}' cannot qualify a range", drop(*phrase))
        x, unit = (q := _whole(rest)).value, q.unit
        return {"more-than": (x, None, True, False), "at-least": (x, None, False, False),
                "less-than": (ZERO, x, False, True), "at-most": (ZERO, x, False, False),
                "nearly": (x * (1 - t), x, False, True),
                "about": (x * (1 - t), x * (1 + t), False, False)}[qualifier] + (qualifier, unit)
    if "to" in tokens:
        return _range(tokens, "to")
    if "or" in tokens:  # two figures given as alternatives, '40 or 45': either end may hold
        try:
            return _range(tokens, "or")
        except _BadRange:
            raise
        except Unreadable:
            pass
    try:
        q = _whole(tokens)
        return q.value, q.value, False, False, "exact", q.unit
    except Unreadable as exc:
        try:  # perhaps a range written with a dash: '4-6 years'
            return _range(tokens, "-")
        except _BadRange:
            raise
        except Unreadable:
            raise exc from None


def _interval(wording: str, t: Decimal) -> _Bounds:
    """The bounds of a wording, tidied; raises Unreadable."""
    tokens = tokenize(wording)
    if not tokens:
        raise Unreadable(f"the wording is empty; {EXAMPLES}")
    low, high, low_ex, high_ex, qualifier, unit = _read(tokens, t)
    lower, upper = (None if b is None else tidy(b) for b in (low, high))
    if lower == upper and (low_ex or high_ex):
        phrase = next((p for p, _ in PHRASES if tuple(tokens[:len(p)]) == p), None)
        raise Unreadable(f"no number lies in [{lower}, {upper})"
                         + f" (tolerance {t})" * (qualifier == "nearly"),
                         *([drop(*phrase)] if phrase else []))
    return lower, upper, low_ex, high_ex, qualifier, unit


def _nearest(exc: Unreadable, wording: str, t: Decimal) -> str:
    """'; write X or Y', the nearest wordings that do read; else the forms the reader takes."""
    forms: list[str] = []
    for near in exc.nearest:
        form = near if isinstance(near, str) else near(wording)
        if form and form != wording and form not in forms:
            try:
                _interval(form, t)
            except Unreadable:
                continue
            forms.append(form)
    if forms:
        return "; write " + " or ".join(f"'{form}'" for form in forms)
    return "" if exc.named else f"; {_FORMS}"


def parse_figure(text: str, tolerance: Decimal = Decimal("0.1"), spread: bool = False) -> Figure:
    """Read a figure's wording. `spread` says a range is the minimum and maximum of a group,
    which conflicts differently from one figure given loosely (DESIGN.md §5)."""
    wording = text.strip()
    t = Decimal(str(tolerance))
    if not ZERO <= t < 1:
        raise ValueError(f"the tolerance must be at least 0 and below 1, not {t}")
    try:
        lower, upper, low_ex, high_ex, qualifier, unit = _interval(wording, t)
    except Unreadable as exc:
        raise FigureError(f"cannot read '{wording}' as a figure: {exc}"
                          f"{_nearest(exc, wording, t)}") from None
    if spread and qualifier != "range":
        raise FigureError(f"cannot read '{wording}' as a spread: a spread is a minimum and a "
                          "maximum, such as 'from 4 to 6 years'")
    return Figure(lower, upper, low_ex, high_ex, "spread" if spread else qualifier, unit, wording)


def parse_number(text: str) -> Decimal:
    """Read a number alone, for fields that take a count with no qualifier or unit."""
    try:
        parser = NumberReader(tokenize(text.strip()))
        if not parser.tokens:
            raise Unreadable("the text is empty")
        number = parser.number()
        if parser.peek():
            raise Unreadable(f"'{parser.peek()}' is not part of a number")
    except Unreadable as exc:
        raise FigureError(f"cannot read '{text.strip()}' as a number: {exc}") from None
    return tidy(number)


def numbers_in(text: str) -> set[Decimal]:
    """Every number the reader finds in a text, read from each word on: '238 people' gives 238,
    'three policemen' 3, 'more than 200 dead' 200, 'one year nine months' 1 and 9, 'a year' 1,
    'a dozen' 12, 'half a million' 500000, 'eight and a half', '8 1/2' and '8 ½' 8.5, '1 400'
    1400 (and 1 and 400, as a space may also part two numbers). Numbers, not quantities:
    '18 months' gives 18, as the words say."""
    found: set[Decimal] = set()
    readings = [tokenize(text)]
    readings += [plain] if (plain := tokenize(text, grouped=False)) != readings[0] else []
    for tokens in readings:
        for start, token in enumerate(tokens):
            if not starts_number(token):
                continue  # no number starts here: the quick test, for long quotes
            parser = NumberReader(tokens)
            parser.pos = start
            try:
                number = parser.number()
            except Unreadable:
                continue
            found.add(tidy(number))
            if parser.peek() == "dozens":
                found.add(tidy(number * 12))
    return found


def missing_from(wording: str, text: str) -> list[str]:
    """What a figure's wording names that `text` (its quote) does not: each of its numbers
    ('from 4 to 6 years' names 4 and 6) not among the text's, and a vague amount ('hundreds')
    whose words the text lacks. Empty when the wording is in the text."""
    tokens = tokenize(wording)
    if tuple(tokens) in VAGUE:
        said = tokenize(text)
        width = len(tokens)
        present = any(said[i:i + width] == tokens for i in range(len(said) - width + 1))
        return [] if present else [" ".join(tokens)]
    named, parser, missing = numbers_in(text), NumberReader(tokens), []
    while parser.pos < len(tokens):
        start = parser.pos
        try:
            number = tidy(parser.number())
        except Unreadable:
            parser.pos = start + 1
            continue
        if number not in named:
            missing.append(" ".join(tokens[start:parser.pos]))
    return missing
