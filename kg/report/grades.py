"""A support grade per figure, after the grades casualty recorders give (Airwars: confirmed,
fair, weak, contested...), computed from the build rather than judged by hand.

The rule is the docstring of `grade`, and the page prints that docstring (RULE): what the
reader is told is what the code does, and changing one changes the other.
"""

from __future__ import annotations

import inspect
from collections.abc import Collection

from kg.report.figures import Figure, independent
from kg.report.read import FigureClaim

GRADES = ("confirmed", "fair", "weak", "contested", "single source")


def grade(figure: Figure, in_conflict: Collection[str]) -> str:
    """Each figure (one subject, measure, scope and unit) gets the first grade that fits.
    Only stated claims count: superseded, retracted and reported-false claims support nothing
    (the charts grey them). Articles that relay the same outlet (qk:relays) are one source.

    contested: kg conflicts finds a conflict involving one of its stated claims: a
    contradiction, a running count that decreased, a part larger than its whole, a spread
    outside its whole, two values of a one-valued property, or a figure the text itself
    disputes ("rights groups insist the toll is higher").

    single source: its stated claims all come from one independent source.

    confirmed: two or more independent sources give the same precise figure: the same exact
    number, the same spread, the same entity or the same date.

    fair: two or more independent sources give figures that overlap, none of them precisely
    the same (one is vaguer: "over 200" beside 238).

    weak: two or more independent sources whose figures never overlap without conflicting (a
    running count's updates, each figure resting on one source at its own date); or no
    claim stands any more (every one superseded, retracted or reported false)."""
    stated = figure.stated
    if any(c.iri in in_conflict for c in stated):
        return "contested"
    if not stated:
        return "weak"
    if independent(stated) == 1:
        return "single source"
    pairs = [(a, b) for i, a in enumerate(stated) for b in stated[i + 1:]
             if a.origin != b.origin]
    if any(_same_precise(a, b) for a, b in pairs):
        return "confirmed"
    if any(_overlap(a, b) for a, b in pairs):
        return "fair"
    return "weak"


RULE = inspect.getdoc(grade) or "(the rule's text was stripped: run Python without -OO)"


def _precise(claim: FigureClaim) -> tuple | None:
    """The figure a claim gives precisely, or None: an exact number, a spread, an entity,
    a date."""
    if claim.object:
        return ("entity", claim.object)
    if claim.date and claim.lower is None:
        return ("date", claim.date)
    if claim.lower is None or claim.upper is None or claim.lower_open or claim.upper_open:
        return None
    if claim.lower == claim.upper or claim.qualifier == "Spread":
        return ("number", claim.lower, claim.upper, claim.qualifier == "Spread")
    return None


def _same_precise(a: FigureClaim, b: FigureClaim) -> bool:
    precise = _precise(a)
    return precise is not None and precise == _precise(b)


def _overlap(a: FigureClaim, b: FigureClaim) -> bool:
    """Whether some figure fits both claims (entities and dates: the same one)."""
    if a.object or b.object:
        return a.object == b.object
    if (a.date or b.date) and a.lower is None and b.lower is None:
        return a.date == b.date
    return not _below(a, b) and not _below(b, a)


def _below(a: FigureClaim, b: FigureClaim) -> bool:
    """Whether every figure `a` allows lies below every figure `b` allows."""
    if a.upper is None or b.lower is None:
        return False
    return a.upper < b.lower or (a.upper == b.lower and (a.upper_open or b.lower_open))
