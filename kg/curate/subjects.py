"""Which entity a figure is about: the subjects a sentence offers, by kind, with how sure.

A figure's subject is seldom named by its label: "four officers received sentences" is about
the Taldykorgan trial the sentence before named as "a similar judgment in Taldykorgan". So
candidates come three ways, each scored in [0, 1]:

- named: an entity whose label or alias (any spelling variant, kg.curate.match) the sentence
  holds; a place named stands for the trials and events located in it (a little less sure);
- described: an event, trial or group whose label's words the sentence shares, each word
  weighted by how rare it is among the corpus's names (inverse document frequency), so
  "Karasai District Court ... six police officers ... torturing" finds "Karasai District Court
  trial of six police officers for torture" while "police" alone finds nothing;
- carried: the trial or group the previous two sentences were about (news keeps its topic).

The extractor picks by the measure's kind: a tally (deaths, people convicted) is about an event,
the project's main event unless another is named; a fixed count (defendants convicted) about a
trial or group; a sentence length or an age about the person named beside it, else a group or a
trial; money about a person.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from kg.corpus.entities import Entity
from kg.curate.match import STOPWORDS, NameHit, fold_word, words_of

DESCRIBED_FLOOR = 0.45 # share of a label's weighted words a sentence must hold
# Words that tell no entity from another, beside the names' own (kg.curate.match.STOPWORDS).
_FUNCTION_WORDS = frozenset(
    "after before during with from into over under other than that this these those were was "
    "are has have had been their them they his her its who which what when where while also "
    "not but all any some such between against about through".split())
_KINDS_DESCRIBED = ("event", "trial", "group")


@dataclass(frozen=True)
class Candidate:
    """An entity a figure may be about, how sure (0 to 1), and why, for the review."""

    ref: str
    score: float
    why: str
    at: int = -1  # where it is named, for the nearest-name rules (-1: not named)


class SubjectFinder:
    """The corpus's entities, with the rarity of each word of their names."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.entities = entities
        names = {ref: _content(" ".join([e.label, *e.aliases])) for ref, e in entities.items()}
        self._names = {ref: set(words) for ref, words in names.items()}
        counts = Counter(w for words in names.values() for w in set(words))
        self.idf = {w: math.log((1 + len(names)) / (1 + n)) + 0.1 for w, n in counts.items()}
        self.labels = {ref: set(_content(e.label)) for ref, e in entities.items()
                       if e.kind in _KINDS_DESCRIBED}
        self.said = {_stem(fold_word(w)): w for e in entities.values()
                     for w, _, _ in words_of(e.label)}
        self.located = {}
        for ref, entity in entities.items():
            if entity.kind in ("trial", "event") and entity.located_in:
                self.located.setdefault(entity.located_in, []).append(ref)

    def candidates(self, text: str, sentence: tuple[int, int], hits: list[NameHit],
                   before: str = "") -> list[Candidate]:
        """Every subject the sentence offers: named, located in a named place, described by
        the sentence's words (or, a little less sure, the previous sentence's `before`)."""
        found: dict[str, Candidate] = {}

        def offer(candidate: Candidate) -> None:
            if candidate.score > found.get(candidate.ref, Candidate("", -1, "")).score:
                found[candidate.ref] = candidate

        places: dict[str, str] = {}  # trials and events located in a place named: the name
        for hit in hits:
            entity = self.entities.get(hit.ref)
            if entity is None:
                continue
            offer(Candidate(hit.ref, hit.score, f"named as {hit.words!r}", hit.start))
            for ref in self.located.get(hit.ref, ()):
                places.setdefault(ref, hit.words)
                offer(Candidate(ref, 0.5 * hit.score, f"located in {hit.words}, named", hit.start))
        # the sentence's words, and the names of what it names ('HRW' says Human Rights Watch)
        own = set(_content(text[sentence[0]:sentence[1]]))
        own |= {w for hit in hits if hit.ref in self.entities
                for w in _content(self.entities[hit.ref].label)}
        earlier = set(_content(before)) - own
        for ref, words in self.labels.items():
            total = math.fsum(self.idf[w] for w in words)
            if not total:
                continue
            if not words & own:
                continue  # the sentence itself must share a word; the one before only helps
            share = (math.fsum(self.idf[w] for w in words & own)
                     + 0.4 * math.fsum(self.idf[w] for w in words & earlier)) / total
            if share >= DESCRIBED_FLOOR:
                shared = sorted(words & (own | earlier), key=lambda w: (-self.idf[w], w))[:4]
                listed = ", ".join(self.said.get(w, w) for w in shared)
                why = f"its label shares {listed}"
                located = 0.3 if ref in places else 0.0
                why += f"; located in {places[ref]}, named" if located else ""
                offer(Candidate(ref, min(1.0, 0.9 * share + located), why))
        return sorted(found.values(), key=lambda c: (-c.score, c.ref))

    def kinds_named_by(self, words: str, kinds: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
        """`kinds` ordered by how many entities of each kind hold one of `words` in a name, and
        whether any does: a date beside 'protests' dates an event ('January 2022 protests'
        names one), beside 'verdict' a trial ('... trial (verdict 18 March)')."""
        keys = set(_content(words))
        counts = Counter(self.entities[ref].kind for ref, names in self._names.items()
                         if keys & names)
        ordered = tuple(sorted(kinds, key=lambda k: (-counts[k], kinds.index(k))))
        return ordered, counts[ordered[0]] > 0

    def part_chain(self, ref: str) -> list[str]:
        """What an entity is part of, nearest first (part_of, transitively)."""
        chain: list[str] = []
        entity = self.entities.get(ref)
        while entity is not None and entity.part_of and entity.part_of not in chain:
            chain.append(entity.part_of)
            entity = self.entities.get(entity.part_of)
        return chain

    def kind(self, ref: str) -> str:
        entity = self.entities.get(ref)
        return entity.kind if entity else ""


_FUNCTION_KEYS = frozenset(fold_word(w) for w in _FUNCTION_WORDS)


def _content(text: str) -> list[str]:
    """The folded words of a text that may tell one entity from another."""
    keys = (fold_word(w) for w, _, _ in words_of(text))
    return [_stem(k) for k in keys if len(k) > 2 and k not in STOPWORDS
            and k not in _FUNCTION_KEYS]


def _stem(key: str) -> str:
    """A folded word without an English ending, so 'torturing' meets 'torture' and 'officers'
    'officer' (names keep their endings: a stem stays four letters at least)."""
    for ending in ("ing", "ed", "es", "s", "e"):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            return key[:-len(ending)]
    return key


def pick(candidates: list[Candidate], kinds: tuple[str, ...], near: int = -1,
         floor: float = 0.0) -> Candidate | None:
    """The best candidate of one of `kinds` (earlier kinds first when equally sure); with
    `near`, a named one nearer to that offset wins over a farther one of the same score."""
    fitting = [c for c in candidates if c.ref.split("/", 1)[0] in kinds and c.score >= floor]
    if not fitting:
        return None

    def rank(c: Candidate) -> tuple:
        distance = abs(c.at - near) if near >= 0 and c.at >= 0 else 10**6
        return (-round(c.score, 1), kinds.index(c.ref.split("/", 1)[0]), distance, c.ref)

    return min(fitting, key=rank)
