"""Who says a figure, and as of when: the speaker and the as-of date of a sentence.

A figure in "Kazakh officials said earlier this year that six people were tortured to death"
is stated by the officials, not by the outlet, and holds as of earlier this year. The rules are
the reporting conventions of English news, in code because they are grammar, not vocabulary:
a name of an agent (person, group, organisation) just before a verb of saying ("X said", "X has
said", "X insisted"), or just after one ("said X"), or after "according to"; a pronoun before
such a verb ("It added") is the last speaker named. A request is a statement too: "the
prosecutor asked to sentence X to 18 years", "the prosecution demanded", "prosecutors sought"
say what the prosecution wants, so its figures are the requester's, and the speaker is marked
a request (kg.curate.requests then looks for the request's own subject), whose figures are the
ones after its verb. A date said with the speech ("said in a statement on December 20") goes
with the speaker to the sentences a pronoun carries it to.

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

AGENT_KINDS = ("person", "org", "group")
_SPEECH = frozenset(
    "said says say stated states told added adds noted notes claimed claims insisted insists "
    "insist argued argues argue reported reports announced announces estimated estimates "
    "confirmed confirms alleged alleges wrote writes called urged accused accuses contends "
    "contended explained explains believes believe stressed warned declared acknowledged "
    "admitted counted recorded revealed".split())
# Verbs of asking: a figure in "X asked (the court) to sentence Y to 9 years" is X's request.
REQUESTS = frozenset(
    "asked asks requested requests demanded demands sought seeks proposed proposes "
    "petitioned".split())
_SPEECH = _SPEECH | REQUESTS
_INVERTED = frozenset("said says told added wrote noted".split())
_FILLER = frozenset(
    "has have had also earlier previously recently later then publicly repeatedly again "
    "reportedly officially out in a the statement this year week month".split())
_PRONOUNS = frozenset("it he she they we".split())
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
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True)
class Speaker:
    """Who a sentence's figures are stated by: an entity ref (or None when the name is no
    entity's), the words naming them, and the date said with the speech, if any."""

    ref: str | None
    words: str
    how: str  # "said", "according to", "pronoun", "unknown name"
    when: AsOf | None = None
    request: bool = False  # the verb asks for something ("asked", "demanded", "called for")
    at: int = -1  # where the verb is: a request covers only the figures after it

    def covers(self, at: int) -> bool:
        """Whether a figure at offset `at` is this speaker's: all of the sentence's, but a
        request's only after its verb ("X was sentenced to 16 years; prosecutors had asked
        for 18": the 16 is the court's)."""
        return not self.request or at >= self.at


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


def speaker_in(text: str, sentence: tuple[int, int], hits: list[NameHit],
               kinds: dict[str, str], previous: Speaker | None) -> Speaker | None:
    """The speaker of a sentence, or None when it reports no speech. `hits` are the names
    found in it, `kinds` the kind of each entity, `previous` the last speaker met."""
    words = [(m.group(), m.start() + sentence[0], m.end() + sentence[0])
             for m in _WORD.finditer(text[sentence[0]:sentence[1]])]
    agents = [h for h in hits if kinds.get(h.ref) in AGENT_KINDS]
    for i, (word, _, end) in enumerate(words):
        low = word.lower()
        if low == "according" and i + 1 < len(words) and words[i + 1][0].lower() == "to":
            after = words[i + 1][2]
            found = _name_after(text, agents, after)
            if found:
                return Speaker(found.ref, found.words, "according to")
            continue
        if low not in _SPEECH:
            continue
        asks = low in REQUESTS or (low == "called" and i + 1 < len(words)
                                   and words[i + 1][0].lower() == "for")
        found = _name_before(text, agents, words, i)
        if found is not None:
            return Speaker(found.ref, found.words, "said", _when(text, words, i, sentence),
                           asks, words[i][1])
        before = [w.lower() for w, _, _ in words[max(0, i - 3):i] if w.lower() not in _FILLER]
        if before and before[-1] in _PRONOUNS and previous is not None:
            return Speaker(previous.ref, previous.words, "pronoun",
                           _when(text, words, i, sentence) or previous.when, asks, words[i][1])
        if low in _INVERTED:
            found = _name_after(text, agents, end)
            if found:
                return Speaker(found.ref, found.words, "said", _when(text, words, i, sentence))
        unknown = _capitalised_before(words, i)
        if unknown:
            return Speaker(None, unknown, "unknown name", request=asks, at=words[i][1])
    return None


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


def _name_before(text: str, agents: list[NameHit], words: list, verb: int) -> NameHit | None:
    """The agent named just before the verb, with at most four filler words between."""
    verb_start = words[verb][1]
    best = None
    for hit in agents:
        if hit.end > verb_start:
            continue
        between = [w.lower() for w, s, _ in words if hit.end <= s < verb_start]
        gap = text[hit.end:verb_start]
        aside = re.fullmatch(r"\s*,[^,.;]{1,60},\s*", gap)  # "X, representing the victims, said"
        if aside or len(between) <= 4 and all(w in _FILLER for w in between):
            if best is None or hit.end > best.end or (hit.end == best.end
                                                      and hit.score > best.score):
                best = hit
    return best


def _name_after(text: str, agents: list[NameHit], at: int) -> NameHit | None:
    """The agent named right after offset `at` (an article or 's between allowed); of two
    names read there the longer ("the Prosecutor General's Office", not "the prosecutor")."""
    fitting = [hit for hit in agents if hit.start >= at
               and text[at:hit.start].strip(" ,\"'’").lower() in ("", "the", "a")]
    return max(fitting, key=lambda h: (h.end, h.score, -h.start), default=None)


def _capitalised_before(words: list, verb: int) -> str:
    """A capitalised name just before a verb of saying that names no entity ('Smith said'):
    not a lone capitalised word opening the sentence, which may be any word."""
    at, names = verb, []
    while at > 0 and words[at - 1][0].lower() in _FILLER:
        at -= 1
    while at > 0 and words[at - 1][0][:1].isupper() and words[at - 1][0].lower() not in _PRONOUNS:
        at -= 1
        names.insert(0, words[at][0])
    if not names or (len(names) == 1 and at == 0):
        return ""
    return " ".join(names)


def _when(text: str, words: list, verb: int, sentence: tuple[int, int]) -> AsOf | None:
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
