"""The words news reports qualify a figure with, and the vague amounts, as the figure reader
(kg.corpus.figures) reads them: data apart from the reading, so that a wording curators meet
is one line here. Each qualifier reads as the interval it names (DESIGN.md §5)."""

from __future__ import annotations

# How news reports qualify a figure; each reads as the interval its qualifier gives, so "just
# over 300" is more than 300 and "as many as 20" at most 20 (the wording kept says the rest).
QUALIFIERPHRASES = {
    "more-than": ("more than", "over", "above", "in excess of", "higher than", "upward of",
                  "upwards of", "just over", "a little over", "slightly more than"),
    "at-least": ("at least", "no fewer than", "no less than", "not fewer than", "not less than",
                 "a minimum of"),
    "less-than": ("fewer than", "less than", "under", "lower than", "below", "just under",
                  "a little under", "slightly less than"),
    "at-most": ("up to", "at most", "no more than", "not more than", "as many as",
                "a maximum of", "not exceeding", "did not exceed", "does not exceed",
                "no higher than"),
    "nearly": ("nearly", "almost", "close to", "just short of"),
    "about": ("about", "approximately", "around", "roughly", "some", "an estimated",
              "estimated", "circa"),
    "range": ("from", "ranging from", "between"),
}
# Longest first, so that "no more than" is not read as a stray "no" before "more than".
PHRASES = sorted(((tuple(p.split()), q) for q, ps in QUALIFIERPHRASES.items() for p in ps),
                  key=lambda item: -len(item[0]))
# Qualifiers said after the number: '9,900+' and '200 or more' are at least 9,900 and 200.
SUFFIXES = sorted(((tuple(p.split()), q) for q, ps in {
    "at-least": ("+", "plus", "- plus", "or more"), "at-most": ("or fewer", "or less")}.items()
    for p in ps), key=lambda item: -len(item[0]))
# Vague amounts get fixed, conventional intervals: "hundreds" means at least two hundred.
VAGUE = {("hundreds",): (200, 1000), ("dozens",): (24, 100), ("thousands",): (2000, 10**6),
          ("tens", "of", "thousands"): (20000, 100000),
          ("hundreds", "of", "thousands"): (200000, 10**6), ("millions",): (2 * 10**6, 10**9),
          ("tens", "of", "millions"): (2 * 10**7, 10**8),
          ("hundreds", "of", "millions"): (2 * 10**8, 10**9)}
