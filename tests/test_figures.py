"""The wordings of figures in claim sheets, read as intervals (kg/figures.py, DESIGN.md §5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.corpus.figures import QUALIFIERS, Figure, FigureError, parse_figure, parse_number

D = Decimal
T = D("0.1")

# wording -> (lower, upper, lower_exclusive, upper_exclusive, qualifier, unit)
CASES: dict[str, tuple[str | None, str | None, bool, bool, str, str | None]] = {
    # exact numbers
    "238": ("238", "238", False, False, "exact", None),
    "three": ("3", "3", False, False, "exact", None),
    "twenty two": ("22", "22", False, False, "exact", None),
    "a": ("1", "1", False, False, "exact", None),
    "one": ("1", "1", False, False, "exact", None),
    "zero": ("0", "0", False, False, "exact", None),
    "1,400": ("1400", "1400", False, False, "exact", None),
    "5 million": ("5000000", "5000000", False, False, "exact", None),
    "1.5": ("1.5", "1.5", False, False, "exact", None),
    "1.5 million": ("1500000", "1500000", False, False, "exact", None),
    "two hundred": ("200", "200", False, False, "exact", None),
    "two hundred and fifty": ("250", "250", False, False, "exact", None),
    "twenty-two": ("22", "22", False, False, "exact", None),
    "Twenty–Two": ("22", "22", False, False, "exact", None),
    "a thousand": ("1000", "1000", False, False, "exact", None),
    "one hundred twenty-five thousand": ("125000", "125000", False, False, "exact", None),
    "  238  ": ("238", "238", False, False, "exact", None),
    # qualifiers
    "more than 200": ("200", None, True, False, "more-than", None),
    "over 200": ("200", None, True, False, "more-than", None),
    "above 200": ("200", None, True, False, "more-than", None),
    "in excess of 200": ("200", None, True, False, "more-than", None),
    "OVER   1,000": ("1000", None, True, False, "more-than", None),
    "at least 200": ("200", None, False, False, "at-least", None),
    "no fewer than 200": ("200", None, False, False, "at-least", None),
    "no less than 200": ("200", None, False, False, "at-least", None),
    "fewer than 10": ("0", "10", False, True, "less-than", None),
    "less than 10": ("0", "10", False, True, "less-than", None),
    "under 10": ("0", "10", False, True, "less-than", None),
    "up to 10": ("0", "10", False, False, "at-most", None),
    "at most 10": ("0", "10", False, False, "at-most", None),
    "no more than 10": ("0", "10", False, False, "at-most", None),
    "nearly 1,400": ("1260", "1400", False, True, "nearly", None),
    "almost 1,400": ("1260", "1400", False, True, "nearly", None),
    "nearly one year": ("0.9", "1", False, True, "nearly", "Year"),
    "nearly a year": ("0.9", "1", False, True, "nearly", "Year"),
    "about 115,000": ("103500", "126500", False, False, "about", None),
    "approximately $115,000": ("103500", "126500", False, False, "about", "USD"),
    "around 50": ("45", "55", False, False, "about", None),
    "roughly 50": ("45", "55", False, False, "about", None),
    "some 50": ("45", "55", False, False, "about", None),
    # ranges
    "four to six": ("4", "6", False, False, "range", None),
    "4 to 6": ("4", "6", False, False, "range", None),
    "from 4 to 6 years": ("4", "6", False, False, "range", "Year"),
    "from four to six years": ("4", "6", False, False, "range", "Year"),
    "ranging from 22 to 53": ("22", "53", False, False, "range", None),
    "between 4 and 6": ("4", "6", False, False, "range", None),
    "between 4 and 6 years": ("4", "6", False, False, "range", "Year"),
    "4-6": ("4", "6", False, False, "range", None),
    "4–6 years": ("4", "6", False, False, "range", "Year"),
    "4 to 4": ("4", "4", False, False, "range", None),
    "from 6 to 18 months": ("0.5", "1.5", False, False, "range", "Year"),
    "$4,000 to $6,000": ("4000", "6000", False, False, "range", "USD"),
    "$4,000 to 6,000": ("4000", "6000", False, False, "range", "USD"),
    "between 1 year and 6 months and 2 years": ("1.5", "2", False, False, "range", "Year"),
    "between two hundred and three hundred": ("200", "300", False, False, "range", None),
    # vague amounts
    "hundreds": ("200", "1000", False, True, "vague", None),
    "dozens": ("24", "100", False, True, "vague", None),
    "thousands": ("2000", "1000000", False, True, "vague", None),
    "tens of thousands": ("20000", "100000", False, True, "vague", None),
    # durations, in years
    "three years": ("3", "3", False, False, "exact", "Year"),
    "one year": ("1", "1", False, False, "exact", "Year"),
    "18 months": ("1.5", "1.5", False, False, "exact", "Year"),
    "one year nine months": ("1.75", "1.75", False, False, "exact", "Year"),
    "one-year-nine-month": ("1.75", "1.75", False, False, "exact", "Year"),
    "4 years 6 months": ("4.5", "4.5", False, False, "exact", "Year"),
    "4 years and 6 months": ("4.5", "4.5", False, False, "exact", "Year"),
    "17-year": ("17", "17", False, False, "exact", "Year"),
    "15-year": ("15", "15", False, False, "exact", "Year"),
    "10 months": ("0.8333", "0.8333", False, False, "exact", "Year"),
    "2 months": ("0.1667", "0.1667", False, False, "exact", "Year"),
    "over 17 years": ("17", None, True, False, "more-than", "Year"),
    # money
    "$9,000": ("9000", "9000", False, False, "exact", "USD"),
    "9,000 dollars": ("9000", "9000", False, False, "exact", "USD"),
    "USD 9,000": ("9000", "9000", False, False, "exact", "USD"),
    "over $9,000": ("9000", None, True, False, "more-than", "USD"),
    "$5 million": ("5000000", "5000000", False, False, "exact", "USD"),
    "5 million tenge": ("5000000", "5000000", False, False, "exact", "KZT"),
    "61 million tenge": ("61000000", "61000000", False, False, "exact", "KZT"),
    "KZT 5 million": ("5000000", "5000000", False, False, "exact", "KZT"),
}


def _bounds(figure: Figure) -> tuple[Decimal | None, Decimal | None, bool, bool, str, str | None]:
    return (figure.lower, figure.upper, figure.lower_exclusive, figure.upper_exclusive,
            figure.qualifier, figure.unit)


@pytest.mark.parametrize(("wording", "expected"), CASES.items())
def test_wording(wording: str, expected: tuple) -> None:
    lower, upper, *rest = expected
    figure = parse_figure(wording)
    assert _bounds(figure) == (None if lower is None else D(lower),
                               None if upper is None else D(upper), *rest)
    assert figure.wording == wording.strip()
    assert figure.qualifier in QUALIFIERS


def test_bounds_are_tidy_decimals() -> None:
    """1400 × 0.9 is 1260 exactly, written as a curator would, not 1260.0."""
    assert str(parse_figure("nearly 1,400").lower) == "1260"
    assert str(parse_figure("5 million").lower) == "5000000"
    assert str(parse_figure("10 months").lower) == "0.8333"


def test_tolerance() -> None:
    figure = parse_figure("about 200", tolerance=D("0.25"))
    assert (figure.lower, figure.upper) == (D(150), D(250))
    assert parse_figure("about 200", tolerance=D(0)).lower == D(200)
    for bad in (D("-0.1"), D(1)):
        with pytest.raises(ValueError, match="tolerance"):
            parse_figure("about 200", tolerance=bad)


def test_spread() -> None:
    figure = parse_figure("ranging from four to six years", spread=True)
    assert _bounds(figure) == (D(4), D(6), False, False, "spread", "Year")
    assert parse_figure("22 to 53", spread=True).qualifier == "spread"


def test_figure_is_frozen() -> None:
    figure = parse_figure("238")
    with pytest.raises(AttributeError):
        figure.lower = D(1)  # type: ignore[misc]


ERRORS = {
    "ovr 200": "expected a number such as 238, 'over 200', 'nearly 1,400', 'from 4 to 6 years'",
    "200 ish": "'ish' is not a unit",
    "": "the wording is empty",
    "   ": "the wording is empty",
    "4 to": "expected a number on each side of 'to'",
    "to 6": "expected a number on each side of 'to'",
    "six to four": "lower bound 6 is above upper bound 4",
    "6-4": "lower bound 6 is above upper bound 4",
    "between 6 and 4": "lower bound 6 is above upper bound 4",
    "-5": "cannot be negative",
    "minus 5": "cannot be negative",
    "over -5": "cannot be negative",
    "200 people": "units of people or things come from the property",
    "over 200 people": "'people' is not a unit",
    "from 4": "expected 'to'",
    "between 4 to 6": "expected 'and'",
    "about 4 to 6": "'about' cannot qualify a range",
    "4 years to $5": "the range mixes Year and USD",
    "$9,000 dollars": "names a unit both before and after",
    "1,40": "commas must group digits in threes",
    "004-06": "leading zero",
    "twenty twelve": "unexpected 'twelve'",
    "fewer than 0": "no number lies in [0, 0)",
    "nearly 0": "no number lies in [0, 0)",
    "over": "expected a number such as",
    "$": "expected a number after '$'",
    "200 %": "unexpected '%'",
    "5 thousand 2 million": "cannot follow a scale",
}


@pytest.mark.parametrize(("wording", "message"), ERRORS.items())
def test_unreadable_wording(wording: str, message: str) -> None:
    with pytest.raises(FigureError) as caught:
        parse_figure(wording)
    text = str(caught.value)
    assert text.startswith(f"cannot read '{wording.strip()}' as a figure: ")
    assert message in text
    assert "\n" not in text


def test_unreadable_wording_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="cannot read 'ovr 200' as a figure"):
        parse_figure("ovr 200")


def test_spread_needs_a_range() -> None:
    with pytest.raises(FigureError, match="cannot read 'about 5' as a spread: a spread is a "
                       "minimum and a maximum"):
        parse_figure("about 5", spread=True)


def test_nearly_with_no_tolerance_is_empty() -> None:
    with pytest.raises(FigureError, match=r"no number lies in \[1400, 1400\) \(tolerance 0\)"):
        parse_figure("nearly 1,400", tolerance=D(0))


@pytest.mark.parametrize(("text", "value"), [
    ("1,400", "1400"), ("5 million", "5000000"), ("three", "3"), ("twenty-two", "22"),
    ("1.5", "1.5"), ("two hundred", "200"), ("a million", "1000000"), (" Nineteen ", "19"),
])
def test_parse_number(text: str, value: str) -> None:
    assert parse_number(text) == D(value)


@pytest.mark.parametrize(("text", "message"), [
    ("", "cannot read '' as a number: the text is empty"),
    ("5 years", "cannot read '5 years' as a number: 'years' is not part of a number"),
    ("over 5", "cannot read 'over 5' as a number: expected a number such as 238"),
    ("-1", "cannot read '-1' as a number: a figure cannot be negative"),
    ("1,4", "cannot read '1,4' as a number: '1,4' is not a number"),
])
def test_parse_number_errors(text: str, message: str) -> None:
    with pytest.raises(FigureError) as caught:
        parse_number(text)
    assert str(caught.value).startswith(message)


# Round trips --------------------------------------------------------------------------------

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen " \
        "fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _words(x: int) -> str:
    """Spell 0..99 the way English prose does, independently of the parser's tables."""
    if x < 20:
        return _ONES[x]
    tens, ones = divmod(x, 10)
    return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")


counts = st.integers(min_value=0, max_value=10**15)
tolerances = st.decimals(min_value=0, max_value=D("0.5"), places=4)


@given(counts)
def test_digits_round_trip(x: int) -> None:
    assert _bounds(parse_figure(f"{x:,}")) == (D(x), D(x), False, False, "exact", None)
    assert _bounds(parse_figure(str(x))) == (D(x), D(x), False, False, "exact", None)
    assert parse_number(f"{x:,}") == D(x)


@given(st.integers(min_value=0, max_value=99), st.sampled_from([str, str.upper, str.title]))
def test_words_round_trip(x: int, case) -> None:
    assert _bounds(parse_figure(case(_words(x)))) == (D(x), D(x), False, False, "exact", None)
    assert parse_number(_words(x)) == D(x)


@given(counts)
def test_more_than(x: int) -> None:
    assert _bounds(parse_figure(f"more than {x:,}")) == (D(x), None, True, False, "more-than", None)


@given(counts, counts)
def test_from_to(x: int, dy: int) -> None:
    y = x + dy
    assert _bounds(parse_figure(f"from {x:,} to {y:,}")) == (D(x), D(y), False, False, "range",
                                                             None)
    if dy:
        with pytest.raises(FigureError, match=f"lower bound {y} is above upper bound {x}"):
            parse_figure(f"from {y:,} to {x:,}")


@given(counts, tolerances)
def test_nearly_excludes_x(x: int, t: Decimal) -> None:
    if x == 0 or t == 0:  # [x, x) is empty, which is an error rather than a figure
        with pytest.raises(FigureError, match="no number lies in"):
            parse_figure(f"nearly {x:,}", tolerance=t)
        return
    figure = parse_figure(f"nearly {x:,}", tolerance=t)
    assert (figure.lower, figure.upper) == (D(x) * (1 - t), D(x))
    assert not figure.lower_exclusive and figure.upper_exclusive
    assert figure.lower <= D(x) and figure.upper == D(x)  # x itself is excluded by the open end


@given(counts, tolerances)
def test_about_contains_x(x: int, t: Decimal) -> None:
    figure = parse_figure(f"about {x:,}", tolerance=t)
    assert (figure.lower, figure.upper) == (D(x) * (1 - t), D(x) * (1 + t))
    assert not figure.lower_exclusive and not figure.upper_exclusive
    assert figure.lower <= D(x) <= figure.upper


@given(counts, tolerances, st.sampled_from([("", ""), ("$", ""), ("USD ", ""), ("", " years"),
                                            ("", " months"), ("", " tenge")]))
def test_about_widens_exact(x: int, t: Decimal, unit: tuple[str, str]) -> None:
    before, after = unit
    exact = parse_figure(f"{before}{x:,}{after}")
    about = parse_figure(f"approximately {before}{x:,}{after}", tolerance=t)
    assert about.unit == exact.unit
    assert about.lower <= exact.lower and exact.upper <= about.upper


@given(st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=11))
def test_years_and_months(years: int, months: int) -> None:
    figure = parse_figure(f"{_words(years)} years {_words(months)} months")
    assert figure.unit == "Year"
    assert abs(figure.lower - (D(years) + D(months) / 12)) <= D("0.00005")
    assert figure.lower == figure.upper
