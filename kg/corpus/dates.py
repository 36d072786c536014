"""Partial dates as articles give them ("2022", "January 2023" -> 2023-01, "2024-03-18").

A partial date stands for its last day when figures are ordered in time (DESIGN.md §5): "as of
2022" is at least as late as anything said in 2022.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
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

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def literal(self) -> Literal:
        if self.day:
            return Literal(str(self), datatype=XSD.date)
        if self.month:
            return Literal(str(self), datatype=XSD.gYearMonth)
        return Literal(str(self), datatype=XSD.gYear)


def parse_date(text: object) -> PartialDate:
    """Raises ValueError with a sentence saying the accepted forms."""
    match = _PATTERN.match(str(text).strip())
    if not match:
        raise ValueError(f"cannot read {text!r} as a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a calendar date: {exc}") from exc
    return PartialDate(year, month, day)
