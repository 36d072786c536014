"""What a news reader carries from one sentence to another, which one sentence alone does not give.

A reader of "The Doctors' Committee said 35 died. ... The committee said the toll rose to 113"
knows which committee speaks, reads a headline's "Toll now at 113" as the body's statement of
113, and dates "the toll at the time stood at 35" by the time the sentence before names. The
rules, in code because they are how news is read, not vocabulary:

- a name several agents share ("the committee", a definite description two entities list as an
  alias) is the one of them named last before it; with none named before, all are kept;
- a headline's figure with no speaker of its own that the body restates (the same bounds and
  measure) is the body's statement (kg.curate.repeats gives it the body's speaker; its as-of
  is the body's too, when it has none of its own);
- "at the time" dates a figure by the last date the sentence before gives;
- a date in a phrase opened by "since" (or by "after" or "following" after the figure) dates
  the event that phrase names, not the count ("the toll since the dispersal on Monday rose to
  113").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.curate.attribution import date_phrases
from kg.curate.match import NameHit

AGENTS = ("person", "org", "group")
HEADLINE_WORDS = 16  # a headline is short; a longer first line is the lead paragraph
_AT_THE_TIME = re.compile(r"(?i)\bat the time\b")
_SINCE = re.compile(r"(?i)\bsince\b[^,;.:()]{0,70}$")
_AFTER = re.compile(r"(?i)\b(?:after|following)\b[^,;.:()]{0,70}$")


def resolve_shared(hits: list[NameHit], kinds: dict[str, str]) -> list[NameHit]:
    """The name hits with each name several agents share read as the one named last before it
    (by a name only it has); a shared name none of them was named before keeps all."""
    last: dict[str, int] = {}
    found: list[NameHit] = []
    at = 0
    while at < len(hits):
        group = [h for h in hits[at:] if (h.start, h.end) == (hits[at].start, hits[at].end)]
        at += len(group)
        if len(group) > 1 and all(kinds.get(h.ref) in AGENTS for h in group):
            seen = [h for h in group if h.ref in last]
            if seen:
                group = [max(seen, key=lambda h: last[h.ref])]
        if len(group) == 1:
            last[group[0].ref] = group[0].start
        found += group
    return found


def headline_end(text: str) -> int:
    """Where the headline ends: the article's first line, if it reads as one (a text opens with
    its headline, a short line of one sentence), else -1 (it opens with its lead paragraph)."""
    first = text.find("\n")
    line = text[:first].strip() if first > 0 else ""
    short = 0 < len(line.split()) <= HEADLINE_WORDS and ". " not in line
    return first if short else -1


def at_the_time(text: str, sentence: tuple[int, int]) -> bool:
    """Whether the sentence dates its figures by "at the time": the time said just before."""
    return bool(_AT_THE_TIME.search(text[sentence[0]:sentence[1]]))


def dates_event(text: str, start: int, sentence: tuple[int, int], figure: int) -> bool:
    """Whether the date at `start` dates an event, not the figure at offset `figure`: it is in
    a phrase opened by 'since' ("the toll since the dispersal on Monday"), or by 'after' or
    'following' after the figure ("rose to 108 after forces broke up the camp two days ago"; one
    before it may date the speech: "after a visit on May 2, said that 40 died"). 'During' does
    not: a count of an event's dead holds as of the event."""
    before = text[max(sentence[0], start - 80):start]
    return bool(_SINCE.search(before) or (start > figure and _AFTER.search(before)))


def date_options(text: str, spans: list[tuple[int, int]], at: int,
                 date_spans: list[tuple[int, int]], event_dates: set[tuple[int, int]],
                 dates_a_named_event: Callable[[int, int], bool]) -> list[tuple[int, int, str]]:
    """The dates that may date the figure at `at` of the last sentence of `spans` (the one
    before it, if any, first): its own calendar dates and date phrases (start, end, kind of
    kg.curate.attribution.date_phrases), none dating an event (`event_dates`, a month
    `dates_a_named_event` says dates one, one in an event's phrase); with none, when it says "at
    the time", the last the sentence before gives."""
    span = spans[-1]
    options = [(s, e, "date") for s, e in date_spans
               if span[0] <= s < span[1] and (s, e) not in event_dates]
    options += [(s, e, k) for s, e, k in date_phrases(text, span)
                if not any(a < e and s < b for a, b, _ in options)
                and not (k == "month" and dates_a_named_event(s, e))]
    options = [o for o in options if not dates_event(text, o[0], span, at)]
    if not options and len(spans) > 1 and at_the_time(text, span):
        before = [(s, e, "date") for s, e in date_spans
                  if spans[0][0] <= s < spans[0][1] and (s, e) not in event_dates]
        before += [o for o in date_phrases(text, spans[0]) if o[2] != "now"]
        return sorted(before)[-1:]
    return options
