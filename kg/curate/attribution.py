"""As of when a figure holds, and the byline's author: the as-of date of a sentence's figures.

Who says each figure is kg.curate.speakers; this module reads the dates that go with it. A
date said with the speech ("said in a statement on December 20") goes with the speaker to the
sentences a pronoun carries it to. A byline ("By Jane Roe for Civic Watch") names the author
who states what the text does not attribute.

An as-of date is a calendar date of the sentence (kg.curate.scan finds them), or a relative one
the build reads against the article's date ("earlier this year", "on Monday", "last week", "3
days ago": written as the article says it, so the build records its basis), or a month without
a year ("back in June", the latest June on or before the article's date), unless it dates an
event the sentence names ("the January 2022 protests": the event's date, not the count's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.corpus.dates import MONTHS, DateInterval, calendar_date, parse_date
from kg.curate.match import NameHit

_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len,
                               reverse=True))
_RELATIVE = re.compile(
    rf"(?i)\b(?:(?:earlier |later )?this (?:week|month|year)|last (?:week|month|year)"
    rf"|(?:on )?(?:last )?(?:{_WEEKDAYS})|yesterday"
    rf"|(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) "
    rf"(?:days?|weeks?|months?|years?) ago)\b")
_BARE_MONTH = re.compile(rf"(?i)\b(?:back |earlier |later )?in ({_MONTH_NAMES})\b(?![ ,]+\d)")
_NOW = re.compile(r"(?i)\b(?:as of now|so far|to date|(?:as of )?today|currently)\b")


@dataclass(frozen=True)
class AsOf:
    """An as-of date: what to write in the sheet, where its words are, how it was read."""

    value: str
    start: int
    end: int
    words: str
    interval: DateInterval | None
    note: str  # how it was read, for the review (and as_of_note when the text gives part)
    partial: bool = False  # the text gives it only in part (a month without its year)


def byline_agent(text: str, hits: list[NameHit], kinds: dict[str, str]) -> NameHit | None:
    """The organisation a byline near the top names as the text's author ("By Human Rights
    Watch", "By Jane Doe for Eurasianet"): an outlet reprinting another's report relays it, so
    the author, not the publisher, states what it does not attribute. The last organisation
    named on the byline line (the one after "for"), or None when no byline names one."""
    for line in list(re.finditer(r"[^\n]+", text))[:8]:
        if len(line.group()) > 120 or not re.match(r"\s*By\s+\S", line.group()):
            continue
        orgs = [h for h in hits if line.start() <= h.start < line.end()
                and kinds.get(h.ref) == "org"]
        if orgs:
            return max(orgs, key=lambda h: (h.start, h.score))
    return None


def speech_date(text: str, words: list, verb: int) -> AsOf | None:
    """A date said with the speech: 'said in a statement on December 20' (no anchor yet: the
    caller reads it), within six words after the verb."""
    if verb + 1 >= len(words):
        return None
    start, end = words[verb][2], words[min(len(words) - 1, verb + 6)][2]
    span = text[start:end]
    found = re.search(rf"(?i)\b(?:on )?(?:{_MONTH_NAMES}) \d{{1,2}}\b|\b\d{{1,2}} (?:"
                      rf"{_MONTH_NAMES})\b|" + _RELATIVE.pattern.removeprefix("(?i)"), span)
    if not found:
        return None
    return AsOf(found.group(), start + found.start(), start + found.end(), found.group(), None,
                "said with the speech")


def read_as_of(text: str, start: int, end: int, kind: str, anchor: DateInterval | None,
               anchor_name: str) -> AsOf | None:
    """The as-of date of the words at [start, end): `kind` is "date" (a calendar date the
    scanner found), "relative" or "month" (a month without its year); None if unreadable."""
    words = text[start:end]
    if kind == "month" or (kind == "date" and not re.search(r"\d{4}", words)):
        return _resolved(words, start, end, anchor, anchor_name)
    if kind == "date":
        prefix = re.search(r"(?i)\b(early|mid|late)[- ]$", text[max(0, start - 6):start])
        if prefix:
            start -= len(prefix.group())
            words = text[start:end]
        try:
            found = parse_date(words)
        except ValueError:
            return None
        return AsOf(_calendar(found), start, end, words, found, "the sentence's date")
    try:
        found = parse_date(words, anchor, anchor_name)
    except ValueError as exc:
        return AsOf("", start, end, words, None, str(exc))
    return AsOf(words.strip(), start, end, words, found,
                f"read against {found.basis}: {_span_text(found)}")


def _calendar(found: DateInterval) -> str:
    """How a date is written in a sheet: YYYY, YYYY-MM or YYYY-MM-DD when it is that calendar
    unit, else the article's words, which the build reads ('early 2023', 'July 1-2, 2022')."""
    unit = found.calendar
    whole = calendar_date(unit.year, unit.month, unit.day, str(unit))
    return str(unit) if (whole.first, whole.last) == (found.first, found.last) \
        else " ".join(found.wording.split())


def _span_text(found: DateInterval) -> str:
    return str(found.first) if found.first == found.last else f"{found.first} to {found.last}"


def _resolved(words: str, start: int, end: int, anchor: DateInterval | None,
              anchor_name: str) -> AsOf | None:
    """A month (and perhaps a day) without a year: the latest such date on or before the
    article's date ('back in June' in an article of March 2024 is June 2023)."""
    month = next((MONTHS[w] for w in re.findall(r"[a-z]+", words.lower()) if w in MONTHS), None)
    day = re.search(r"\b(\d{1,2})\b", words)
    if month is None:
        return None
    if anchor is None:
        return AsOf("", start, end, words, None, f"{words!r} gives no year and the article "
                    "has no date to read it against")
    last = anchor.last
    year = last.year if (month, int(day.group(1)) if day else 1) <= (last.month, last.day) \
        else last.year - 1
    try:
        found = calendar_date(year, month, int(day.group(1)) if day else None, words)
    except ValueError:
        return None
    value = str(found.calendar)
    return AsOf(value, start, end, words, found, f"{words.strip()!r} in an article of "
                f"{anchor.calendar} ({anchor_name}): {value}", partial=True)


def date_phrases(text: str, sentence: tuple[int, int]) -> list[tuple[int, int, str]]:
    """The relative dates and bare months of a sentence: (start, end, kind), kind "relative",
    "month" or "now" ('as of now': the article's own date, so no as-of)."""
    words = text[sentence[0]:sentence[1]]
    found = [(m.start(), m.end(), "relative") for m in _RELATIVE.finditer(words)]
    found += [(m.start(), m.end(), "month") for m in _BARE_MONTH.finditer(words)]
    found += [(m.start(), m.end(), "now") for m in _NOW.finditer(words)]
    return sorted((s + sentence[0], e + sentence[0], k) for s, e, k in found)
