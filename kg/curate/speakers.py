"""Who says each figure of a sentence: the speakers a sentence names, each where its verb is.

A figure in "Kazakh officials said earlier this year that six people were tortured to death"
is stated by the officials, not by the outlet. The rules are the reporting conventions of
English news, in code because they are grammar, not vocabulary:

- a name of an agent (person, group, organisation) just before a verb of saying ("X said", "X
  has said", "X insisted", "with X suggesting"), or just after one ("said X"), or after
  "according to"; a pronoun before such a verb ("It added") is the last speaker named;
- a name before an aside ("Jane Roe, director for the region at Civic Watch, said"; "Jane Roe,
  head of the committee said") speaks, not the organisation the aside names (her title);
- a verb with no name of its own that a comma or "and" joins to the sentence's opening agent
  ("Officials have referred to five deaths, claiming four ...") is that agent's;
- a figure an agent gives as its own reckoning: "X has raised its death toll to 304", "X
  estimates of at least 304", "X's suggestions of 1,000";
- a relayed statement: "Reuters quoted three officials as saying" and "the toll, provided to
  Reuters by three officials" are the officials' figures, relayed by Reuters;
- "X told Reuters" is X's: the name after "told" is who listened, not who spoke.

A request is a statement too: "the prosecutor asked to sentence X to 18 years", "the
prosecution demanded", "prosecutors sought" say what the prosecution wants, so its figures are
the requester's, and the speaker is marked a request (kg.curate.requests then looks for the
request's own subject), whose figures are the ones after its verb.

A sentence may name several speakers ("the UN said more than 400 died, while the US said more
than 1,000"), so each figure takes the speaker whose verb comes last before it; a figure before
every verb takes the first speaker after it, unless that speaker's words follow its verb ("8,000
were detained, and sources told Amnesty that ..."), since then the figure is not what it said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.curate.acts import (
    ACTS,
    INVERTED_ACTS,
    RECORDS,
    agent_by,
    opening_agent,
    refers_back,
    subjectless,
    unnamed_after,
)
from kg.curate.attribution import AsOf, speech_date
from kg.curate.match import NameHit

AGENT_KINDS = ("person", "org", "group")
_SAYING = frozenset(
    "said says say stated states told added adds noted notes claimed claims claim insisted "
    "insists insist argued argues argue reported reports announced announces estimated "
    "estimates confirmed confirms alleged alleges wrote writes called urged accused accuses "
    "contends contended explained explains believes believe stressed warned declared "
    "acknowledged admitted counted recorded revealed suggested suggests suggest suggesting "
    "asserted asserts reiterated reiterates cited cites saying claiming adding noting "
    "documented referred emphasized emphasised emphasizes emphasises assured assures "
    "disclosed discloses stating acknowledging insisting".split())
# Verbs of asking: a figure in "X asked (the court) to sentence Y to 9 years" is X's request.
REQUESTS = frozenset(
    "asked asks requested requests demanded demands sought seeks proposed proposes "
    "petitioned".split())
_SPEECH = _SAYING | REQUESTS | ACTS  # reporting acts (kg.curate.acts): "X published 708"
_INVERTED = frozenset("said says added wrote noted".split()) | INVERTED_ACTS  # not 'told'
# "X has raised its death toll to 304": a verb that gives a reckoning, with its noun after it.
_TALLY_VERBS = frozenset("raised raises put puts revised revises updated updates set sets "
                         "gave gives lowered lowers increased".split())
_TALLY_NOUNS = frozenset("toll tally count estimate estimates figure figures".split())
# "X estimates of 304", "X's suggestions of 1,000": a reckoning named by its noun and 'of'.
_NOMINAL = frozenset("estimate estimates suggestion suggestions figure figures toll tally "
                     "count claim claims".split())
_RELAYING = frozenset("quoted cited".split())  # "Reuters quoted three officials as saying"
_HANDED = frozenset("provided given supplied leaked".split())  # "provided to Reuters by X"
_FILLER = frozenset(
    "has have had also earlier previously recently later then publicly repeatedly again "
    "reportedly officially out in a the statement this year week month".split())
_PRONOUNS = frozenset("it he she they we".split())
_PASSIVE = frozenset("is are was were be been being as and or to".split())  # 'were reported'
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# what may open a sentence before its subject: "On July 1, the", "Earlier, the", "The"
_OPENER = re.compile(r"(?i)\s*(?:(?:on|in|at|by|earlier|later|meanwhile|separately|last|this)"
                     r"\b[^,.;]{0,30},\s*)?(?:the\s*)?")
_ASIDE = re.compile(r"\s*,[^,.;]{1,120},\s*")  # "X, representing the victims, said"
# an aside the verb closes without a comma, if it is a title: "X, head of the committee said"
_TITLE = re.compile(r"\s*,\s*(?:the\s+|a\s+|an\s+)?[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2}\s+"
                    r"(?:of|for|at)\s[^,.;]{1,140}?\s*")


@dataclass(frozen=True)
class Speaker:
    """Who a figure is stated by: an entity ref (or None when the name is no entity's), the
    words naming them, how it was read, the date said with the speech, if any (an AsOf of
    kg.curate.attribution), where the verb is, and the outlet that relayed it, if any."""

    ref: str | None
    words: str
    how: str  # "said", "according to", "pronoun", "unknown name", "relayed", ...
    when: AsOf | None = None
    request: bool = False  # the verb asks for something ("asked", "demanded", "called for")
    at: int = -1  # where the verb is: a request covers only the figures after it
    leads: bool = False  # its words follow the verb: it covers no figure before the verb
    relayed: str | None = None  # "Reuters quoted X as saying": Reuters
    sure: bool = True  # read from the sentence's own verb, not carried from another sentence

    def covers(self, at: int) -> bool:
        """Whether a figure at offset `at` is this speaker's: all of the sentence's, but a
        request's only after its verb ("X was sentenced to 16 years; prosecutors had asked
        for 18": the 16 is the court's)."""
        return not self.request or at >= self.at


def speaker_for(speakers: list[Speaker], at: int) -> Speaker | None:
    """The speaker of a figure at `at`: the one whose verb is last before it, else the first
    after it whose words do not follow its verb ('that'), and no request: it asks only after.
    A speaker not named ('a senior minister said') only when no named one is found."""
    for pool in ([s for s in speakers if s.how != "unnamed"], speakers):
        before = [s for s in pool if s.at <= at]
        if before:
            return before[-1]
        after = next((s for s in pool if not s.request and not s.leads), None)
        if after is not None:
            return after
    return None


def speakers_in(text: str, sentence: tuple[int, int], hits: list[NameHit],
                kinds: dict[str, str], previous: Speaker | None,
                person: Speaker | None = None) -> list[Speaker]:
    """The speakers of a sentence, in the order of their verbs. `hits` are the names found in
    it, `kinds` the kind of each entity, `previous` the last speaker met, `person` the last
    person among them: "he" and "she" stand for a person, not for the organisation named
    since ('Roe said ...; the Commission reported ...; "...," she said' is Roe's)."""
    words = [(m.group(), m.start() + sentence[0], m.end() + sentence[0])
             for m in _WORD.finditer(text[sentence[0]:sentence[1]])]
    agents = [h for h in hits if kinds.get(h.ref) in AGENT_KINDS]
    found: list[Speaker] = []
    for i, (word, start, _) in enumerate(words):
        low = word.lower()
        following = [w.lower() for w, _, _ in words[i + 1:i + 6]]
        speaker = None
        if low == "according" and following[:1] == ["to"]:
            name = _name_after(text, agents, words[i + 1][2]) or agent_by(
                text, agents, words[i + 1][2])
            if name:
                speaker = Speaker(name.ref, name.words, "according to", at=start,
                                  leads=_leads(words, _index_after(words, name.end)))
        elif low in _RELAYING or low in _HANDED:
            speaker = _relayed(text, agents, words, i)
            if speaker is None and low in _SPEECH:  # 'it cited testimony': a verb of saying
                speaker = _said(text, agents, words, i, sentence, previous)
        elif low in _NOMINAL and following[:1] == ["of"]:
            name = _name_before(text, agents, words, i, possessive=True)
            if name:
                speaker = Speaker(name.ref, name.words, "their reckoning", at=start)
        elif low in _SPEECH or (low in _TALLY_VERBS and _TALLY_NOUNS & set(following)):
            speaker = _said(text, agents, words, i, sentence, previous, person)
        if speaker is not None:
            found.append(speaker)
            previous = speaker if speaker.ref else previous
            if kinds.get(speaker.ref) == "person":
                person = speaker
    return found


def _said(text: str, agents: list[NameHit], words: list, i: int, sentence: tuple[int, int],
          previous: Speaker | None, person: Speaker | None = None) -> Speaker | None:
    """The speaker of the verb of saying at word `i`, or None when none is named."""
    low, start, end = words[i][0].lower(), words[i][1], words[i][2]
    asks = low in REQUESTS or (low == "called" and i + 1 < len(words)
                               and words[i + 1][0].lower() == "for")
    said = speech_date(text, words, i)
    how = "an act" if low in ACTS and low not in _SAYING else "said"
    found = _name_before(text, agents, words, i)
    if found is None and how == "an act":
        found = opening_agent(text, agents, _opening_agent(text, agents, sentence), start)
    if found is not None:
        return Speaker(found.ref, found.words, how, said, asks, start, _leads(words, i + 1))
    if subjectless(words, i):  # "Says 400 deaths were reported": the sentence before's
        if previous is not None:
            return Speaker(previous.ref, previous.words, "pronoun", said or previous.when,
                           at=start, leads=_leads(words, i + 1))
        return Speaker(None, words[i][0], "unnamed", said, at=start, leads=_leads(words, i + 1))
    before = [w.lower() for w, _, _ in words[max(0, i - 3):i] if w.lower() not in _FILLER]
    if before and before[-1] in ("he", "she") and person is not None:
        previous = person
    if before and (before[-1] in _PRONOUNS or refers_back(words, i)) and previous is not None:
        return Speaker(previous.ref, previous.words, "pronoun", said or previous.when, asks,
                       start, _leads(words, i + 1))
    if low in _INVERTED:
        found = _name_after(text, agents, end)
        if found:
            return Speaker(found.ref, found.words, how, said, at=start,
                           leads=_leads(words, _index_after(words, found.end)))
        if low in INVERTED_ACTS and (named := unnamed_after(text, end)):
            return Speaker(None, named, "unnamed", said, at=start)  # ", finds UN report"
    if how == "an act":  # no subject of its own that names no one: a noun as often as a verb
        return None
    if (low.endswith("ing") and before[-1:] != ["as"]) or before[-1:] == ["and"]:
        opening = _opening_agent(text, agents, sentence)
        if opening is not None and opening.end <= start:
            return Speaker(opening.ref, opening.words, "the sentence's subject", said, asks,
                           start, _leads(words, i + 1))
    opening = opening_agent(text, agents, _opening_agent(text, agents, sentence), start)
    if opening is not None:  # "The adviser, Roe, however, after a visit on May 2 said"
        return Speaker(opening.ref, opening.words, "the sentence's subject", said, asks, start,
                       _leads(words, i + 1))
    unknown = _capitalised_before(words, i)
    if unknown:
        return Speaker(None, unknown, "unknown name", request=asks, at=start,
                       leads=_leads(words, i + 1))
    # "a senior minister (, on June 1,) revealed", "..., minister suggests": someone speaks
    subject = re.search(r"([^\W\d_]+)\s*(?:,[^,.;]{1,40},\s*)?$", text[sentence[0]:start])
    if subject and subject.group(1).lower() not in _PASSIVE | _PRONOUNS and not asks \
            and low not in _RELAYING:
        return Speaker(None, subject.group(1), "unnamed", said, at=start,
                       leads=_leads(words, i + 1))
    return None


def _relayed(text: str, agents: list[NameHit], words: list, i: int) -> Speaker | None:
    """'X quoted (or cited) Y as saying': Y's words, relayed by X; 'provided (or given) to X
    by Y': Y's figure, relayed by X."""
    low, start, end = words[i][0].lower(), words[i][1], words[i][2]
    if low in _RELAYING:
        source = _name_after(text, agents, end)
        if source is None or not re.match(r"[\"'”’\s]*as\b", text[source.end:source.end + 6]):
            return None
        relay = _name_before(text, agents, words, i)
        return Speaker(source.ref, source.words, "relayed", at=start,
                       relayed=relay.ref if relay else None)
    if i + 1 >= len(words) or words[i + 1][0].lower() != "to":
        return None
    relay = _name_after(text, agents, words[i + 1][2])
    if relay is None:
        return None
    gap = re.match(r"\s*by\s+", text[relay.end:relay.end + 8])
    source = _name_after(text, agents, relay.end + gap.end()) if gap else None
    if source is None:
        return None
    return Speaker(source.ref, source.words, "relayed", at=start, relayed=relay.ref)


def _leads(words: list, after: int) -> bool:
    """Whether what is said follows the speech's words (from word `after` on): 'that' within
    the next few words ('told Amnesty that', 'said on Monday that')."""
    return "that" in [w.lower() for w, _, _ in words[after:after + 4]]


def _index_after(words: list, at: int) -> int:
    return next((k for k, (_, s, _) in enumerate(words) if s >= at), len(words))


def _opening_agent(text: str, agents: list[NameHit], sentence: tuple[int, int]
                   ) -> NameHit | None:
    """The agent a sentence opens with, its subject ('Iranian authorities have ...'), after an
    opening phrase of time or place if any ('On July 1, the Commission released ...')."""
    fitting = [h for h in agents if _OPENER.fullmatch(text[sentence[0]:h.start])]
    return max(fitting, key=lambda h: (h.end, h.score), default=None)


def _name_before(text: str, agents: list[NameHit], words: list, verb: int,
                 possessive: bool = False) -> NameHit | None:
    """The agent named just before the verb, with at most four filler words between, or an
    aside between (of two, the name before the aside: the aside's name is a title's); a name
    followed by 's is an owner ('Reuters' claim'), unless `possessive` (a reckoning's owner)."""
    verb_start = words[verb][1]
    best = aside = None
    for hit in agents:
        if hit.end > verb_start:
            continue
        between = [w.lower() for w, s, _ in words if hit.end <= s < verb_start]
        gap = text[hit.end:verb_start]
        records = bool(RECORDS.intersection(between))  # "X's report says": X speaks
        if not possessive and not records and re.match(r"['’]", gap):
            continue
        if _ASIDE.fullmatch(gap) or _TITLE.fullmatch(gap):
            if aside is None or hit.end > aside.end:
                aside = hit
        elif len(between) <= 4 and all(w in _FILLER or w in RECORDS for w in between):
            if best is None or hit.end > best.end or (hit.end == best.end
                                                      and hit.score > best.score):
                best = hit
    if aside is not None and (best is None or best.start >= aside.end):
        return aside
    return best


def _name_after(text: str, agents: list[NameHit], at: int) -> NameHit | None:
    """The agent named right after offset `at` (an article, a quotation mark or 's between
    allowed); of two names read there the longer ("the Prosecutor General's Office", not "the
    prosecutor")."""
    fitting = [hit for hit in agents if hit.start >= at
               and text[at:hit.start].strip(" ,\"'’“”").lower() in ("", "the", "a")]
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


def speaker_review(speaker: Speaker | None, default: str | None, byline: str | None = None,
                   repeat: tuple[str, int] | None = None,
                   suggest: Callable[[str], list] = lambda _: []) -> list[tuple[str, str]]:
    """The speaker's part of a draft claim's review: who it is read as, how, and how sure.
    `default` is the article's default speaker (its byline's author or publisher), `byline`
    the byline's words, `repeat` (quote, line) of the other mention whose speaker it took, and
    `suggest(words)` the entities nearest an unknown speaker's words."""
    default = default or "nobody (the article's publisher is no entity)"
    if speaker is None and byline is not None:
        return [("medium", f"stated by {default}, the author its byline names "
                 f"({byline!r}), not the publisher: no speaker is named")]
    if speaker is None:
        return [("medium", f"stated by the publisher, {default}: no speaker is named")]
    if repeat is not None:
        quote, line = repeat
        return [("medium", f"stated by {speaker.ref}: no speaker is named here, but the "
                 f"same figure is theirs in {quote[:60]!r} (line {line}): check it is one "
                 "statement")]
    if speaker.ref is None:
        near = suggest(speaker.words)
        hint = f" (nearest: {', '.join(s.ref for s in near)})" if near else ""
        return [("low", f"{speaker.words!r} speaks here but is no entity of "
                 f"entities.yaml{hint}: add them and set stated_by")]
    if speaker.how == "unnamed":
        return [("low", f"stated by the publisher, {default}: someone speaks here "
                 f"({speaker.words!r} and a verb of saying) but is not named: set stated_by")]
    how = {"pronoun": "a pronoun, read as the last speaker named"}.get(speaker.how, speaker.how)
    asked = ", a request (a verb of asking): what is asked, not what was decided" \
        if speaker.request else ""
    relayed = f", relayed by {speaker.relayed}" if speaker.relayed else ""
    return [("high" if speaker.how != "pronoun" and speaker.sure else "medium",
             f"stated by {speaker.ref} ({how}: {speaker.words!r}){asked}{relayed}")]
