"""Figures: what several claims give, and the range the independent sources support.

A figure is one subject, measure, scope and unit (the death toll of the January events, all
of the dead, in people): the claims that compare as the same figure in conflict detection
(README, Conflicts). For a multi-valued property (a trial's defendants) each entity is a
figure of its own, as the consensus view takes each as a fact. A researcher reads a figure
as Iraq Body Count publishes one: the lowest and the highest figure the sources give, with
the claims behind each end, and how many independent sources those are, since two rewrites
of one wire report are one report.
"""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.report.read import FigureClaim


@dataclass(frozen=True)
class Figure:
    subject: str
    property: str
    scope: str
    unit: str | None
    claims: tuple[FigureClaim, ...]  # by the day they begin to hold, undated last, then id
    anchor: str  # the page's id for its section
    entity: str | None = None  # a multi-valued property's entity: each is a figure of its own

    @property
    def stated(self) -> tuple[FigureClaim, ...]:
        """The claims that still stand: superseded, retracted and false ones support nothing."""
        return tuple(c for c in self.claims if c.stated)

    @property
    def kind(self) -> str:
        """number, entity or date: what its claims' values are."""
        if any(c.object for c in self.claims):
            return "entity"
        if any(c.date for c in self.claims) and all(c.lower is None for c in self.claims):
            return "date"
        return "number"


def independent(claims: Iterable[FigureClaim]) -> int:
    """How many independent sources the claims come from: articles relaying one outlet
    (qk:relays) are one source, as the corroborated rule counts them."""
    return len({c.origin for c in claims})


def figures_of(claims: Iterable[FigureClaim]) -> list[Figure]:
    """Every figure some claim gives, in a stable order (subject, measure, scope, unit)."""
    grouped: dict[tuple, list[FigureClaim]] = defaultdict(list)
    for claim in claims:
        grouped[claim.figure].append(claim)
    used: set[str] = set()
    figures = []
    for key in sorted(grouped, key=lambda k: tuple(part or "" for part in k)):
        subject, prop, scope, unit, entity = key
        ordered = sorted(grouped[key], key=lambda c: (c.start is None, c.start or "", c.id))
        figures.append(Figure(subject, prop, scope, unit, tuple(ordered),
                              _anchor(key, used), entity))
    return figures


def _tail(iri: str | None, parts: int = 1) -> str:
    if not iri:
        return ""
    return "-".join(re.split(r"[/#]", iri)[-parts:])


def _anchor(key: tuple, used: set[str]) -> str:
    """`figure-event-bloody-january-deaths` (the scope and unit added when they narrow it),
    unique on the page and safe as an HTML id."""
    subject, prop, scope, unit, entity = key
    parts = [_tail(subject, 2), _tail(prop)]
    if entity:
        parts.append(_tail(entity, 2))
    if _tail(scope) != "all":
        parts.append(_tail(scope))
    if unit and _tail(unit) not in ("PersonUnit", "CaseUnit"):
        parts.append(_tail(unit))
    anchor = "figure-" + re.sub(r"[^A-Za-z0-9_-]", "_", "-".join(p for p in parts if p))
    unique, n = anchor, 1
    while unique in used:
        n += 1
        unique = f"{anchor}-{n}"
    used.add(unique)
    return unique


@dataclass(frozen=True)
class End:
    """One end of a range: the figure, the claims behind it and how many sources they are."""

    value: int | float | str  # a number, a date, or an entity's IRI
    claims: tuple[FigureClaim, ...]
    sources: int
    excluded: bool = False  # every claim behind it excludes the figure ("more than 200")
    beyond: bool = False  # the highest end: a claim behind it gives no upper bound


@dataclass(frozen=True)
class Range:
    low: End | None
    high: End | None
    values: tuple[End, ...] = ()  # an entity-valued figure: each value given, most sources first


def consensus_range(figure: Figure) -> Range:
    """The lowest figure is the smallest lower bound any stated claim gives ("more than 200"
    gives 200, said "more than" when every claim behind it excludes it); the highest is the
    largest figure any stated claim names: its upper bound, or, for a claim with no upper bound
    ("higher than 238"), its lower bound, said "or more" since that claim allows more. Each end
    lists the claims behind it and counts their independent sources (articles relaying one
    outlet count once). Superseded, retracted and false claims are left out. An entity-valued
    figure lists each value given instead, a date-valued one its earliest and latest date."""
    stated = figure.stated
    if figure.kind == "entity":
        by_value: dict[str, list[FigureClaim]] = defaultdict(list)
        for claim in stated:
            by_value[claim.object or ""].append(claim)
        values = sorted((End(value, tuple(claims), independent(claims))
                         for value, claims in by_value.items()),
                        key=lambda end: (-end.sources, str(end.value)))
        return Range(None, None, tuple(values))
    if figure.kind == "date":
        dated = [c for c in stated if c.date]
        if not dated:
            return Range(None, None)
        low, high = min(c.date for c in dated), max(c.date for c in dated)
        return Range(_end(low, [c for c in dated if c.date == low]),
                     _end(high, [c for c in dated if c.date == high]))
    lows = [c for c in stated if c.lower is not None]
    named = [(c.upper if c.upper is not None else c.lower, c) for c in stated
             if c.upper is not None or c.lower is not None]
    low = high = None
    if lows:
        least = min(c.lower for c in lows)
        behind = [c for c in lows if c.lower == least]
        low = _end(least, behind, all(c.lower_open for c in behind))
    if named:
        most = max(value for value, _ in named)
        behind = [c for value, c in named if value == most]
        high = _end(most, behind,
                    all(c.upper_open if c.upper is not None else c.lower_open for c in behind),
                    any(c.upper is None for c in behind))
    return Range(low, high)


def _end(value: int | float | str, claims: list[FigureClaim], excluded: bool = False,
         beyond: bool = False) -> End:
    return End(value, tuple(claims), independent(claims), excluded, beyond)


RANGE_RULE = inspect.getdoc(consensus_range) or ""
