"""Plain-English explanations of conflicts and disputes, for researchers, not RDF experts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kg.conflicts.views import ClaimView

if TYPE_CHECKING:
    from kg.conflicts.find import Conflict


def said(view: ClaimView) -> str:
    """'"over 200" (BNN Breaking in 000_…, published 2024-03 (inferred))'."""
    when = (f"as of {view.as_of}" if view.as_of else
            f"published {view.published}" if view.published else "undated")
    return f'"{view.wording}" ({view.speaker} in {view.source}, {when})'


def explain_conflict(reason: str, pair: Sequence[ClaimView]) -> str:
    a, b = pair
    what = f"the {a.property_label} of {a.subject_label}"
    if reason == "contradiction":
        if "spread" in (a.value.get("wording") or "") or a.kind == "fixed":
            return (f"{said(a)} and {said(b)} cannot both be true of {what}: it is a fixed "
                    "fact of one moment, so their figures must agree.")
        return (f"{said(a)} and {said(b)} give {what} at the same time, and the two figures "
                "do not overlap.")
    if reason == "count-decreased":
        early, late = sorted(pair, key=lambda v: v.sort_date)
        return (f"{what} is a running count, yet the later figure {said(late)} is lower than "
                f"the earlier {said(early)}.")
    if reason == "part-exceeds-whole":
        return (f"{said(a)} for the {a.property_label} of {a.subject_label} is larger than "
                f"{said(b)} for the {b.property_label} of {b.subject_label}, which includes it.")
    if reason == "functional-mismatch":
        return f"{what} has a single value, but {said(a)} and {said(b)} differ."
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
        return (f"{said(a)} is reported as {a.status}; it raises no conflict with the stated "
                f"{said(b)} for {what}.")
    return f"{reason}: {said(a)} and {said(b)} for {what}."


def explain_dispute(conflicts: Sequence[Conflict], claims: Sequence[ClaimView]) -> str:
    topics = sorted({f"the {v.property_label} of {v.subject_label}" for v in claims})
    sources = sorted({v.source for v in claims})
    reasons = sorted({c.reason for c in conflicts})
    figures = "; ".join(dict.fromkeys(said(v) for v in claims))
    speakers = sorted({v.speaker for v in claims})
    who = (" and ".join(speakers) + " disagree" if len(speakers) > 1
           else f"{speakers[0]} contradicts itself")
    where = f"{len(sources)} source{'s' if len(sources) != 1 else ''}"
    return f"{who} ({where}) on {' and '.join(topics)} ({', '.join(reasons)}): {figures}."
