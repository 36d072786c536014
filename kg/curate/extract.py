"""`kg extract`: a draft claim sheet for an article, one claim per figure, every field a guess.

Curating by hand took 20 to 45 minutes an article, most of it typing what a tool can find: the
exact quote, the figure's wording, the measure, the subject's slug, the speaker, the as-of date.
This drafts all of them from the project's own readers and data, so a draft reads figures as
the build does and guesses only from what the corpus declares:

- the figures are kg.curate.scan's (what `kg coverage` checks), their wording the longest the
  figure reader reads (kg.curate.passages), so the build's value-in-quote check passes;
- the measure and scope come from cue words the ontology declares (kg.curate.cues), narrowed by
  what the figure is (a count, a duration, money, a date: the measures' units) and by the
  subject's kind (a trial's facts are fixed measures, an event's counts tallies: qk:kind),
  chosen together in kg.curate.guess;
- the subject and speaker from the names of entities.yaml (kg.curate.match, kg.curate.subjects,
  kg.curate.speakers, kg.curate.repeats), else the project's main event and the article's publisher;
- the as-of date from the sentence; relative ones are kept as the article words them, so the
  build reads them against the publication date and records that basis.

Every claim gets a `review:` field saying what was guessed from what and how sure, which the
build refuses as an unknown field, so an unchecked draft never builds. Every figure the scanner
finds is a claim's value or listed with the reason it was left out (kg.curate.draftsheet).
"""

from __future__ import annotations

import re

from rdflib.namespace import RDFS

from kg.corpus.entities import Entity, load_entities
from kg.corpus.ontology import load_ontology, local_name
from kg.corpus.quotes import normalise
from kg.curate.article import Article
from kg.curate.attribution import AsOf, byline_agent, date_phrases, read_as_of
from kg.curate.carried import date_options, headline_end, resolve_shared
from kg.curate.counted import label_counts
from kg.curate.cues import CueHit, Cues, read_cues
from kg.curate.draft import (
    DATE_VALUE,
    PLACEHOLDER,
    Draft,
    DraftClaim,
    LeftOut,
    left_out_reason,
    line_of,
    measure_review,
    occurrence_of,
    review_of,
    spread_said,
    subject_review,
    value_of,
    value_type_of,
)
from kg.curate.guess import NAME_WORDS, NAMED_KINDS, Guesser, Sentence, read_sentences
from kg.curate.match import EntityMatcher
from kg.curate.passages import clauses, quote_for, wording_at
from kg.curate.repeats import repeated_speakers, restate_as_of
from kg.curate.requests import RequestFinder
from kg.curate.scan import DATE, Mention, figures_in
from kg.curate.speakers import Speaker, speaker_review
from kg.curate.subjects import Candidate, SubjectFinder
from kg.errors import InputError
from kg.namespaces import QK
from kg.project import Project


class Extractor:
    """What drafting reads of a project, loaded once for any number of articles."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.ontology = load_ontology(project.ontology_files)
        entities, problems = load_entities(project.entities_file)
        if problems:
            raise InputError(problems)
        self.entities: dict[str, Entity] = entities
        self.matcher = EntityMatcher(entities)
        self.finder = SubjectFinder(entities)
        self.requests = RequestFinder(entities)
        self.counts = label_counts(entities)
        self.kinds = {ref: e.kind for ref, e in entities.items()}
        main = project.settings.main_event
        self.main_event = main if main in entities else None
        self.dimension = {local_name(s): local_name(d) for s, d in
                          self.ontology.graph.subject_objects(QK.dimension)}
        # the words of each count unit but people ('cases'): a measure of one needs its word
        self.unit_words = {str(label).lower(): unit for unit in
                           {p.default_unit for p in self.ontology.properties.values()
                            if p.value_type == "count" and p.default_unit not in (None,
                                                                                  QK.PersonUnit)}
                           for label in self.ontology.graph.objects(unit, RDFS.label)}
        self._cues: dict[str, Cues] = {}

    def draft(self, article: Article) -> Draft:
        """The draft claims of one article, and the figures left out of them."""
        if article.language not in self._cues:
            self._cues[article.language] = read_cues(self.ontology, article.language)
        return _ArticleDraft(self, article, self._cues[article.language]).run()


class _ArticleDraft:
    """One pass over one article: its sentences in order, then its figures in order."""

    def __init__(self, extractor: Extractor, article: Article, cues: Cues) -> None:
        self.ex, self.article, self.cues = extractor, article, cues
        self.text = article.text
        self.normal = normalise(self.text)
        self.tolerance = extractor.project.settings.tolerance
        publisher = article.publisher
        self.default_speaker = publisher if publisher in extractor.entities else None
        self.byline = None
        self.guesser = Guesser(self.text, extractor.ontology.properties, extractor.finder,
                               extractor.unit_words, extractor.main_event, cues,
                               extractor.requests, extractor.counts)

    def run(self) -> Draft:
        text = self.text
        names = resolve_shared(self.ex.matcher.names_in(text), self.ex.kinds)
        self.byline = byline_agent(text, names, self.ex.kinds)
        if self.byline is not None:
            self.default_speaker = self.byline.ref
        self.sentences = read_sentences(text, names, self.cues, self.ex.finder,
                                        self.ex.kinds)
        mentions = figures_in(text)
        self.date_spans = [(m.start, m.end) for m in mentions if m.group == DATE]
        claims: dict[int, DraftClaim] = {}
        left: list[LeftOut] = []
        self.event_dates: set[tuple[int, int]] = set()
        self.said: dict[int, Speaker | None] = {}
        self.pending: dict[int, list[tuple[str, str]]] = {}
        self.relative_figures: dict[tuple[int, int], tuple[int, int]] = {}
        for mention in (m for m in mentions if m.group == DATE):
            claim = self._date_claim(mention)
            if claim is not None:
                claims[mention.start] = claim
        taken = [c.figure for c in claims.values()]
        self.as_of_users: dict[tuple[int, int], list[DraftClaim]] = {}
        relative = [(s, e) for sentence in self.sentences
                    for s, e, kind in date_phrases(text, sentence.span) if kind == "relative"]
        for mention in mentions:
            if mention.group == DATE or any(s <= mention.start < e for s, e in taken):
                continue
            phrase = next(((s, e) for s, e in relative if s <= mention.start < e), None)
            if phrase is not None:  # 'three days ago': its number is the date's
                self.relative_figures[(mention.start, mention.end)] = phrase
                continue
            reason = left_out_reason(text, mention) or self._in_name(names, mention)
            claim = None if reason else self._number_claim(mention, taken)
            if claim is None:
                left.append(self._left(mention, reason or "the figure reader reads no figure "
                                       "in these words"))
                continue
            claims[mention.start] = claim
            taken.append(claim.figure)
        ordered = [claims[at] for at in sorted(claims)]
        self._review_speakers(ordered)
        prefix = re.match(r"\d+", self.article.stem)
        for number, claim in enumerate(ordered, start=1):
            claim.id = f"{prefix.group() if prefix else self.article.stem}-{number:02d}"
        for (start, end), phrase in self.relative_figures.items():
            mention = next(m for m in mentions if (m.start, m.end) == (start, end))
            users = [c.id for c in self.as_of_users.get(phrase, ())]
            said = " ".join(text[phrase[0]:phrase[1]].split())
            left.append(self._left(mention, f"part of the relative date {said!r}" + (
                f", the as-of date of {', '.join(users)}" if users else "")))
        for mention in mentions:
            if mention.group == DATE and mention.start not in claims:
                users = [c.id for c in self.as_of_users.get((mention.start, mention.end), ())]
                left.append(self._left(mention, f"the as-of date of {', '.join(users)}" if users
                                       else "a calendar date or year that is no claim's value"))
        left = [self._in_quotes(o, ordered) for o in sorted(left, key=lambda o: o.start)]
        return Draft(self.article, ordered, left, self.default_speaker, self._notes())

    def _sentence_at(self, at: int) -> Sentence:
        return next((s for s in self.sentences if s.span[0] <= at < s.span[1]),
                    self.sentences[-1])

    def _number_claim(self, mention: Mention, taken: list[tuple[int, int]]) -> DraftClaim | None:
        """The claim of a number: its wording, measure, subject, spread, and for a tally its
        scope and as-of date; None when the figure reader reads no figure there."""
        sentence = self._sentence_at(mention.start)
        wording = wording_at(self.text, sentence.span, mention.start, mention.end,
                             self.date_spans + taken, self.tolerance)
        if wording is None:
            return None
        value_type = value_type_of(wording.figure.unit)
        f0, f1 = self.guesser.figure_words(sentence, wording.start, wording.end)
        ranged = wording.figure.qualifier == "range"
        lower, upper = wording.figure.lower, wording.figure.upper
        number = lower if lower is not None and lower == upper else None
        term, weight, hit, subject = self.guesser.guess(sentence, f0, f1, value_type,
                                                        mention.start, ranged, number)
        if not term:
            return None
        spec = self.ex.ontology.properties[term]
        clause = next(((a, b) for a, b in clauses(self.text, sentence.span)
                       if a <= wording.start < b), sentence.span)
        claim = self._claim(sentence, (wording.start, wording.end), hit, subject, term,
                            value_of(wording))
        review = [measure_review(term, weight, hit), subject_review(subject)]
        said = " ".join(self.text[wording.start:wording.end].split())
        if said != wording.words:
            after = " and the words after it" if "least" in wording.words else ""
            review.append(("medium", f"value {wording.words!r} is the figure reader's form of "
                           f"{said!r}{after}: check the reading (or keep the article's number "
                           "alone)"))
        claim.spread = ranged and spread_said(self.text, clause, spec)
        if claim.spread:
            review.append(("medium", "spread: true, read as the shortest and longest of "
                           "several; drop it if the range is one uncertain figure"))
        if spec.kind == "tally":
            claim.scope = self._scope(sentence, f0, f1)
            if claim.scope:
                review.append(("medium", f"scope {', '.join(claim.scope)} from the words "
                               "beside the figure"))
            review.append(self._as_of(claim, sentence, wording.start))
        self.said[id(claim)] = sentence.speaker_at(wording.start)
        self.pending[id(claim)] = review  # the speaker's review is added once all are read
        return claim

    def _date_claim(self, mention: Mention) -> DraftClaim | None:
        """A date is a claim's value when a date property's cue is beside it ('the January 2022
        protests', 'convictions on June 11'); else it is left out (or dates a count)."""
        sentence = self._sentence_at(mention.start)
        f0, f1 = self.guesser.figure_words(sentence, mention.start, mention.end)
        scores = self.guesser.cue_scores(sentence, f0, f1, DATE_VALUE)
        near = {t: (w, h) for t, (w, h) in scores.items() if w >= 0.5}
        if not near:
            return None
        term, (weight, hit) = max(sorted(near.items()), key=lambda item: item[1][0])
        anchor, anchor_name = self.article.anchor
        read = read_as_of(self.text, mention.start, mention.end, "date", anchor, anchor_name)
        if read is None or not read.value:
            return None
        if self.ex.ontology.properties[term].kind != "tally":
            self.event_dates.add((mention.start, mention.end))
        subject = self.guesser.subject(term, DATE_VALUE, sentence, mention.start, False, hit)
        claim = self._claim(sentence, (read.start, mention.end), hit, subject, term, read.value)
        claim.stated_by = None  # a date the article gives is the outlet's report
        review = [measure_review(term, weight, hit), subject_review(subject)]
        if read.partial:
            claim.note = f"The text gives only {read.words.strip()!r}; {read.note}."
            review.append(("medium", f"the year is read from the article's date: {read.note}"))
        default = self.default_speaker or "nobody (the publisher is no entity)"
        who = "the byline's author" if self.byline is not None else "the publisher"
        review.append(("medium", f"stated by {who}, {default}: the article dates it"))
        claim.review, claim.confidence = review_of(review)
        return claim

    def _claim(self, sentence: Sentence, figure: tuple[int, int], hit: CueHit | None,
               subject: Candidate, term: str, value: str) -> DraftClaim:
        evidence = None
        if hit is not None:
            evidence = (sentence.words[hit.first][1], sentence.words[hit.last - 1][2])
        start, end = quote_for(self.text, sentence.span, figure, evidence)
        quote = self.text[start:end]
        index, count = occurrence_of(self.normal, quote, start)
        said = sentence.speaker_at(figure[0])
        speaker = said.ref if said else None
        return DraftClaim(id="", quote=quote, start=start, end=end, figure=figure,
                          subject=subject.ref, property=term, value=value,
                          occurrence=index if count > 1 else None,
                          stated_by=speaker if speaker != self.default_speaker else None,
                          relayed_by=(said.relayed if said else None) or sentence.relayed_by)

    def _scope(self, sentence: Sentence, f0: int, f1: int) -> tuple[str, ...]:
        """Scope values said beside a tally: who is counted in the words right after the
        figure ('19 law enforcement officers'), how or by what criterion in its clause."""
        found = set()
        for hit in sentence.scopes:
            for term in hit.terms:
                same = f0 < len(sentence.clause_of) and \
                    sentence.clause_of[hit.first] == sentence.clause_of[f0]
                if self.ex.dimension.get(term) == "Population":
                    if same and (f1 <= hit.first <= f1 + 3 or f0 <= hit.first < f1):
                        found.add(term)
                elif same and abs(hit.first - f0) <= 6:
                    found.add(term)
        return tuple(sorted(found))[:4]

    def _as_of(self, claim: DraftClaim, sentence: Sentence, at: int) -> tuple[str, str]:
        """The as-of date of a tally: the sentence's date nearest the figure (one said after
        'as of' first), not one dating an event; else the date said with the speech."""
        index = next(i for i, s in enumerate(self.sentences) if s is sentence)
        options = date_options(self.text, [s.span for s in self.sentences[max(0, index - 1):
                                                                          index + 1]], at,
                               self.date_spans, self.event_dates,
                               lambda s, e: self.guesser.dates_an_event(sentence, s, e))
        anchor, anchor_name = self.article.anchor
        read: AsOf | None = None
        said = ""
        if options:
            start, end, kind = min(options, key=lambda o: (
                not re.search(r"(?i)\b(?:as of|by)\s*$", self.text[max(0, o[0] - 8):o[0]]),
                min(abs(o[0] - at), abs(o[1] - at))))
            if kind == "now":
                return ("high", f"no as_of: {self.text[start:end]!r} is the article's own date")
            read = read_as_of(self.text, start, end, kind, anchor, anchor_name)
        elif (speaker := sentence.speaker_at(at)) and speaker.when:
            said = "the date said with the speech of " + (speaker.ref or "its speaker")
            when = speaker.when
            kind = "date" if re.search(r"\d{4}", when.words) else (
                "month" if re.search(r"\d", when.words) else "relative")
            read = read_as_of(self.text, when.start, when.end, kind, anchor, anchor_name)
        if read is None:
            return ("medium", "no as_of: the sentence gives no date, so the figure holds at "
                    "the article's date")
        if not read.value:
            return ("low", f"no as_of: {read.note}")
        claim.as_of = read.value
        claim.as_of_note = read.note if read.partial else None
        for s, e in [(read.start, read.end)] + self.date_spans:
            if read.start <= s < read.end and claim not in self.as_of_users.get((s, e), []):
                self.as_of_users.setdefault((s, e), []).append(claim)
        self._widen(claim, sentence, read.start, read.end)
        return ("medium", f"as_of {read.value!r} from {read.words.strip()!r} ({read.note})"
                + (f", {said}" if said else ""))

    def _widen(self, claim: DraftClaim, sentence: Sentence, start: int, end: int) -> None:
        """Widen a claim's quote to hold its as-of words when they are a few words away in the
        same sentence ('As of January 2023, prosecutors had passed 12 cases')."""
        if start >= claim.start and end <= claim.end:
            return
        gap = self.text[end:claim.start] if end <= claim.start else self.text[claim.end:start]
        if len(gap.split()) > 8 or not (sentence.span[0] <= start and end <= sentence.span[1]):
            return
        claim.start, claim.end = min(start, claim.start), max(end, claim.end)
        claim.quote = self.text[claim.start:claim.end]
        index, count = occurrence_of(self.normal, claim.quote, claim.start)
        claim.occurrence = index if count > 1 else None

    def _review_speakers(self, claims: list[DraftClaim]) -> None:
        """The speaker's part of each number claim's review; a claim whose sentence names no
        speaker takes that of another mention of the same figure (kg.curate.repeats)."""
        head = headline_end(self.text)
        repeated = repeated_speakers(claims, self.said, self.tolerance, head)
        for claim in claims:
            if id(claim) not in self.pending:
                continue
            speaker, source = repeated.get(id(claim), (self.said[id(claim)], None))
            if source is not None:
                claim.stated_by = speaker.ref if speaker.ref != self.default_speaker else None
                claim.relayed_by = claim.relayed_by or source.relayed_by
                if claim.start < head:
                    restate_as_of(claim, source, self.pending[id(claim)])
            repeat = None if source is None else (source.quote, line_of(self.text, source.start))
            claim.review, claim.confidence = review_of(self.pending.pop(id(claim)) + speaker_review(
                speaker, self.default_speaker, self.byline and self.byline.words, repeat,
                lambda words: self.ex.matcher.suggest(words, limit=2,
                                                      kinds=("person", "org", "group"))))

    def _in_name(self, names: list, mention: Mention) -> str | None:
        """Why a number inside an agent's or a place's name is none ('Kurdistan 24'); in a
        longer phrase named as an entity it is still a figure (guess.NAME_WORDS)."""
        hit = next((h for h in names if h.start <= mention.start and mention.end <= h.end
                    and self.ex.kinds.get(h.ref) in NAMED_KINDS
                    and len(h.words.split()) <= NAME_WORDS), None)
        return f"part of the name {hit.words!r} ({hit.ref})" if hit else None

    def _left(self, mention: Mention, reason: str) -> LeftOut:
        return LeftOut(mention.start, mention.end, mention.words, mention.group,
                       line_of(self.text, mention.start), reason)

    def _in_quotes(self, left: LeftOut, claims: list[DraftClaim]) -> LeftOut:
        holders = tuple(c.id for c in claims if c.start <= left.start and left.end <= c.end)
        return LeftOut(left.start, left.end, left.words, left.group, left.line, left.reason,
                       holders)

    def _notes(self) -> list[str]:
        notes = []
        if self.article.publisher and not self.default_speaker:
            notes.append(f"the publisher {self.article.publisher} is no entity of entities.yaml, "
                         "so the claims have no default speaker (defaults: stated_by)")
        if not self.ex.main_event:
            notes.append("kg.toml names no main_event of entities.yaml ([dataset] main_event), "
                         f"so a subject no name gives is the placeholder {PLACEHOLDER}")
        return notes
