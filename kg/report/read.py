"""What the report reads from the build, as plain values (kg report's only SPARQL).

The queries are files beside this module (`figure-claims.rq`, `labels.rq`, `kinds.rq`,
`texts.rq`), plain SPARQL with a comment header like the named queries, and the library's
`sources`. The whole-corpus ones (every claim's figure, every name, every article) run as
one engine call, so the build's engine loads one in-memory store for them; the ones that
concern only what the page shows in full (speakers' kinds, article texts) are lookups of a
few values. Everything returned is plain data: it crosses the engine's worker processes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from kg.engine.runner import Engine, Job
from kg.query.library import read_header, resolve, run, with_rows

HERE = Path(__file__).resolve().parent
STATUS = {"Stated": "stated", "Superseded": "superseded", "Retracted": "retracted",
          "ReportedFalse": "reported-false"}


def query_text(name: str) -> str:
    """The text of one of the report's own queries (a file beside this module)."""
    return read_header(HERE / f"{name}.rq").text


@dataclass(frozen=True, slots=True)
class FigureClaim:
    """One claim as a figure, a grade and a chart read it: IRIs as IRIs, numbers as numbers."""

    iri: str
    id: str
    subject: str
    property: str
    scope: str  # the scope set's IRI (…/scope/all for the whole)
    unit: str | None
    status: str  # stated, superseded, retracted, reported-false
    start: str | None  # the first day it holds on (qk:effectiveStart), ISO
    end: str | None  # the last (qk:effectiveDate)
    lower: int | float | None
    upper: int | float | None
    lower_open: bool
    upper_open: bool
    object: str | None  # an entity value's IRI
    date: str | None  # a date value
    qualifier: str | None  # the qk: local name: Exact, MoreThan, Spread...
    wording: str
    stated_by: str | None
    source: str  # the article's file stem
    origin: str  # the outlet the article relays, else the article: relays count once
    kind: str = ""  # the property's kind: Fixed, Tally, Functional, MultiValued
    disputes: tuple[str, ...] = ()

    @property
    def stated(self) -> bool:
        return self.status == "stated"

    @property
    def figure(self) -> tuple[str, str, str, str | None, str | None]:
        """The figure it gives: subject, measure, scope and unit, and for a multi-valued
        property (a trial's defendants) the entity, since each is a fact of its own."""
        entity = self.object if self.kind == "MultiValued" else None
        return self.subject, self.property, self.scope, self.unit, entity


@dataclass(frozen=True)
class Source:
    stem: str
    title: str
    publisher: str | None
    date: str | None
    date_basis: str  # published, inferred or unknown
    relays: str | None


@dataclass(frozen=True)
class Build:
    """What the whole corpus gives the report."""

    claims: tuple[FigureClaim, ...]
    labels: dict[str, str]  # IRI -> its label
    aliases: dict[str, tuple[str, ...]]  # IRI -> its other names
    sources: dict[str, Source]  # by file stem


def build_jobs(queries_dirs: list[Path]) -> list[Job]:
    """The whole-corpus jobs, for one engine call (kg.report.contents runs them beside the
    conflict rules, so that all share one in-memory store)."""
    figure_text, label_text = query_text("figure-claims"), query_text("labels")
    source_text = resolve("sources", queries_dirs)
    return [Job((figure_text,), partial(_figure_rows, text=figure_text)),
            Job((label_text,), partial(_names, text=label_text)),
            Job((source_text,), partial(_sources, text=source_text))]


def build_from(outcomes: Sequence) -> Build:
    """The Build from the outcomes of `build_jobs`, in their order."""
    rows, names, sources = outcomes
    labels: dict[str, str] = {}
    aliases: dict[str, set[str]] = {}
    for thing, name, role in sorted(names):
        if role == "label":
            labels.setdefault(thing, name)
        else:
            aliases.setdefault(thing, set()).add(name)
    return Build(tuple(_figure_claims(rows)), labels,
                 {thing: tuple(sorted(found - {labels.get(thing)}))
                  for thing, found in aliases.items()},
                 {source.stem: source for source in sources})


def read_build(engine: Engine, queries_dirs: list[Path]) -> Build:
    return build_from(engine.run(build_jobs(queries_dirs)))


def _value(term: ox.Term | None) -> str | None:
    return None if term is None else term.value


def _figure_rows(store: ox.Store, text: str) -> bytes:
    """The query's results as W3C SPARQL CSV: at 100,000 claims Oxigraph writes and Python's
    csv module reads them in a third of the time it takes to read each term of each solution
    through pyoxigraph, and bytes cross from the engine's worker faster than objects."""
    return run(store, text, origin="figure-claims").serialize(format=ox.QueryResultsFormat.CSV)


def _number(text: str) -> int | float | None:
    if not text:
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def _local(text: str) -> str:
    return text.rsplit("#", 1)[-1]


def _figure_claims(data: bytes) -> list[FigureClaim]:
    """One FigureClaim per claim (the query gives a row per claim it disputes). In CSV an
    unbound variable is an empty field, and IRIs and literals are their plain text."""
    lines = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(lines, None)
    if header is None:
        return []
    at = {name: i for i, name in enumerate(header)}
    (claim_at, id_at, subject_at, property_at, scope_at, unit_at, status_at, start_at,
     end_at, lower_at, upper_at, lx_at, ux_at, object_at, date_at, qualifier_at,
     wording_at, stated_at, source_at, origin_at, disputes_at, kind_at) = (at[name] for name in (
         "claim", "id", "subject", "property", "scope", "unit", "status", "start", "end",
         "lower", "upper", "lowerExclusive", "upperExclusive", "object", "date", "qualifier",
         "wording", "statedBy", "source", "origin", "disputes", "kind"))
    found: dict[str, FigureClaim] = {}
    disputes: dict[str, list[str]] = {}
    for row in lines:
        iri = row[claim_at]
        if row[disputes_at]:
            disputes.setdefault(iri, []).append(row[disputes_at])
        if iri in found:
            continue
        found[iri] = FigureClaim(
            iri=iri, id=row[id_at], subject=row[subject_at], property=row[property_at],
            scope=row[scope_at], unit=row[unit_at] or None,
            status=STATUS.get(_local(row[status_at]), "stated"),
            start=row[start_at] or None, end=row[end_at] or None,
            lower=_number(row[lower_at]), upper=_number(row[upper_at]),
            lower_open=row[lx_at] == "true", upper_open=row[ux_at] == "true",
            object=row[object_at] or None, date=row[date_at] or None,
            qualifier=_local(row[qualifier_at]) or None, wording=row[wording_at],
            stated_by=row[stated_at] or None, source=row[source_at], origin=row[origin_at],
            kind=_local(row[kind_at]))
    for iri, disputed in disputes.items():
        found[iri] = replace(found[iri], disputes=tuple(sorted(set(disputed))))
    return sorted(found.values(), key=lambda c: c.id)


def _names(store: ox.Store, text: str) -> list[tuple[str, str, str]]:
    """(IRI, name, role) for every label and alias; an English or untagged label first."""
    rows = []
    for row in run(store, text, origin="labels"):
        name = row["name"]
        language = name.language if isinstance(name, ox.Literal) else None
        if language not in (None, "en") and row["role"].value == "label":
            continue
        rows.append((row["thing"].value, name.value, row["role"].value))
    return rows


def _sources(store: ox.Store, text: str) -> list[Source]:
    return [Source(row["source"].value, _value(row["title"]) or row["source"].value,
                   _value(row["publisher"]), _value(row["date"]),
                   _value(row["date_basis"]) or "unknown", _value(row["relays"]))
            for row in run(store, text, origin="sources")]


def read_kinds(engine: Engine, agents: Sequence[str]) -> dict[str, str]:
    """Each agent's class IRI (the first by IRI when it has several)."""
    text = query_text("kinds")
    found = engine.lookup(partial(_lookup, text=text, name="agent", value="kind"),
                          sorted(set(agents)))
    kinds: dict[str, str] = {}
    for agent, kind in sorted(found):
        kinds.setdefault(agent, kind)
    return kinds


def read_texts(engine: Engine, stems: Sequence[str]) -> dict[str, str]:
    """Each article's verbatim text, by its file stem."""
    text = query_text("texts")
    return dict(engine.lookup(partial(_lookup, text=text, name="source", value="text",
                                      term=ox.Literal), sorted(set(stems))))


def _lookup(store: ox.Store, values: Sequence[str], text: str, name: str, value: str,
            term: type = ox.NamedNode) -> list[tuple[str, str]]:
    bound = with_rows(text, [name], [[term(each)] for each in values])
    return [(row[name].value, row[value].value) for row in run(store, bound, origin=name)]
