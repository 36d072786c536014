"""Speakers a sentence's own verbs do not give: quotations, named reports, "the findings".

kg.curate.speakers reads who speaks from a sentence's verbs of saying. Three conventions of
English news attribute figures across sentences or without a verb, so they are read here, once
every sentence's speakers are known:

- a direct quotation is its speaker's throughout, though the sentence splitter cuts it into
  sentences of which only one carries the attribution: the speaker whose verb comes right after
  the closing mark ('..., we lost 25 people," she said'), else the one whose verb ends the
  text right before the opening mark ('Roe insisted. "We counted 40 ..."', a quotation that
  goes on from the speaker's last words); only for figures their own sentence gives no speaker;
- a figure inside the words a curator named as an agent ("reports that more than 40 people
  were killed", an entity of kind org or collective) is that agent's, whoever the sentence's
  verb gives: the sentence sets the reports against its speaker, it does not adopt them;
- a sentence with no verb of saying that opens by pointing back to a source's findings
  ("Among the findings, ...", "In the report, ...") is the last named speaker's, as a pronoun is;
- a sentence with no speaker that goes on in the paragraph of one a reporting act or
  "according to" credits is that source's data too (kg.curate.acts.continued).
"""

from __future__ import annotations

import re

from kg.curate.acts import CONTINUED, continued
from kg.curate.match import NameHit
from kg.curate.speakers import AGENT_KINDS, Speaker

_OPENING = "“\""
_CLOSING = "”\""
# between a closing mark and the verb of its attribution: a name or pronoun, no new sentence
_AFTER = 100
# between the verb of an attribution and the opening mark of the quotation going on from it
_BEFORE = re.compile(r"[\w'’-]*(?:[ \t]+[\w'’-]+){0,4}[ \t]*[.:,][ \t]*")
_FINDINGS = re.compile(
    r"(?i)\W*(?:among|in|from|of|according to)\s+(?:the|its|their)\s+(?:[\w-]+\s+)?"
    r"(?:findings|figures|data|report|statement|study|survey|records|document)\b")


def quotations(text: str) -> list[tuple[int, int]]:
    """The direct quotations of a text, (start, end) from the opening mark to the closing one;
    one left open runs to the end of its paragraph (a line)."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        words, at, start = line.group(), 0, None
        while at < len(words):
            mark = words[at]
            if start is None and mark in _OPENING:
                start = at
            elif start is not None and mark in _CLOSING:
                found.append((line.start() + start, line.start() + at + 1))
                start = None
            at += 1
        if start is not None:
            found.append((line.start() + start, line.end()))
    return found


def quoted_speakers(text: str, speakers: list[Speaker]) -> list[tuple[int, int, Speaker]]:
    """Each quotation with the speaker its attribution names (see the module's docstring);
    `speakers` are every sentence's, in the text's order."""
    found = []
    for start, end in quotations(text):
        after = next((s for s in speakers if end <= s.at <= end + _AFTER
                      and not re.search(r"[.!?“\"\n]", text[end:s.at])), None)
        before = next((s for s in reversed(speakers) if 0 <= s.at < start
                       and _BEFORE.fullmatch(text[s.at:start])), None)
        speaker = after or before
        if speaker is not None and speaker.ref is not None:
            found.append((start, end, Speaker(
                speaker.ref, speaker.words, "the speaker of the quotation", speaker.when,
                at=start, relayed=speaker.relayed, sure=False)))
    return found


def named_voices(hits: list[NameHit], kinds: dict[str, str],
                 longest: int) -> list[tuple[int, int, Speaker]]:
    """Agents named by a phrase longer than a proper name (more than `longest` words): the
    figures inside the phrase are theirs."""
    return [(h.start, h.end, Speaker(h.ref, h.words, "the agent these words name", at=h.start))
            for h in hits if kinds.get(h.ref) in AGENT_KINDS and len(h.words.split()) > longest]


def findings_of(text: str, span: tuple[int, int], previous: Speaker | None
                ) -> Speaker | None:
    """The last named speaker, for a sentence that opens with their findings."""
    if previous is None or previous.ref is None or not _FINDINGS.match(text[span[0]:span[1]]):
        return None
    return Speaker(previous.ref, previous.words, "the findings of the last speaker named",
                   previous.when, at=span[0], sure=False)


def going_on(text: str, span: tuple[int, int], before: tuple[int, int] | None,
             said: list[Speaker]) -> Speaker | None:
    """The source of the sentence before (its speakers `said`), for a sentence with none of its
    own that goes on in the same paragraph after data an act or 'according to' credits."""
    last = said[-1] if said else None
    if last is None or last.ref is None or last.how not in CONTINUED \
            or not continued(text, span, before):
        return None
    return Speaker(last.ref, last.words, "the source the paragraph goes on with", last.when,
                   at=span[0], sure=False)
