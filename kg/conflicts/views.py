"""Claims as a reader of conflicts sees them: quote, offsets, speaker, dates, value."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.engine.runner import Engine, Job
from kg.namespaces import DEFAULT_BASE, base_of, short_name
from kg.query.library import resolve, run, with_rows

STATUS_NAMES = {"Stated": "stated", "Superseded": "superseded", "Retracted": "retracted",
                "ReportedFalse": "reported-false"}


@dataclass(frozen=True)
class ClaimView:
    iri: str
    id: str
    source: str
    quote: str
    start: int
    end: int
    subject: str
    subject_label: str
    property: str
    property_label: str
    kind: str
    stated_by: str | None
    stated_by_label: str | None
    published: str | None  # the publication date, or the inferred one marked "(inferred)"
    as_of: str | None
    effective: str | None
    status: str
    value: dict[str, Any]
    replaced_by: tuple[str, ...] = ()  # the ids its superseded_by: names
    as_of_wording: str | None = None  # "early January 2022", "last year": not a calendar date

    @property
    def as_of_said(self) -> str | None:
        """'2022-01', or '2022-01 (early January 2022)' when the curator's words were not a
        calendar date, so a reader sees both how the date was read and what was written."""
        if self.as_of and self.as_of_wording:
            return f"{self.as_of} ({self.as_of_wording})"
        return self.as_of

    @property
    def wording(self) -> str:
        return str(self.value.get("wording") or "")

    @property
    def speaker(self) -> str:
        return self.stated_by_label or self.source

    @property
    def sort_date(self) -> str:
        return self.effective or "9999"


def load_claim_views(engine: Engine, queries_dirs: list[Path],
                     iris: Collection[str] | None = None) -> dict[str, ClaimView]:
    """Every claim's view, or only those of `iris` (a conflict names a few claims of many)."""
    text = resolve("conflict-claims", queries_dirs)
    if iris is None:
        every = engine.run([Job((text,), lambda store: [_view(row) for row in run(store, text)])])
        return {view.iri: view for view in every[0]}
    return {view.iri: view for view in engine.lookup(partial(_views, text=text), sorted(iris))}


def _views(store: ox.Store, iris: Sequence[str], text: str) -> list[ClaimView]:
    return [_view(row) for row in run(store, with_rows(text, ["claim"],
                                                       [[ox.NamedNode(iri)] for iri in iris]))]


def short(iri: str, base: str = DEFAULT_BASE) -> str:
    """`…/id/trial/x` -> `trial/x`; `…/ontology#deaths` -> `deaths`."""
    return short_name(iri, ontology="", base=base)


def _text(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return None if term is None else term.value


def _number(row: ox.QuerySolution, name: str) -> int | float | None:
    text = _text(row, name)
    if text is None:
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def _scoped(label: str, scopes: str | None) -> str:
    """'deaths' narrowed by its scope, 'deaths (law-enforcement officers)', so an explanation
    says what was counted."""
    return f"{label} ({', '.join(sorted(scopes.split('|')))})" if scopes else label


def _view(row: ox.QuerySolution) -> ClaimView:
    # the corpus's base IRI, as its claims are named: <base>claim/<id>
    claim_iri, claim_id = _text(row, "claim") or "", _text(row, "id") or ""
    base = base_of(claim_iri, claim_id) or DEFAULT_BASE

    def named(iri: str) -> str:
        return short(iri, base)

    published = _text(row, "published")
    if published is None and _text(row, "inferred") is not None:
        published = f"{_text(row, 'inferred')} (inferred)"
    obj, date = _text(row, "object"), _text(row, "date")
    unit = _text(row, "unit")
    value = {
        "lower": _number(row, "lower"), "upper": _number(row, "upper"),
        "lower_exclusive": _text(row, "lowerExclusive") == "true",
        "upper_exclusive": _text(row, "upperExclusive") == "true",
        "unit": named(unit) if unit else None,
        "wording": _text(row, "wording") or _text(row, "objectLabel") or date,
    }
    if obj:
        value["object"] = named(obj)
    if date:
        value["date"] = date
    return ClaimView(
        iri=_text(row, "claim") or "", id=_text(row, "id") or "",
        source=_text(row, "source") or "", quote=_text(row, "quote") or "",
        start=int(_text(row, "start") or 0), end=int(_text(row, "end") or 0),
        subject=named(_text(row, "subject") or ""),
        subject_label=_text(row, "subjectLabel") or named(_text(row, "subject") or ""),
        property=named(_text(row, "property") or ""),
        property_label=_scoped(_text(row, "propertyLabel") or named(_text(row, "property") or ""),
                               _text(row, "scopeLabels")),
        kind=named(_text(row, "kind") or "").lower(),
        stated_by=named(_text(row, "statedBy")) if _text(row, "statedBy") else None,
        stated_by_label=_text(row, "statedByLabel"), published=published,
        as_of=_text(row, "asOf"), as_of_wording=_text(row, "asOfWording"),
        effective=_text(row, "effective"),
        status=STATUS_NAMES.get(named(_text(row, "status") or ""), "stated"), value=value,
        replaced_by=tuple(sorted((_text(row, "replacedBy") or "").split("|")) if
                          _text(row, "replacedBy") else ()))

