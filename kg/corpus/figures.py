"""Read the wording of a figure ("over 200", "nearly 1,400", "from 4 to 6 years") as an interval.

Sources rarely give a bare number and the conflict rules compare intervals (DESIGN.md §5), so the
curator keeps the article's wording and the build derives bounds from it. A small recursive-descent
parser over tokens, not a regex per case, so a wording it cannot read in full fails loudly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, Inexact, localcontext

QUALIFIERS = ("exact", "more-than", "at-least", "less-than", "at-most", "nearly", "about",
              "range", "spread", "vague", "higher-than")

MAX_DIGITS = 16  # as kg.corpus.yamlfile: 10**15 still reads
_EXAMPLES = "expected a number such as 238, 'over 200', 'nearly 1,400', 'from 4 to 6 years'"
_ZERO = Decimal(0)


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


_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_QUALIFIER_PHRASES = {
    "more-than": ("more than", "over", "above", "in excess of"),
    "at-least": ("at least", "no fewer than", "no less than"),
    "less-than": ("fewer than", "less than", "under"),
    "at-most": ("up to", "at most", "no more than"),
    "nearly": ("nearly", "almost"),
    "about": ("about", "approximately", "around", "roughly", "some"),
    "range": ("from", "ranging from", "between"),
}
# Longest first, so that "no more than" is not read as a stray "no" before "more than".
_PHRASES = sorted(((tuple(p.split()), q) for q, ps in _QUALIFIER_PHRASES.items() for p in ps),
                  key=lambda item: -len(item[0]))
# Vague amounts get fixed, conventional intervals: "hundreds" means at least two hundred.
_VAGUE = {("hundreds",): (200, 1000), ("dozens",): (24, 100), ("thousands",): (2000, 10**6),
          ("tens", "of", "thousands"): (20000, 100000)}
_CURRENCY_BEFORE = {"$": "USD", "usd": "USD", "kzt": "KZT"}
_UNIT_AFTER = {"dollar": "USD", "dollars": "USD", "usd": "USD", "tenge": "KZT", "kzt": "KZT",
               "year": "year", "years": "year", "month": "month", "months": "month"}
_TOKEN = re.compile(r"\s*(?:(\d[\d,]*(?:\.\d+)?)|([a-z]+)|(\S))")
_DIGITS = re.compile(r"(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?")
_Bounds = tuple[Decimal | None, Decimal | None, bool, bool, str, str | None]


class _Unreadable(Exception):
    """Why the tokens do not parse; the public functions add the wording to it."""


class _BadRange(_Unreadable):
    """Both ends were read but do not make a range: the most useful message when several fail."""


@dataclass(frozen=True)
class _Quantity:
    """A number in its unit; `word` says how to read a bare number beside it in a range."""

    value: Decimal
    unit: str | None
    word: str | None


def _tidy(value: Decimal) -> Decimal:
    """Drop exponents and trailing zeros, so that 1400 × 0.9 reads 1260 as a curator writes."""
    return Decimal(format(value.normalize(), "f"))


def _quantity(number: Decimal, word: str | None) -> _Quantity:
    """Durations compare in years; months that do not divide evenly keep four places."""
    if word != "month":
        return _Quantity(number, "Year" if word == "year" else word, word)
    with localcontext() as ctx:
        ctx.prec = 60
        years = number / 12
        if ctx.flags[Inexact]:
            years = years.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)
    return _Quantity(_tidy(years), "Year", word)


def _tokenize(text: str) -> list[str]:
    """Lower-case and split; dashes and the minus sign become '-' so '4–6' reads as '4-6'."""
    text = re.sub("[\u2010-\u2015\u2212]", "-", text.lower())
    return [next(g for g in m.groups() if g) for m in _TOKEN.finditer(text)]


class _Parser:
    """Reads from the front of the tokens and leaves the rest, so a caller can backtrack."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self, ahead: int = 0) -> str:
        return self.tokens[self.pos + ahead] if self.pos + ahead < len(self.tokens) else ""

    def number(self) -> Decimal:
        """Add up parts of falling scale, so 'one million two hundred thousand' is one number."""
        total, last = _ZERO, 0
        while True:
            base = self._base()
            scale = _SCALES.get(self.peek())
            if scale is None:
                return total + base
            if last and scale >= last:
                raise _Unreadable(f"'{self.peek()}' cannot follow a scale as large or larger")
            self.pos += 1
            total, last = total + base * scale, scale
            if not (self.peek()[:1].isdigit() or self.peek() in _SMALL or self.peek() in _TENS):
                return total

    def _base(self) -> Decimal:
        token = self.peek()
        if sum(c.isdigit() for c in token) > MAX_DIGITS:
            raise _Unreadable(f"'{token[:20]}...' has {sum(c.isdigit() for c in token)} digits: "
                              f"a figure that large is a typo (at most {MAX_DIGITS})")
        if _DIGITS.fullmatch(token):
            self.pos += 1
            base = Decimal(token.replace(",", ""))
        elif re.match(r"0\d", token):
            raise _Unreadable(f"'{token}' has a leading zero, as a claim id has but a figure never")
        elif token[:1].isdigit():
            raise _Unreadable(f"'{token}' is not a number: commas must group digits in threes")
        elif token in ("-", "minus"):
            raise _Unreadable("a figure cannot be negative")
        elif (small := self._small(articles=True)) is not None:
            base = small
        else:
            raise _Unreadable(
                f"expected a number after '{self.peek(-1)}'" if self.pos else _EXAMPLES)
        if self.peek() == "hundred":  # 'two hundred (and) fifty'
            self.pos += 1
            self.pos += self.peek() == "and" and (self.peek(1) in _SMALL or self.peek(1) in _TENS)
            base = base * 100 + (self._small(articles=False) or 0)
        return base

    def _small(self, articles: bool) -> Decimal | None:
        """A number below a hundred in words; 'a' and 'an' count as one ('a year')."""
        token = self.peek()
        value = 1 if articles and token in ("a", "an") else _SMALL.get(token, _TENS.get(token))
        if value is None:
            return None
        self.pos += 1
        if token in _TENS and self.peek() == "-" and 0 < _SMALL.get(self.peek(1), 0) < 10:
            value += _SMALL[self.peek(1)]
            self.pos += 2
        return Decimal(value)

    def unit_word(self) -> str | None:
        """A unit after a number, with an optional hyphen as in '17-year'."""
        skip = self.peek() == "-"
        word = _UNIT_AFTER.get(self.peek(skip))
        self.pos += (skip + 1) * (word is not None)
        return word

    def quantity(self) -> _Quantity:
        currency = _CURRENCY_BEFORE.get(self.peek())
        self.pos += currency is not None
        number = self.number()
        word = self.unit_word()
        if currency is not None and word is not None:
            raise _Unreadable(f"it names a unit both before and after the number ({word})")
        if word == "year":  # perhaps followed by months: 'one year (and) nine months'
            mark = self.pos
            self.pos += self.peek() in ("and", "-")
            try:
                months = self.number()
                if self.unit_word() == "month":
                    return _quantity(number * 12 + months, "month")
            except _Unreadable:
                pass
            self.pos = mark
        return _quantity(number, currency or word)


def _whole(tokens: list[str]) -> _Quantity:
    """A quantity that uses up the tokens: a word left over is an error, never ignored."""
    parser = _Parser(tokens)
    quantity, token = parser.quantity(), parser.peek()
    if token.isalpha() and token not in _SMALL and token not in _TENS:
        raise _Unreadable(f"'{token}' is not a unit a wording can name (years, months, USD, KZT); "
                          "units of people or things come from the property, so drop the word")
    if token:
        raise _Unreadable(f"unexpected '{token}' after the number")
    return quantity


def _range(tokens: list[str], sep: str) -> _Bounds:
    """Try every split, because a separator can also sit inside an end: of the two 'and's in
    'between 1 year and 6 months and 2 years' only the second splits it into two quantities."""
    if sep not in tokens:
        raise _Unreadable(f"expected '{sep}' between the two ends of the range")
    errors: list[_Unreadable] = []
    for i in (i for i, token in enumerate(tokens) if token == sep):
        try:
            if not 0 < i < len(tokens) - 1:
                raise _Unreadable(f"expected a number on each side of '{sep}'")
            low, high = _whole(tokens[:i]), _whole(tokens[i + 1:])
            # A unit said once applies to both ends: 'from 4 to 6 years', '$4,000 to 6,000'.
            if low.unit is None:
                low = _quantity(low.value, high.word)
            if high.unit is None:
                high = _quantity(high.value, low.word)
            if low.unit != high.unit:
                raise _BadRange(f"the range mixes {low.unit} and {high.unit}")
            if low.value > high.value:
                raise _BadRange(f"lower bound {low.value} is above upper bound {high.value}")
            return low.value, high.value, False, False, "range", low.unit
        except _Unreadable as exc:
            errors.append(exc)
    raise next((e for e in errors if isinstance(e, _BadRange)), errors[0])


def _read(tokens: list[str], t: Decimal) -> _Bounds:
    """Qualifiers come before ranges, so that 'up to 10' is not read as a range ending at 10."""
    if tuple(tokens) in _VAGUE:
        low, high = _VAGUE[tuple(tokens)]
        return Decimal(low), Decimal(high), False, True, "vague", None
    for phrase, qualifier in _PHRASES:
        if tuple(tokens[:len(phrase)]) != phrase:
            continue
        rest, said = tokens[len(phrase):], " ".join(phrase)
        if qualifier == "range":
            return _range(rest, "and" if said == "between" else "to")
        if "to" in rest:
            raise _Unreadable(f"'{said}' cannot qualify a range; write the range alone")
        x, unit = (q := _whole(rest)).value, q.unit
        return {"more-than": (x, None, True, False), "at-least": (x, None, False, False),
                "less-than": (_ZERO, x, False, True), "at-most": (_ZERO, x, False, False),
                "nearly": (x * (1 - t), x, False, True),
                "about": (x * (1 - t), x * (1 + t), False, False)}[qualifier] + (qualifier, unit)
    if "to" in tokens:
        return _range(tokens, "to")
    try:
        q = _whole(tokens)
        return q.value, q.value, False, False, "exact", q.unit
    except _Unreadable as exc:
        try:  # perhaps a range written with a dash: '4-6 years'
            return _range(tokens, "-")
        except _BadRange:
            raise
        except _Unreadable:
            raise exc from None


def parse_figure(text: str, tolerance: Decimal = Decimal("0.1"), spread: bool = False) -> Figure:
    """Read a figure's wording. `spread` says a range is the minimum and maximum of a group,
    which conflicts differently from one figure given loosely (DESIGN.md §5)."""
    wording = text.strip()
    t = Decimal(str(tolerance))
    if not _ZERO <= t < 1:
        raise ValueError(f"the tolerance must be at least 0 and below 1, not {t}")
    try:
        tokens = _tokenize(wording)
        if not tokens:
            raise _Unreadable(f"the wording is empty; {_EXAMPLES}")
        low, high, low_ex, high_ex, qualifier, unit = _read(tokens, t)
        lower, upper = (None if b is None else _tidy(b) for b in (low, high))
        if lower == upper and (low_ex or high_ex):
            raise _Unreadable(f"no number lies in [{lower}, {upper})"
                              + f" (tolerance {t})" * (qualifier == "nearly"))
    except _Unreadable as exc:
        raise FigureError(f"cannot read '{wording}' as a figure: {exc}") from None
    if spread and qualifier != "range":
        raise FigureError(f"cannot read '{wording}' as a spread: a spread is a minimum and a "
                          "maximum, such as 'from 4 to 6 years'")
    return Figure(lower, upper, low_ex, high_ex, "spread" if spread else qualifier, unit, wording)


def parse_number(text: str) -> Decimal:
    """Read a number alone, for fields that take a count with no qualifier or unit."""
    try:
        parser = _Parser(_tokenize(text.strip()))
        if not parser.tokens:
            raise _Unreadable("the text is empty")
        number = parser.number()
        if parser.peek():
            raise _Unreadable(f"'{parser.peek()}' is not part of a number")
    except _Unreadable as exc:
        raise FigureError(f"cannot read '{text.strip()}' as a number: {exc}") from None
    return _tidy(number)


def numbers_in(text: str) -> set[Decimal]:
    """Every number the reader finds in a text, read from each word on: '238 people' gives 238,
    'three policemen' 3, 'more than 200 dead' 200, 'one year nine months' 1 and 9, 'a year' 1.
    Numbers, not quantities: '18 months' gives 18, as the words say. Also the readings a
    curator may write as a figure though the reader takes no such wording: 'a dozen' 12,
    'eight and a half', '8 1/2' and '8 ½' 8.5."""
    tokens = _tokenize(text)
    found: set[Decimal] = set()
    for start, token in enumerate(tokens):
        if not (token[:1].isdigit() or token in _SMALL or token in _TENS or token in ("a", "an")):
            continue  # no number starts here: the quick test, for long quotes
        parser = _Parser(tokens)
        parser.pos = start
        try:
            number = parser.number()
        except _Unreadable:
            continue
        found.add(_tidy(number))
        if parser.peek() in ("dozen", "dozens"):
            found.add(_tidy(number * 12))
        fraction = _fraction(tokens, parser.pos)
        if fraction is not None:
            found.add(_tidy(number + fraction))
    return found


def _fraction(tokens: list[str], at: int) -> Decimal | None:
    """A fraction after a whole number: 'and a half', '1/2', '½' (any vulgar fraction)."""
    ahead = tokens[at:at + 3]
    if ahead in (["and", "a", "half"], ["and", "one", "half"]):
        return Decimal("0.5")
    if len(ahead) == 3 and ahead[1] == "/" and ahead[0].isdecimal() and ahead[2].isdecimal() \
            and int(ahead[2]) > int(ahead[0]) and len(ahead[2]) < 4:
        return Decimal(ahead[0]) / Decimal(ahead[2])
    if ahead and len(ahead[0]) == 1 and not ahead[0].isdigit():
        value = unicodedata.numeric(ahead[0], None)
        if value is not None and 0 < value < 1:
            return Decimal(str(value))
    return None


def missing_from(wording: str, text: str) -> list[str]:
    """What a figure's wording names that `text` (its quote) does not: each of its numbers
    ('from 4 to 6 years' names 4 and 6) not among the text's, and a vague amount ('hundreds')
    whose words the text lacks. Empty when the wording is in the text."""
    tokens = _tokenize(wording)
    if tuple(tokens) in _VAGUE:
        said = _tokenize(text)
        width = len(tokens)
        present = any(said[i:i + width] == tokens for i in range(len(said) - width + 1))
        return [] if present else [" ".join(tokens)]
    named, parser, missing = numbers_in(text), _Parser(tokens), []
    while parser.pos < len(tokens):
        start = parser.pos
        try:
            number = _tidy(parser.number())
        except _Unreadable:
            parser.pos = start + 1
            continue
        if number not in named:
            missing.append(" ".join(tokens[start:parser.pos]))
    return missing
