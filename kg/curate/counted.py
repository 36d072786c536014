"""Two readings of a count the nearest cue word alone gets wrong, for kg.curate.guess.

- A trial's name often counts its defendants ("the trial of 39", "... of 22 defendants"), so a
  count that equals the number a trial's label or alias gives is that trial's count, and the
  words after the number in the label ("22 defendants") are cue words for it as if they stood
  beside the figure: "An Uzbek court has convicted 22 people" is about the trial of 22, its
  defendants convicted, not a tally of people convicted over the main event. A number next to
  a month name or of four digits is a date in the label, not a count.
- A count said with its noun and an outcome ("28 defendants were sentenced to prison", "four
  defendants were sentenced to restraint of liberty") has two cues: the noun (defendants) and
  the outcome. The ontology says which measure is part of which (qk:partOfProperty: people
  imprisoned are part of those convicted, who are part of the defendants), so when both are
  cued in the figure's clause the narrower one is what the figure counts, the deepest first.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kg.corpus.dates import MONTHS
from kg.corpus.entities import Entity
from kg.corpus.ontology import PropertySpec, local_name
from kg.curate.cues import CueHit, cue_words
from kg.curate.subjects import Candidate

AFTER = 3  # label words after the number read as its cue words


def label_counts(entities: dict[str, Entity],
                 kinds: tuple[str, ...] = ("trial",)) -> dict[Decimal, list[tuple[str, list[str]]]]:
    """The numbers the names of trials count: number -> [(ref, the words after it)]."""
    found: dict[Decimal, list[tuple[str, list[str]]]] = {}
    for ref, entity in entities.items():
        if entity.kind not in kinds:
            continue
        seen = set()
        for name in [entity.label, *entity.aliases]:
            words = [w for w, _, _ in cue_words(name)]
            for i, word in enumerate(words):
                near = words[max(0, i - 1):i] + words[i + 1:i + 2]
                if not word.isdigit() or len(word) == 4 or any(w in MONTHS for w in near):
                    continue
                try:
                    number = Decimal(word)
                except InvalidOperation:
                    continue
                if number in seen:
                    continue
                seen.add(number)
                found.setdefault(number, []).append((ref, words[i + 1:i + 1 + AFTER]))
    return found


def counted_by(counts: dict[Decimal, list[tuple[str, list[str]]]], number: Decimal | None
               ) -> tuple[Candidate, list[str]] | None:
    """The one trial whose name counts `number`, and the label's words after the number."""
    fitting = counts.get(number, []) if number is not None else []
    if len(fitting) != 1:
        return None
    ref, after = fitting[0]
    return Candidate(ref, 0.8, f"its name counts {number}, the figure"), after


def ancestors(term: str, properties: dict[str, PropertySpec]) -> list[str]:
    """The measures a measure is part of, nearest first (qk:partOfProperty)."""
    chain: list[str] = []
    spec = properties.get(term)
    while spec is not None and spec.part_of is not None:
        parent = local_name(spec.part_of)
        if parent in chain:
            break
        chain.append(parent)
        spec = properties.get(parent)
    return chain


def prefer_narrower(best: dict[str, tuple[float, CueHit]], properties: dict[str, PropertySpec],
                    in_clause) -> dict[str, tuple[float, CueHit]]:
    """Each measure cued in the figure's clause (`in_clause(hit)`) that is part of another one
    cued near the figure weighs at least as much as it, and more the deeper it lies."""
    out = dict(best)
    for term, (weight, hit) in best.items():
        chain = ancestors(term, properties)
        above = [best[a][0] for a in chain if a in best]
        if above and in_clause(hit):
            out[term] = (max(weight, *above) * (1 + 0.1 * len(chain)), hit)
    return out
