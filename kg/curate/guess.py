"""Guessing a figure's measure and subject from its sentence, for kg.curate.extract.

A measure is guessed from the cue words the ontology declares (kg.curate.cues) near the figure,
among the claim properties that take a figure of its type (a count, a duration, money, a date,
kg.curate.draft.fits): nearer and longer cues weigh more, one in another clause half. Counts of
something other than people need their unit's word ("12 cases": qk:CaseUnit's label). The
subject is then picked by the property's kind (kg.curate.subjects), and measure and subject are
chosen together: a fixed measure (a trial's defendants convicted) wins over a tally (people
convicted) when a trial is at hand, since an event, the project's main one, always is.

The sentences are read once, in order, because two things carry from one to the next: the
speaker a pronoun stands for ("It added", kg.curate.speakers) and the trial a passage is
about, which stays its topic for a few sentences unless another is named more surely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.corpus.ontology import PropertySpec
from kg.curate.counted import counted_by, prefer_narrower
from kg.curate.cues import CueHit, Cues, cue_words
from kg.curate.draft import COUNT, DATE_VALUE, MONEY, PLACEHOLDER, fits
from kg.curate.match import NameHit
from kg.curate.passages import clauses, sentences
from kg.curate.requests import RequestFinder
from kg.curate.speakers import Speaker, speaker_for, speakers_in
from kg.curate.subjects import Candidate, SubjectFinder, pick
from kg.curate.voices import findings_of, going_on, named_voices, quoted_speakers
from kg.namespaces import QK

# Cue words inside the name of an agent or place say who, not what: 'Amnesty International'
# is no amnesty, 'Kurdistan 24' counts nothing.
NAMED_KINDS = ("person", "org", "group", "place")
# Proper names are short ('Kurdistan 24', 'Amnesty International'); an entity named by a longer
# phrase ('reports that more than 20 people died') keeps its figures and cue words.
NAME_WORDS = 4
CARRY, TOPIC = 2, 8  # sentences a trial stays the topic (surely, then less) after it was named


@dataclass
class Sentence:
    """What one sentence offers its figures: its words and their clauses, cue words, names,
    subject candidates, speaker, the outlet it says relayed it, the trial it carries."""

    span: tuple[int, int]
    words: list[tuple[str, int, int]]
    clause_of: list[int]
    props: list[CueHit]
    scopes: list[CueHit]
    candidates: list[Candidate]
    speakers: list[Speaker]
    relayed_by: str | None
    carried: Candidate | None = None
    person_before: Candidate | None = None  # the person the sentence before named last
    # speakers of stretches of the sentence (kg.curate.voices): (start, end, speaker, whether
    # it overrides the sentence's verbs: a named agent's words do, a quotation's speaker not)
    voices: list[tuple[int, int, Speaker, bool]] = field(default_factory=list)

    @property
    def speaker(self) -> Speaker | None:
        """The sentence's first speaker."""
        return self.speakers[0] if self.speakers else None

    def speaker_at(self, at: int) -> Speaker | None:
        """The speaker of a figure at offset `at` (kg.curate.speakers.speaker_for), unless the
        figure is in a stretch kg.curate.voices gives a speaker of its own."""
        inside = [(over, v) for s, e, v, over in self.voices if s <= at < e]
        own = next((v for over, v in inside if over), None) or speaker_for(self.speakers, at)
        return own or next((v for _, v in inside), None)


def read_sentences(text: str, names: list[NameHit], cues: Cues, finder: SubjectFinder,
                   kinds: dict[str, str]) -> list[Sentence]:
    """The sentences of an article, each with what it offers its figures, in order."""
    found: list[Sentence] = []
    previous: Speaker | None = None
    person: Speaker | None = None
    carried: tuple[int, Candidate] | None = None
    spans = sentences(text)
    for index, span in enumerate(spans):
        own = [h for h in names if span[0] <= h.start < span[1]]
        words = [(w, s + span[0], e + span[0]) for w, s, e in cue_words(text[span[0]:span[1]])]
        parts = clauses(text, span)
        clause_of = [next((i for i, (a, b) in enumerate(parts) if a <= s < b), 0)
                     for _, s, _ in words]
        plain = [w for w, _, _ in words]
        before = text[spans[index - 1][0]:spans[index - 1][1]] if index else ""
        speakers = speakers_in(text, span, own, kinds, previous, person) or [
            s for s in [findings_of(text, span, previous) or going_on(
                text, span, found[-1].span if found else None,
                found[-1].speakers if found else [])] if s]
        previous = next((s for s in reversed(speakers) if s.ref), previous)
        person = next((s for s in reversed(speakers) if kinds.get(s.ref) == "person"), person)
        relayed = next((h.ref for h in own if kinds.get(h.ref) == "org" and re.search(
            r"(?i)reported by\s*$", text[max(span[0], h.start - 15):h.start])), None)
        named = [(h.start, h.end) for h in own if kinds.get(h.ref) in NAMED_KINDS
                 and len(h.words.split()) <= NAME_WORDS]
        props = [hit for hit in cues.properties.hits(plain) if not any(
            a <= words[hit.first][1] and words[hit.last - 1][2] <= b for a, b in named)]
        sentence = Sentence(span, words, clause_of, props,
                            cues.scopes.hits(plain), finder.candidates(text, span, own, before),
                            speakers, relayed)
        sentence.voices = [(a, b, v, True) for a, b, v in named_voices(own, kinds, NAME_WORDS)]
        if carried and index - carried[0] <= TOPIC:
            sure = 0.55 if index - carried[0] <= CARRY else 0.45
            sentence.carried = Candidate(carried[1].ref, sure, "the trial the sentences before "
                                         "are about")
        if found:
            sentence.person_before = max(
                (c for c in found[-1].candidates if c.ref.startswith("person/") and c.at >= 0),
                key=lambda c: c.at, default=None)
        carried = _topic(sentence, index, carried)
        found.append(sentence)
    for start, end, speaker in quoted_speakers(text, [s for f in found for s in f.speakers]):
        for sentence in found:
            if sentence.span[0] < end and start < sentence.span[1]:
                sentence.voices.append((start, end, speaker, False))
    return found


def _topic(sentence: Sentence, index: int,
           carried: tuple[int, Candidate] | None) -> tuple[int, Candidate] | None:
    """The trial a passage is about after this sentence: one it names or describes surely,
    unless the one it was about is about as sure here (it stays the topic)."""
    topic = pick(sentence.candidates, ("trial",), floor=0.6)
    if topic is None:
        return carried
    if carried and index - carried[0] <= TOPIC and topic.score < 0.7:
        again = next((c.score for c in sentence.candidates if c.ref == carried[1].ref), 0.0)
        if again >= topic.score - 0.1:
            return index, carried[1]
    return index, topic


_NUMBER = re.compile(r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                     r"twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|"
                     r"dozen|dozens")
_PLACE_WORDS = frozenset("in at of on the a an near outside".split())
# A clause opening with a verb or an article has its subject in a clause before it: "X, 44,
# was sentenced to 16 years"; "X, a 44-year-old lawyer"; "X, whom ..., got 16 years".
_SUBJECTLESS = re.compile(r"(?i)\W*(?:was|were|is|are|got|gets|received|receives|has|had|"
                          r"faces|faced|will|would|could|a|an|aged)\b")


def _dash_joined(text: str, parts: list[tuple[int, int]], own: tuple[int, int]
                 ) -> tuple[int, int]:
    """A clause with the clauses a spaced dash joins to it ("10.5 years – Omirbek Kurbanov",
    "X received the longest term – 11 years"): a dash sets a name beside its figure."""
    start, end = own
    for a, b in parts:
        if b <= start and re.fullmatch(r"\s*[-–—]\s*", text[b:start]):
            start = a
    for a, b in parts:
        if a >= end and re.fullmatch(r"\s*[-–—]\s*", text[end:a]):
            end = b
    return start, end


class Guesser:
    """The measure and subject guesses for the figures of one article."""

    def __init__(self, text: str, properties: dict[str, PropertySpec], finder: SubjectFinder,
                 unit_words: dict[str, URIRef], main_event: str | None, cues: Cues,
                 requests: RequestFinder, counts: dict) -> None:
        self.text, self.properties, self.finder = text, properties, finder
        self.unit_words, self.main_event = unit_words, main_event
        self.cues, self.requests, self.counts = cues, requests, counts

    def figure_words(self, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
        """The index span of the sentence's words that overlap [start, end)."""
        inside = [i for i, (_, s, e) in enumerate(sentence.words) if s < end and start < e]
        return (inside[0], inside[-1] + 1) if inside else (0, 0)

    def cue_scores(self, sentence: Sentence, f0: int, f1: int, value_type: str,
                   number=None) -> dict[str, tuple[float, CueHit]]:
        """Each fitting claim property's best cue near the figure: nearer and longer is better,
        a cue in another clause counts half; a count a trial's name gives has the name's words
        after it as cues, and a narrower measure cued in the clause wins (kg.curate.counted)."""
        unit = self.unit_said(sentence, f1) if value_type == COUNT else None
        best: dict[str, tuple[float, CueHit]] = {}
        hits = list(sentence.props)
        counted = counted_by(self.counts, number) if value_type == COUNT else None
        if counted is not None:
            for hit in self.cues.properties.hits(counted[1]):
                hits.append(CueHit(f0, max(f1, f0 + 1), hit.terms, f"{hit.words} (in the name "
                                   f"of {counted[0].ref}, which counts {number})"))
        for hit in hits:
            terms = [t for t in hit.terms if fits(self.properties.get(t), value_type)
                     and self.unit_fits(t, unit, value_type)]
            if not terms:
                continue
            distance = f0 - hit.last if hit.last <= f0 else max(0, hit.first - f1)
            if value_type == DATE_VALUE and hit.last <= f0:
                distance = self.date_gap(sentence, hit.last, f0)
            weight = (1 + 0.3 * (hit.last - hit.first - 1)) / (1 + distance / 2)
            if f0 < len(sentence.clause_of) and \
                    sentence.clause_of[hit.first] != sentence.clause_of[f0]:
                weight /= 2
            if self.earlier_figures(sentence, hit, f0):
                weight /= 5  # still the figure's measure when nothing else is cued
            if hit.first == f0 and hit.last == max(f1, f0 + 1) and hit not in sentence.props:
                weight = 0.75  # the trial's name, not a word beside the figure
            for term in terms:
                if weight > best.get(term, (0.0, hit))[0]:
                    best[term] = (weight, hit)
        clause = sentence.clause_of[f0] if f0 < len(sentence.clause_of) else -1
        return prefer_narrower(best, self.properties, lambda hit: hit.first < len(
            sentence.clause_of) and sentence.clause_of[hit.first] == clause)

    def earlier_figures(self, sentence: Sentence, hit: CueHit, f0: int) -> bool:
        """Whether a cue before the figure is another figure's, in a list of figures: "39 died
        and 361 were injured", "six lost their lives, 214 had been injured": the cue follows a
        number closely and a comma or 'and' parts it from this figure (not 'including')."""
        if hit.last > f0 or not any(_NUMBER.fullmatch(w) for w, _, _ in
                                    sentence.words[max(0, hit.first - 4):hit.first]):
            return False
        between = self.text[sentence.words[hit.last - 1][2]:sentence.words[f0][1]]
        return bool(re.search(r",|\b(?:and|while|whereas|but)\b", between)) and not \
            re.search(r"(?i)\b(?:including|among|of whom|of them)\b", between)

    def date_gap(self, sentence: Sentence, first: int, last: int) -> int:
        """The words between a date's cue and the date that are not where it happened: "the
        riots that occurred in the city of Nukus on July 1-2" has one ('city'), since a place
        (a capitalised name, with its prepositions) says where, not what, the date dates."""
        return sum(1 for word, start, _ in sentence.words[first:last]
                   if word not in _PLACE_WORDS and not self.text[start].isupper())

    def unit_said(self, sentence: Sentence, f1: int) -> URIRef | None:
        """The count unit a word just after the figure names ('12 cases'), if any."""
        for word, _, _ in sentence.words[f1:f1 + 3]:
            unit = self.unit_words.get(word) or self.unit_words.get(word + "s")
            if unit is not None:
                return unit
        return None

    def unit_fits(self, term: str, unit: URIRef | None, value_type: str) -> bool:
        """A count measure of another unit than people (cases) needs its unit's word."""
        if value_type != COUNT:
            return True
        default = self.properties[term].default_unit
        return default == unit if unit is not None else default == QK.PersonUnit

    def subject(self, term: str, value_type: str, sentence: Sentence, at: int,
                ranged: bool, cue: CueHit | None = None, number=None) -> Candidate:
        """The subject of a figure of this property, by its kind (kg.curate.subjects); a
        request's figure is the request's (kg.curate.requests), a count a trial's name gives
        that trial's (kg.curate.counted)."""
        spec = self.properties[term]
        found = self.local(sentence, at)
        speaker = sentence.speaker_at(at)
        if speaker and speaker.request and spec.value_type != "date":
            trial = pick(found, ("trial",), floor=0.3) or sentence.carried
            asked = self.requests.subject(self.text, sentence.span, at, value_type != COUNT,
                                          trial.ref if trial else None)
            if asked is not None:
                return asked
        counted = counted_by(self.counts, number) if value_type == COUNT else None
        found = self.in_trial(found, counted[0] if counted else (
            pick(found, ("trial",), floor=0.3) or sentence.carried))
        if spec.value_type == "date":
            kinds, told = self.finder.kinds_named_by(cue.words, ("event", "trial")) if cue \
                else (("event", "trial"), False)
            chosen = pick(found, kinds[:1], floor=0.5) if told else pick(found, kinds, floor=0.3)
        elif spec.kind == "tally":
            chosen = pick(found, ("event",), floor=0.6)
        elif value_type == COUNT:
            chosen = (counted[0] if counted else None) or pick(found, ("trial",), floor=0.3) \
                or sentence.carried or pick(found, ("group",), floor=0.3)
        else:
            chosen = self.person(sentence, at, value_type)
            if chosen is None and ranged:
                chosen = pick(found, ("group",), floor=0.3)
            chosen = chosen or pick(found, ("trial", "group"), floor=0.3) or sentence.carried
        if chosen is not None:
            return chosen
        if self.main_event:
            sure = 0.5 if spec.kind == "tally" or spec.value_type == "date" else 0.2
            return Candidate(self.main_event, sure, "the project's main event (kg.toml): "
                             "no fitting entity is named nearby")
        return Candidate(PLACEHOLDER, 0.0, "no fitting entity is named nearby and kg.toml names "
                         "no main_event: replace it with an entity of entities.yaml")

    def in_trial(self, found: list[Candidate], trial: Candidate | None) -> list[Candidate]:
        """Groups part of the trial at hand a little surer, groups of another trial less: "28
        defendants were sentenced to 5 to 11 years" in a passage on the trial of 39 is about
        its imprisoned, not the trial of 22's, though both groups' labels share the words."""
        if trial is None or not trial.ref.startswith("trial/"):
            return found
        out = []
        for c in found:
            if c.ref.startswith("group/"):
                chain = self.finder.part_chain(c.ref)
                trials = [r for r in chain if r.startswith("trial/")]
                if trials:
                    shift = 0.1 if trial.ref in trials else -0.1
                    c = Candidate(c.ref, max(0.0, c.score + shift), c.why + (
                        f"; part of {trial.ref}, at hand" if shift > 0 else ""), c.at)
            out.append(c)
        return out

    def local(self, sentence: Sentence, at: int) -> list[Candidate]:
        """The sentence's candidates for a figure at `at`: one named in another clause counts
        a little less (a date beside 'the 2022 events' is theirs, not the trial's before)."""
        parts = clauses(self.text, sentence.span)
        own = next(((a, b) for a, b in parts if a <= at < b), sentence.span)
        carried = sentence.carried
        found = [c if c.at < 0 or own[0] <= c.at < own[1] else
                 Candidate(c.ref, 0.7 * c.score, c.why, c.at) for c in sentence.candidates]
        if carried and any(c.ref == carried.ref for c in found):  # still the topic: surer
            found = [Candidate(c.ref, max(c.score, carried.score), c.why, c.at)
                     if c.ref == carried.ref else c for c in found]
        return found

    def person(self, sentence: Sentence, at: int, value_type: str) -> Candidate | None:
        """The person a sentence length, an age or a sum is about: one named in the figure's
        clause (or the clause a 'who' clause follows), not the speaker; 'He was sentenced' is
        about the person last named; a sum may go to a person of the sentence before."""
        said = sentence.speaker_at(at)
        speaker = said.ref if said else None
        parts = clauses(self.text, sentence.span)
        at_clause = next((i for i, (a, b) in enumerate(parts) if a <= at < b), 0)
        own = parts[at_clause] if parts else sentence.span
        if re.match(r"(?i)\W*(who|whom)\b", self.text[own[0]:own[1]]) and at_clause:
            own = (parts[at_clause - 1][0], own[1])
        own = _dash_joined(self.text, parts, own)
        people = [c for c in sentence.candidates if c.ref.startswith("person/")
                  and c.ref != speaker and c.at >= 0]
        chosen = pick([c for c in people if own[0] <= c.at < own[1]], ("person",), near=at)
        if chosen is None and _SUBJECTLESS.match(self.text[own[0]:own[1]]):
            # "X, whom ... , was sentenced to 16 years": the clause's subject is named before
            before = [c for c in people if sentence.span[0] <= c.at < own[0]]
            chosen = max(before, key=lambda c: c.at, default=None)
        if chosen is None and value_type == MONEY:
            chosen = pick(people, ("person",), near=at) or sentence.person_before
        clause = self.text[own[0]:own[1]]
        if chosen is None and re.match(r"(?i)\W*(he|she)\b", clause):
            chosen = sentence.person_before
        return chosen

    def guess(self, sentence: Sentence, f0: int, f1: int, value_type: str, at: int,
              ranged: bool, number=None) -> tuple[str, float, CueHit | None, Candidate]:
        """The measure (with its cue) and subject that fit best together; `number` is the
        figure's when it is one number."""
        scores = self.cue_scores(sentence, f0, f1, value_type, number)
        best: tuple[float, str, float, CueHit | None, Candidate] | None = None
        for term, (weight, hit) in sorted(scores.items()):
            subject = self.subject(term, value_type, sentence, at, ranged, hit, number)
            tally = self.properties[term].kind == "tally"
            # an event is always at hand (the main event): naming one says less than a trial
            total = weight * (0.6 + 0.4 * (min(subject.score, 0.5) if tally else subject.score))
            if best is None or total > best[0]:
                best = (total, term, weight, hit, subject)
        if best is None:
            fitting = sorted(t for t, spec in self.properties.items()
                             if fits(spec, value_type) and self.unit_fits(t, None, value_type))
            if not fitting:
                return "", 0.0, None, Candidate(PLACEHOLDER, 0.0, "")
            term = fitting[0]
            return term, 0.0, None, self.subject(term, value_type, sentence, at, ranged,
                                                 number=number)
        return best[1], best[2], best[3], best[4]

    def dates_an_event(self, sentence: Sentence, start: int, end: int) -> bool:
        """Whether a date phrase stands beside a date property's cue ('protests in January')."""
        f0, f1 = self.figure_words(sentence, start, end)
        return any(w >= 0.5 for w, _ in self.cue_scores(sentence, f0, f1, DATE_VALUE).values())

