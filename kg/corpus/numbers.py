"""Numbers and currencies in the words of a figure, for kg.corpus.figures: digits ('1,400',
'1 400', '2.5m'), number words ('twenty one', 'a dozen', 'half a million', 'two and a half')
and the currency said before or after them ('€5 million', '5,000 euros', 'RUB 5,000').

Hand-written tables, not a number-words library: the wordings are the curator's, in English
whatever the article's language, and text2num (the likeliest library) reads none of 'a dozen',
'half a million', 'a thousand' or '1.2 billion', so it would sit beside these tables anyway.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

MAX_DIGITS = 16  # as kg.corpus.yamlfile: 10**15 still reads
EXAMPLES = "expected a number such as 238, 'over 200', 'nearly 1,400', 'from 4 to 6 years'"
ZERO = Decimal(0)
Nearest = str | Callable[[str], str]  # an accepted wording, or how to make one of the curator's


class Unreadable(Exception):
    """Why the tokens do not parse, with the nearest wordings that would (kg.corpus.figures
    keeps those that do read); `named` says the reason already names the accepted forms."""

    def __init__(self, reason: str, *nearest: Nearest, named: bool = False) -> None:
        super().__init__(reason)
        self.nearest, self.named = nearest, named or EXAMPLES in reason


SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "dozen": 12}
# Only after digits: '2.5m', '1.2bn', '5k'; after words ('five m') they are not numbers.
ABBREVIATIONS = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "bn": 10**9}
# ISO 4217 code: (what may stand before the number | ..., what may follow it | ...), each
# written as its tokens. The codes are the ontology's units (ontology/qantar.ttl).
_CURRENCIES = {
    "USD": ("$|us $|usd", "dollar|dollars|us dollar|us dollars|usd"),
    "EUR": ("€|eur", "euro|euros|eur|€"),
    "GBP": ("£|gbp", "pound|pounds|pound sterling|pounds sterling|gbp"),
    "RUB": ("₽|rub", "rouble|roubles|ruble|rubles|rub|₽"),
    "KZT": ("₸|kzt", "tenge|kzt|₸"),
    "UZS": ("uzs", "sum|sums|soum|soums|uzs"),
}
CURRENCY_BEFORE = {tuple(said.split()): code for code, (before, _) in _CURRENCIES.items()
                   for said in before.split("|")}
CURRENCY_AFTER = {tuple(said.split()): code for code, (_, after) in _CURRENCIES.items()
                  for said in after.split("|")}
CURRENCIES = ("USD ($, dollars), EUR (€, euros), GBP (£, pounds), RUB (₽, roubles), "
              "KZT (₸, tenge), UZS (sums)")

_DIGITS = re.compile(r"(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?")
# Digits grouped in threes by a space, a no-break space or a narrow or thin one: '1 400'.
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?!\d)")
# A number ends in a digit: the comma in "was 19, and" is the sentence's, not the number's.
_TOKEN = re.compile(r"\s*(?:(\d(?:[\d,]*\d)?(?:\.\d+)?)|([a-z]+)|(\S))")


def tokenize(text: str, grouped: bool = True) -> list[str]:
    """Lower-case and split; dashes and the minus sign become '-' so '4–6' reads as '4-6', and
    (unless not `grouped`) digits grouped by spaces become one number, '1 400' as '1400'."""
    text = re.sub("[\u2010-\u2015\u2212]", "-", text.lower())
    if grouped:
        text = _GROUPED.sub(lambda m: re.sub(r"\D", "", m.group()), text)
    return [next(g for g in m.groups() if g) for m in _TOKEN.finditer(text)]


def match(tokens: list[str], at: int, table: dict[tuple[str, ...], str]) -> tuple[str | None, int]:
    """The longest entry of `table` the tokens hold from `at`, and how many tokens it takes."""
    for width in (3, 2, 1):
        code = table.get(tuple(tokens[at:at + width]))
        if code is not None and at + width <= len(tokens):
            return code, width
    return None, 0


def starts_number(token: str) -> bool:
    """Whether a number may start at the token: the quick test, for long quotes."""
    return token[:1].isdigit() or token in SMALL or token in TENS or token in ("a", "an", "half")


def fraction(tokens: list[str], at: int) -> tuple[Decimal, int] | None:
    """A fraction after a whole number, 'and a half', '1/2' or '½' (any vulgar fraction),
    with the number of tokens it takes."""
    ahead = tokens[at:at + 3]
    if ahead in (["and", "a", "half"], ["and", "one", "half"]):
        return Decimal("0.5"), 3
    if len(ahead) == 3 and ahead[1] == "/" and ahead[0].isdecimal() and ahead[2].isdecimal() \
            and int(ahead[2]) > int(ahead[0]) and len(ahead[2]) < 4:
        return Decimal(ahead[0]) / Decimal(ahead[2]), 3
    if ahead and len(ahead[0]) == 1 and not ahead[0].isdigit():
        value = unicodedata.numeric(ahead[0], None)
        if value is not None and 0 < value < 1:
            return Decimal(str(value)), 1
    return None


def tidy(value: Decimal) -> Decimal:
    """Drop exponents and trailing zeros, so that 1400 × 0.9 reads 1260 as a curator writes."""
    return Decimal(format(value.normalize(), "f"))


def drop(*said: str) -> Callable[[str], str]:
    """The curator's wording without the first occurrence of the tokens `said` ('people')."""
    parts = ["[-\u2010-\u2015\u2212]" if t == "-" else re.escape(t) + r"\b" * t[-1].isalnum()
             for t in said]
    pattern = r"\b" * said[0][0].isalnum() + r"\s*".join(parts)
    return lambda w: " ".join(re.sub(pattern, "", w, count=1, flags=re.I).split())


def numeric(token: str) -> bool:
    """Whether the token can end a number (what '+' may follow)."""
    return token[:1].isdigit() or token in (*SMALL, *TENS, *SCALES, *ABBREVIATIONS, "hundred")


def _no_leading_zeros(wording: str) -> str:
    return re.sub(r"(?<![\d.,])0+(?=\d)", "", wording)


class NumberReader:
    """Reads a number from the front of the tokens and leaves the rest, so a caller can
    backtrack (kg.corpus.figures reads qualifiers and units around it)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.tokens[at] if 0 <= at < len(self.tokens) else ""

    def number(self) -> Decimal:
        """Add up parts of falling scale, so 'one million two hundred thousand' is one number."""
        total, last = ZERO, 0
        while True:
            digits = self.peek()[:1].isdigit()
            base = self._base()
            word = self.peek()
            scale = SCALES.get(word) or (ABBREVIATIONS.get(word) if digits else None)
            if scale is None:
                return total + base
            if last and scale == 12:
                raise Unreadable("'dozen' follows a number alone, as in 'two dozen'", drop(word))
            if last and scale >= last:
                raise Unreadable(f"'{word}' cannot follow a scale as large or larger: say the "
                                 "largest first", "two million five thousand")
            self.pos += 1
            total, last = total + base * scale, scale
            token = self.peek()
            if scale == 12 or not (token[:1].isdigit() or token in SMALL or token in TENS):
                return total  # nothing is added to a dozen: 'a dozen two' is no number

    def _base(self) -> Decimal:
        token = self.peek()
        if sum(c.isdigit() for c in token) > MAX_DIGITS:
            raise Unreadable(f"'{token[:20]}...' has {sum(c.isdigit() for c in token)} digits: "
                             f"a figure that large is a typo (at most {MAX_DIGITS}); write the "
                             "figure as the article gives it", named=True)
        if _DIGITS.fullmatch(token):
            self.pos += 1
            base = Decimal(token.replace(",", ""))
        elif re.match(r"0\d", token):
            raise Unreadable(f"'{token}' has a leading zero, as a claim id has but a figure "
                             "never", _no_leading_zeros)
        elif token[:1].isdigit():
            whole = token.replace(",", "")
            raise Unreadable(f"'{token}' is not a number: commas must group digits in threes, "
                             "and a decimal point is '.'",
                             lambda w: w.replace(token, f"{int(whole):,}"
                                                 if whole.isascii() and whole.isdigit()
                                                 else whole),
                             lambda w: w.replace(token, token.replace(",", ".")))
        elif token in ("-", "minus"):
            raise Unreadable("a figure cannot be negative", lambda w: re.sub(
                r"(?i)(minus\s*|[-\u2010-\u2015\u2212]\s*)", "", w, count=1))
        elif token == "half":
            if self.peek(1) not in ("a", "an") or self.peek(2) not in (*SCALES, "hundred"):
                raise Unreadable("'half' is read only before 'a' and a scale",
                                 "half a million", "half a dozen")
            self.pos += 2
            base = Decimal("0.5")
        elif (small := self._small(articles=True)) is not None:
            base = small
        elif self.pos:
            raise Unreadable(f"expected a number after '{self.peek(-1)}'"
                             + f", not '{token}'" * bool(token))
        else:
            raise Unreadable(EXAMPLES + f", not '{token}'" * bool(token))
        if self.peek() == "hundred":  # 'two hundred (and) fifty'
            self.pos += 1
            self.pos += self.peek() == "and" and (self.peek(1) in SMALL or self.peek(1) in TENS)
            base = base * 100 + (self._small(articles=False) or 0)
        if (part := fraction(self.tokens, self.pos)) is not None:  # 'two and a half'
            base += part[0]
            self.pos += part[1]
        return base

    def _small(self, articles: bool) -> Decimal | None:
        """A number below a hundred in words, 'twenty-one' or 'twenty one'; 'a' and 'an' count
        as one ('a year', 'a dozen')."""
        token = self.peek()
        value = 1 if articles and token in ("a", "an") else SMALL.get(token, TENS.get(token))
        if value is None:
            return None
        self.pos += 1
        if token in TENS:
            dash = self.peek() == "-"
            ones = SMALL.get(self.peek(dash), 0)
            if 0 < ones < 10:
                value += ones
                self.pos += 1 + dash
        return Decimal(value)
