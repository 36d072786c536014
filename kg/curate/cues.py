"""Cue words: what the ontology says a figure's measure or scope sounds like in running text.

Each claim property and scope value may declare `skos:hiddenLabel` cue words ("killed", "died",
"death toll" for deaths; "police officers" for lawEnforcement), in the article's language. They
are data, so a project's own `ontology/*.ttl` teaches `kg extract` its own measures with no
code change. Matching is on lower-case words, longest cue first at each place, so "tortured to
death" (deaths) is read before "tortured" (tortured) could be; no stemming: each form is a cue
of its own, so what a cue matches is what the ontology says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from kg.corpus.ontology import Ontology, local_name
from kg.namespaces import QK

_WORD = re.compile(r"[^\W_]+")


def cue_words(text: str) -> list[tuple[str, int, int]]:
    """The lower-case words of a text with their offsets, as cues are matched on them."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class CueHit:
    """Cue words found in a text: the words' index span in cue_words(text), and the terms
    (claim properties or scope values, by local name) that declare them."""

    first: int
    last: int  # exclusive
    terms: tuple[str, ...]
    words: str


class CueTable:
    """The cue words of a set of terms, by their first word, longest first."""

    def __init__(self, cues: dict[str, list[str]]) -> None:
        self.terms = sorted(cues)
        found: dict[tuple[str, ...], set[str]] = {}
        for term, phrases in cues.items():
            for phrase in phrases:
                words = tuple(w for w, _, _ in cue_words(phrase))
                if words:
                    found.setdefault(words, set()).add(term)
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for words, terms in found.items():
            self._by_first.setdefault(words[0], []).append((words, tuple(sorted(terms))))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def hits(self, words: list[str]) -> list[CueHit]:
        """Every cue in the words, none overlapping another, the longest at each place."""
        found, at = [], 0
        while at < len(words):
            for cue, terms in self._by_first.get(words[at], ()):
                if tuple(words[at:at + len(cue)]) == cue:
                    found.append(CueHit(at, at + len(cue), terms, " ".join(cue)))
                    at += len(cue)
                    break
            else:
                at += 1
        return found


@dataclass(frozen=True)
class Cues:
    """The cue tables of the claim properties and of the scope values."""

    properties: CueTable
    scopes: CueTable

    @property
    def empty(self) -> bool:
        return not self.properties.terms


def read_cues(ontology: Ontology, language: str = "en") -> Cues:
    """The cue words the ontology declares (skos:hiddenLabel) in `language` (its primary
    subtag: 'en' for 'en-GB'), or without a language tag."""
    wanted = language.split("-")[0].lower()

    def table(kind, names: dict) -> CueTable:
        cues: dict[str, list[str]] = {}
        for term in ontology.graph.subjects(RDF.type, kind):
            name = local_name(term)
            if name not in names:
                continue
            for label in ontology.graph.objects(term, SKOS.hiddenLabel):
                if isinstance(label, Literal) and (label.language or wanted).split("-")[0] \
                        .lower() == wanted:
                    cues.setdefault(name, []).append(str(label))
        return CueTable(cues)

    return Cues(table(QK.ClaimProperty, ontology.properties), table(QK.ScopeValue,
                                                                     ontology.scopes))
