"""Figures credited to the body whose act produced them, with no verb of saying.

News credits a count to whoever made it as often as to whoever said it: "the ministry
gazetted 834 names", "the directorate published a list of 708", "a rights group documented
819 deaths", "they have recorded 1,581", "according to data verified by the ministry, 631 ...",
a headline's "..., finds UN report". A curator credits such a figure to that body, not to the
outlet, so kg.curate.speakers reads these as it reads verbs of saying. The rules are English
grammar, not any article's wording, and the words are data (the lists below):

- a verb of a reporting act (ACTS: published, recorded, compiled, found, ...) is a verb of
  saying: its agent is the name before it, a pronoun before it the last agent named ("they
  collected a list of 1,423");
- an act's agent may stand further back, as the sentence's subject, when no other agent is
  named between ("The directorate on Tuesday for the first time published a list of ..."):
  the time and manner of an act are told before its verb (`opening_agent`);
- "X's report says", "the X report suggested": the record's owner speaks (RECORDS, the nouns
  a speaker's record is named by, may stand between a name and its verb);
- "according to data verified by X", "according to figures compiled by X": X (`agent_by`);
- a verb that opens a sentence with no subject (a standfirst's "Says 400 deaths were
  reported") is the speaker the sentence before names, or, when it names none, an unnamed one
  kg.curate.repeats may find in a repeat of the figure (`subjectless`); a headline's ", finds
  UN report" names its speaker after the verb, as "said X" does (INVERTED_ACTS), and when that
  is no entity its words are kept as an unnamed speaker's (`unnamed_after`);
- a sentence with no speaker of its own, in the paragraph of one whose figures a reporting act
  or "according to" credits, goes on with that source's data ("According to data verified by
  X, 631 were killed. More than 19,200 sustained injuries."): that source's, marked unsure
  (`continued`); after a mere verb of saying the next sentence is the outlet's again.
"""

from __future__ import annotations

import re

from kg.curate.match import NameHit

# (forms that are nouns as often, 'lists', 'records', 'counts', 'issues', are left out)
ACTS = frozenset(
    "published publishes released issued gazetted gazettes compiled compiles collected "
    "tallied verified verifies registered listed documents recorded counted found finds "
    "shows showed logged".split())
# an act whose agent follows it at a headline's end: "..., finds UN report", "..., shows data"
INVERTED_ACTS = frozenset("finds shows".split())
RECORDS = frozenset(
    "report reports list lists data figures tally statistics records study survey analysis "
    "findings database census count".split())
_BY = re.compile(
    r"(?i)\s*(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,3}?(?:"
    + "|".join(sorted(RECORDS)) + r"|estimates?|numbers?)\s+(?:verified|compiled|published|"
    r"released|collected|gathered|provided|issued|prepared|kept|maintained|confirmed|"
    r"recorded|documented)\s+by\s+")
# the 'how' of the speakers whose sources the next sentence of their paragraph goes on with
CONTINUED = ("according to", "an act")


def agent_by(text: str, agents: list[NameHit], at: int) -> NameHit | None:
    """The agent of 'according to data verified by X' (words from offset `at`, after 'to')."""
    gap = _BY.match(text, at)
    if gap is None:
        return None
    fitting = [h for h in agents if h.start >= gap.end()
               and text[gap.end():h.start].strip(" ,\"'’“”").lower() in ("", "the")]
    return max(fitting, key=lambda h: (h.end, h.score, -h.start), default=None)


def opening_agent(text: str, agents: list[NameHit], opening: NameHit | None,
                  verb_start: int) -> NameHit | None:
    """The sentence's subject as an act's agent, when no other agent is named between it and
    the verb (which would be the agent, or a different clause's)."""
    if opening is None or opening.end > verb_start or "\n" in text[opening.end:verb_start]:
        return None
    between = [h for h in agents if opening.end <= h.start < verb_start and h.ref != opening.ref]
    return None if between or re.search(r"[;.!?]", text[opening.end:verb_start]) else opening


def unnamed_after(text: str, end: int) -> str:
    """The words naming a speaker after an inverted verb that are no entity ('UN report')."""
    found = re.match(r"\s+((?:[\w'’-]+\s?){1,4})", text[end:end + 60])
    return found.group(1).strip() if found else ""


def subjectless(words: list, verb: int) -> bool:
    """Whether the verb at word `verb` opens its sentence with no subject ('Says 400 ...')."""
    return verb == 0 and words[0][0][:1].isupper()


def refers_back(words: list, verb: int) -> bool:
    """Whether the verb's subject is 'the report' (or its, their: a record noun), which points
    back to the source last named, as a pronoun does ('The report documents ...')."""
    return verb >= 2 and words[verb - 1][0].lower() in RECORDS \
        and words[verb - 2][0].lower() in ("the", "its", "their")


def continued(text: str, span: tuple[int, int], before: tuple[int, int] | None) -> bool:
    """Whether a sentence goes on in the paragraph of the sentence `before` it (no line break
    between), so it may go on with that sentence's source."""
    return before is not None and "\n" not in text[before[1]:span[0]]
