"""Dates as articles give them, each read as an interval of days (DESIGN.md §5, issue 18).

A year is 1 January to 31 December, a month its days, "early January 2022" its first ten
days, a day a day. One figure is *before* another only when its interval ends before the
other's begins, so "as of 2022" and "as of January 2022" are never ordered. Relative wordings
("on Monday", "last year", "earlier this year") are read against the article's publication
date (or its inferred date), and the interval remembers that basis.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD

ACCEPTED = ("YYYY, YYYY-MM, YYYY-MM-DD, 'May 2023', '31 May 2023', 'May 31, 2023', "
            "'1-2 July 2022', 'July 1-2, 2022', "
            "'early|mid|late January 2022', 'early|mid|late 2022', or, read against the "
            "article's date: today, yesterday, '(on|last) Monday', 'this|last|earlier this "
            "week|month|year', 'N days|weeks|months|years ago'")
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
# early / mid / late: which days of a month, which months of a year.
_PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_UNITS = {"day": 1, "week": 7}

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTH = r"(?P<month>[a-z]+)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WORDED = [re.compile(p) for p in (
    rf"^{_DAY} {_MONTH},? {_YEAR}$", rf"^{_MONTH} {_DAY},? {_YEAR}$", rf"^{_MONTH},? {_YEAR}$")]
_DAYS = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|—|to|and)\s*(?P<to>\d{1,2})(?:st|nd|rd|th)?"
_RANGES = [re.compile(p) for p in (rf"^{_DAYS} {_MONTH},? {_YEAR}$",
                                   rf"^{_MONTH} {_DAYS},? {_YEAR}$")]
_PART = re.compile(rf"^(?:in |the )?(?P<part>early|mid|late)[- ](?:(?:{_MONTH} )?{_YEAR})$")
_AGO = re.compile(r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) "
                  r"(?P<unit>day|week|month|year)s? ago$")
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class PartialDate:
    """A calendar year, month or day: what an XSD literal can say (gYear, gYearMonth, date)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def literal(self) -> Literal:
        if self.day:
            return Literal(str(self), datatype=XSD.date)
        if self.month:
            return Literal(str(self), datatype=XSD.gYearMonth)
        return Literal(str(self), datatype=XSD.gYear)


@dataclass(frozen=True)
class DateInterval:
    """The days a date stands for. `calendar` is the tightest calendar year, month or day that
    holds them (published as the literal); `wording` the words when they are not a plain
    calendar date; `basis` the date a relative wording was read against."""

    first: dt.date
    last: dt.date
    calendar: PartialDate
    wording: str = ""
    basis: str = ""

    def __str__(self) -> str:
        return self.wording or str(self.calendar)

    def first_day(self) -> dt.date:
        return self.first

    def last_day(self) -> dt.date:
        return self.last

    def literal(self) -> Literal:
        return self.calendar.literal()

    @property
    def is_relative(self) -> bool:
        return bool(self.basis)


def interval(first: dt.date, last: dt.date, wording: str = "", basis: str = "") -> DateInterval:
    """The interval [first, last], its calendar the tightest year, month or day holding it."""
    if first == last:
        unit = PartialDate(first.year, first.month, first.day)
    elif (first.year, first.month) == (last.year, last.month):
        unit = PartialDate(first.year, first.month)
    else:
        unit = PartialDate(first.year)  # an interval across years: its first year, said so
    return DateInterval(first, last, unit, wording, basis)


def calendar_date(year: int, month: int | None, day: int | None, raw: str,
                  wording: str = "") -> DateInterval:
    try:
        first = dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{raw!r} is not a calendar date: {exc}") from exc
    last_month = month or 12
    last = dt.date(year, last_month, day or calendar.monthrange(year, last_month)[1])
    return DateInterval(first, last, PartialDate(year, month, day), wording)


def parse_date(text: object, anchor: DateInterval | None = None,
               anchor_name: str = "published") -> DateInterval:
    """Read one date. Relative wordings need `anchor`, the article's date (`anchor_name` says
    which: published or inferred). Raises ValueError naming the accepted forms and, where the
    words are close to one, the form to write."""
    raw = str(text).strip()
    words = " ".join(raw.lower().replace(",", " ,").split()).replace(" ,", ",")
    match = _ISO.match(words)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return calendar_date(year, month, day, raw)
    worded = _worded(words, raw)
    if worded is not None:
        return worded
    relative = _relative(words, raw, anchor, anchor_name)
    if relative is not None:
        return relative
    raise ValueError(f"cannot read {raw!r} as a date{_nearest(words)}; accepted: {ACCEPTED}")


def _month(name: str, raw: str) -> int:
    if name not in MONTHS:
        raise ValueError(f"cannot read {raw!r} as a date: {name!r} is not a month name")
    return MONTHS[name]


def _worded(words: str, raw: str) -> DateInterval | None:
    for pattern in _RANGES:
        match = pattern.match(words)
        if match and match.group("month") in MONTHS:
            year, month = int(match.group("year")), MONTHS[match.group("month")]
            first = calendar_date(year, month, int(match.group("day")), raw).first
            last = calendar_date(year, month, int(match.group("to")), raw).last
            if last < first:
                raise ValueError(f"{raw!r} ends before it begins: give the first day first")
            return interval(first, last, raw)
    for pattern in _WORDED:
        match = pattern.match(words)
        if match and match.group("month") in MONTHS:
            parts = match.groupdict()
            day = int(parts["day"]) if parts.get("day") else None
            return calendar_date(int(parts["year"]), _month(parts["month"], raw), day, raw, raw)
    match = _PART.match(words)
    if not match or (match.group("month") and match.group("month") not in MONTHS):
        return None
    part, year = match.group("part"), int(match.group("year"))
    if match.group("month"):
        month = _month(match.group("month"), raw)
        start, end = _PART_DAYS[part]
        end = min(end, calendar.monthrange(year, month)[1])
        return interval(dt.date(year, month, start), dt.date(year, month, end), raw)
    start, end = _PART_MONTHS[part]
    return interval(dt.date(year, start, 1),
                    dt.date(year, end, calendar.monthrange(year, end)[1]), raw)


def _relative(words: str, raw: str, anchor: DateInterval | None,
              anchor_name: str) -> DateInterval | None:
    words = words.removeprefix("on ")
    weekday = words.removeprefix("last ")
    recognised = (words in ("today", "yesterday") or weekday in WEEKDAYS or _AGO.match(words)
                  or re.match(r"^(this|last|earlier this) (week|month|year)$", words))
    if not recognised:
        return None
    if anchor is None:
        raise ValueError(f"{raw!r} is relative: it is read against the article's date, and "
                         "there is none to read it against here: give the date itself "
                         "(YYYY-MM-DD, YYYY-MM or YYYY)")
    day, basis = anchor.last, f"{anchor_name} {anchor.calendar}"

    def span(first: dt.date, last: dt.date) -> DateInterval:
        return interval(first, last, raw, basis)

    if weekday in WEEKDAYS:
        if anchor.first != anchor.last:
            raise ValueError(f"{raw!r} names a weekday, but the article's date is only "
                             f"{anchor.calendar}: give the date itself (YYYY-MM-DD)")
        # "on Monday" in an article of a Monday is that day; "last Monday" the one before.
        back = (day.weekday() - WEEKDAYS[weekday]) % 7
        if back == 0 and words.startswith("last "):
            back = 7
        return span(day - dt.timedelta(back), day - dt.timedelta(back))
    if words in ("today", "yesterday"):
        moment = day - dt.timedelta(1 if words == "yesterday" else 0)
        return span(moment, moment)
    ago = _AGO.match(words)
    if ago:
        count = int(ago.group("n")) if ago.group("n").isdigit() else _SMALL[ago.group("n")]
        return _ago(count, ago.group("unit"), day, span)
    which, unit = words.rsplit(" ", 1)
    start, end = _period(unit, day, back=which == "last")
    # "this year" and "earlier this year" hold at most up to the article's day
    return span(start, end if which == "last" else day)


def _ago(count: int, unit: str, day: dt.date, span) -> DateInterval:
    if unit in _UNITS:
        moment = day - dt.timedelta(count * _UNITS[unit])
        return span(moment, moment) if unit == "day" else span(moment - dt.timedelta(3),
                                                               moment + dt.timedelta(3))
    if unit == "month":
        month_index = day.year * 12 + day.month - 1 - count
        year, month = divmod(month_index, 12)
        return span(dt.date(year, month + 1, 1),
                    dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1]))
    return span(dt.date(day.year - count, 1, 1), dt.date(day.year - count, 12, 31))


def _period(unit: str, day: dt.date, back: bool) -> tuple[dt.date, dt.date]:
    """The week (Monday to Sunday), month or year holding `day`, or the one before it."""
    if unit == "week":
        monday = day - dt.timedelta(day.weekday() + (7 if back else 0))
        return monday, monday + dt.timedelta(6)
    if unit == "month":
        year, month = (day.year, day.month - 1) if back else (day.year, day.month)
        if month == 0:
            year, month = year - 1, 12
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    year = day.year - 1 if back else day.year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _nearest(words: str) -> str:
    """' (write 2023-05-31)' when the words hold a year and a month name in some other order."""
    year = re.search(r"\b(\d{4})\b", words)
    month = next((MONTHS[w] for w in re.findall(r"[a-z]+", words) if w in MONTHS), None)
    if not year or month is None:
        return ""
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", words.replace(year.group(1), ""))
    form = f"{year.group(1)}-{month:02d}" + (f"-{int(day.group(1)):02d}" if day else "")
    return f" (write {form})"
