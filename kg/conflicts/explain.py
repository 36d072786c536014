"""Plain-English explanations of conflicts and disputes, for researchers, not RDF experts.

Every sentence is worked out from what a claim view carries (kg.conflicts.views): the value's
bounds and whether each end is open, the property's kind, the claim's status and its dates.
The view holds no qualifier, so nothing here may depend on one: where a rule's reason has
several causes (queries/conflict-*.rq), the bounds tell which one applies.

This module imports nothing from kg.conflicts.find: disputes are explained from anything with
a `reason`, so find can import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kg.conflicts.views import ClaimView

# How `superseded` names a status that is not "stated" (STATUS_NAMES in kg.conflicts.views).
STATUS_WORDS = {"reported-false": "false"}


class Reasoned(Protocol):
    """What a dispute's explanation reads of each of its conflicts (kg.conflicts.find)."""

    @property
    def reason(self) -> str: ...


def said(view: ClaimView) -> str:
    """'"over 200" (BNN Breaking in 000_…, published 2024-03 (inferred))'."""
    when = (f"as of {view.as_of_said}" if view.as_of else
            f"published {view.published}" if view.published else "undated")
    return f'"{view.wording}" ({view.speaker} in {view.source}, {when})'


def below(a: ClaimView, b: ClaimView) -> bool:
    """Whether every figure `a` allows is below every figure `b` allows (the rules' ?aBelow)."""
    upper, lower = a.value.get("upper"), b.value.get("lower")
    if upper is None or lower is None:
        return False
    return bool(upper < lower or (upper == lower and (a.value.get("upper_exclusive")
                                                      or b.value.get("lower_exclusive"))))


def overlap(a: ClaimView, b: ClaimView) -> bool:
    """Whether some figure fits both claims' bounds."""
    return not below(a, b) and not below(b, a)


def bounds(view: ClaimView) -> str:
    """The figures a claim allows: "5", "from 4 to 6", "more than 200", "at most 10"."""
    value = view.value
    lower, upper = value.get("lower"), value.get("upper")
    low_open, high_open = value.get("lower_exclusive"), value.get("upper_exclusive")
    if lower is not None and upper is not None:
        if lower == upper and not low_open and not high_open:
            return f"{lower:,}"
        ends = ("more than " if low_open else "from ") + f"{lower:,}"
        return ends + (" to less than " if high_open else " to ") + f"{upper:,}"
    if lower is not None:
        return ("more than " if low_open else "at least ") + f"{lower:,}"
    if upper is not None:
        return ("less than " if high_open else "at most ") + f"{upper:,}"
    return "any figure"


def explain_conflict(reason: str, pair: Sequence[ClaimView]) -> str:
    """The sentence for one finding of `reason`'s rule on (`$this`, `?value`)."""
    a, b = pair
    what = f"the {a.property_label} of {a.subject_label}"
    if reason == "contradiction":
        return _contradiction(a, b, what)
    if reason == "count-decreased":
        early, late = sorted(pair, key=lambda v: v.sort_date)
        return (f"{what} is a running count, yet the later figure {said(late)} is lower than "
                f"the earlier {said(early)}.")
    if reason == "part-exceeds-whole":
        return (f"{said(a)} for the {a.property_label} of {a.subject_label} is larger than "
                f"{said(b)} for the {b.property_label} of {b.subject_label}, which includes it.")
    if reason == "functional-mismatch":
        return f"{what} has a single value, but {said(a)} and {said(b)} differ."
    if reason == "spread-outside-whole":
        return _spread_outside_whole(a, b)
    if reason == "disputed":
        return (f"One claim says the other is wrong or too low for {what}: {said(a)} against "
                f"{said(b)}.")
    if reason == "update":
        early, late = sorted(pair, key=lambda v: v.sort_date)
        return (f"{what} grew from {said(early)} to {said(late)}: a later count, not a "
                "conflict.")
    if reason == "compatible-vaguer":
        return f"{said(a)} and {said(b)} overlap for {what}; one is vaguer, they agree."
    if reason == "corroborated":
        return f"Independent sources agree on {what}: {said(a)} and {said(b)}."
    if reason == "superseded":
        status = STATUS_WORDS.get(a.status, a.status)
        return (f"{said(a)} is reported as {status}; it raises no conflict with the stated "
                f"{said(b)} for {what}.")
    return f"{reason}: {said(a)} and {said(b)} for {what}."


def _contradiction(a: ClaimView, b: ClaimView, what: str) -> str:
    """The contradiction rule fires for figures whose bounds do not overlap, or for two precise
    figures (a spread gives its lowest and highest figure exactly) that differ though they
    overlap ("from 4 to 6" against "from 3 to 6"). The bounds tell the two apart; a tally's
    figures count as at the same time when both are dated (within the project's window) or
    when one is undated."""
    fixed = a.kind == "fixed"
    dated = a.effective is not None and b.effective is not None
    if not overlap(a, b):
        if fixed:
            return (f"{said(a)} and {said(b)} cannot both be true of {what}: it is a fixed "
                    "fact of one moment, so their figures must agree.")
        when = (" at the same time," if dated else
                ", one of them undated and so possibly at the same time,")
        return (f"{said(a)} and {said(b)} give {what}{when} and the two figures do not "
                "overlap.")
    when = (", a fixed fact of one moment" if fixed else " at the same time" if dated else
            " if they are at the same time, as one undated figure may be")
    return (f"{said(a)} and {said(b)} cannot both be true of {what}{when}: their figures "
            "overlap, but both are precise (a spread gives its lowest and highest figure "
            f"exactly) and they differ, {bounds(a)} against {bounds(b)}.")


def _spread_outside_whole(part: ClaimView, whole: ClaimView) -> str:
    """The rule pairs a part with the spread of a whole that includes it (the whole's bounds
    are its lowest and highest figure, each exact: the build reads a spread only from a closed
    range) and fires when the part goes below the lowest, above the highest, or both. The
    part's bounds tell which: a spread's ends are figures of the part, and a single figure or a
    loose one is outside only when all of it is, so its lower end is below the whole's lowest
    figure exactly when the part goes below it, and likewise for its upper end."""
    low, high = whole.value.get("lower"), whole.value.get("upper")
    p_low, p_high = part.value.get("lower"), part.value.get("upper")
    ends = []
    if low is not None and (p_low is None or p_low < low):
        ends.append(("below", f"{low:,}", "lowest"))
    if high is not None and (p_high is None or p_high > high):
        ends.append(("above", f"{high:,}", "highest"))
    figure = bounds(part)
    verb = "is" if p_low is not None and p_low == p_high else "goes"
    if len(ends) == 2:
        where = (f"{verb} below {ends[0][1]} and above {ends[1][1]}, the lowest and highest "
                 "figures of that spread")
    elif ends:
        side, number, which = ends[0]
        where = f"{verb} {side} {number}, the {which} figure of that spread"
    else:  # an open end at the whole's own figure ("less than 1.5" against 1.5 to 20)
        where = f"{verb} outside {bounds(whole)}"
    return (f"{said(part)} for the {part.property_label} of {part.subject_label} falls outside "
            f"the spread {said(whole)} for the {whole.property_label} of "
            f"{whole.subject_label}, which includes it: {figure} {where}.")


def explain_dispute(conflicts: Sequence[Reasoned], claims: Sequence[ClaimView]) -> str:
    """A dispute (conflicts joined by the claims they share) in one sentence: who disagrees,
    in how many sources, on what, for which reasons, and every figure."""
    topics = sorted({f"the {v.property_label} of {v.subject_label}" for v in claims})
    sources = sorted({v.source for v in claims})
    reasons = sorted({c.reason for c in conflicts})
    figures = "; ".join(dict.fromkeys(said(v) for v in claims))
    speakers = sorted({v.speaker for v in claims})
    who = (" and ".join(speakers) + " disagree" if len(speakers) > 1
           else f"{speakers[0]} contradicts itself")
    where = f"{len(sources)} source{'s' if len(sources) != 1 else ''}"
    return f"{who} ({where}) on {' and '.join(topics)} ({', '.join(reasons)}): {figures}."
