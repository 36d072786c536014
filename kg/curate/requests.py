"""The subject of a figure someone asks for: a prosecutor's requested sentence is not the verdict.

"The prosecutor asked to sentence X to 18 years" states a request, not a sentence: a corpus that
records requests gives them entities of their own ("The prosecution's requested sentence for X",
"The prosecution's sentencing requests in the trial of 39"), so that a requested term is never
read as the term the court gave. kg.curate.attribution marks a speaker whose verb asks
("asked", "requested", "demanded", "sought", "called for"); for the figures after that verb this
module looks among the entities whose label says it is a request (a word of asking in it):

- a term or a sum is about one person: the request whose label names the person named nearest
  the figure in its clause ("Kallikhanova to 11 years", "7 years for Azamat Nuratdinov"), by
  any spelling of the name (kg.curate.match folds them); the person need not be an entity;
- a count, or a figure beside no name of a request, is about the whole request: the one whose
  label's words the sentence and the trial at hand (its names) hold the most of.

A corpus without request entities gets None here, and the figure the usual subject.
"""

from __future__ import annotations

from kg.corpus.entities import Entity
from kg.curate.match import STOPWORDS, fold_word, jaro_winkler, words_of
from kg.curate.passages import clauses
from kg.curate.subjects import Candidate

# Words of asking, as a label says what its entity is (grammar, like the verbs of saying).
_ASKING = frozenset(fold_word(w) for w in
                    "request requests requested demand demands demanded sought proposal "
                    "proposed petition".split())
_KINDS = ("event", "group")
SAME_NAME = 0.92  # two folded words this similar are one name spelt two ways
WHOLE_FLOOR = 0.5  # share of a request's label words the sentence and trial must hold


def _keys(text: str) -> list[str]:
    """The folded words of a text that may tell one request from another (numbers kept:
    'the trial of 39')."""
    keys = (fold_word(w) for w, _, _ in words_of(text))
    return [k for k in keys if k and k not in STOPWORDS and (len(k) > 2 or k.isdigit())]


class RequestFinder:
    """The entities a corpus gives requests: events and groups with a word of asking in their
    label, with the folded words of their labels and aliases."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.entities = entities
        self.words: dict[str, set[str]] = {}
        self.names: dict[str, set[str]] = {}  # the capitalised words: whom it is for
        for ref, entity in entities.items():
            if entity.kind in _KINDS and _ASKING & set(_keys(entity.label)):
                self.words[ref] = set(_keys(" ".join([entity.label, *entity.aliases])))
                said = [w for w, _, _ in words_of(entity.label)][1:]
                self.names[ref] = {fold_word(w) for w in said if w[:1].isupper() and len(w) > 2}

    def subject(self, text: str, sentence: tuple[int, int], at: int, one_person: bool,
                trial: str | None) -> Candidate | None:
        """The request a figure at `at` is about, or None. `one_person`: the figure is a term
        or a sum; `trial`: the ref of the trial at hand, whose names help pick the request."""
        if not self.words:
            return None
        if one_person:
            found = self._for_person(text, sentence, at)
            if found is not None:
                return found
        return self._whole(text, sentence, trial)

    def _for_person(self, text: str, sentence: tuple[int, int], at: int) -> Candidate | None:
        """The request for the person named nearest the figure in its clause, else named last
        before it in the sentence ("X was sentenced to 16 years; the prosecution had asked for
        18")."""
        clause = next(((a, b) for a, b in clauses(text, sentence) if a <= at < b), sentence)
        names = [(abs(s + clause[0] - at), w) for w, s, _ in words_of(text[clause[0]:clause[1]])
                 if w[:1].isupper() and len(w) > 2]
        names += [(10**6 + at - s - sentence[0], w) for w, s, _ in
                  words_of(text[sentence[0]:clause[0]]) if w[:1].isupper() and len(w) > 2]
        for _, word in sorted(names):
            key = fold_word(word)
            fitting = [ref for ref, words in self.names.items()
                       if any(w == key or (w[:1] == key[:1] and jaro_winkler(w, key) >= SAME_NAME)
                              for w in words)]
            if len(fitting) == 1:  # a name two requests share (a first name) tells neither
                return Candidate(fitting[0], 0.8, f"a request for {word!r} (its label names "
                                 "them), named beside the figure in a sentence that asks")
        return None

    def _whole(self, text: str, sentence: tuple[int, int], trial: str | None) -> Candidate | None:
        held = set(_keys(text[sentence[0]:sentence[1]])) | _ASKING
        if trial in self.entities:
            entity = self.entities[trial]
            held |= set(_keys(" ".join([entity.label, *entity.aliases])))
        ranked = []
        for ref in self.words:
            label = set(_keys(self.entities[ref].label))
            if label:
                ranked.append((len(label & held) / len(label), -len(label), ref))
        best = max(ranked, default=None)
        if best is None or best[0] < WHOLE_FLOOR:
            return None
        why = "a request (its label says so) the sentence asks for"
        if trial:
            why += f", in {trial}, the trial at hand"
        return Candidate(best[2], 0.4 + 0.4 * best[0], why)

