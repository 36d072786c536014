"""`kg conflicts` output: the JSON contract (README), a table and Markdown for people."""

from __future__ import annotations

import json
from typing import Any

from kg.conflicts.find import Conflict, ConflictReport
from kg.conflicts.views import ClaimView
from kg.errors import QueryError
from kg.output.grid import text_grid

FORMATS = ("table", "json", "md")


def render_report(report: ConflictReport, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    if output_format == "md":
        return _markdown(report)
    if output_format == "table":
        return _table(report)
    raise QueryError(f"unknown format {output_format!r}: use {', '.join(FORMATS)}")


def to_json(report: ConflictReport) -> dict[str, Any]:
    return {
        "conflicts": [_conflict_json(c) for c in report.conflicts],
        "disputes": [{"id": d.id, "conflicts": list(d.conflicts), "explanation": d.explanation}
                     for d in report.disputes],
        "info": [_conflict_json(c) for c in report.info],
    }


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {"id": conflict.id, "reason": conflict.reason, "severity": conflict.severity,
            "subject": conflict.subject, "property": conflict.property,
            "explanation": conflict.explanation,
            "claims": [_claim_json(view) for view in conflict.claims]}


def _claim_json(view: ClaimView) -> dict[str, Any]:
    published = view.published or None
    inferred = bool(published and published.endswith("(inferred)"))
    value = {key: view.value.get(key) for key in ("lower", "upper", "lower_exclusive",
                                                  "upper_exclusive", "unit", "wording")}
    for extra in ("object", "date"):
        if extra in view.value:
            value[extra] = view.value[extra]
    return {"claim": view.id, "source": view.source, "quote": view.quote, "start": view.start,
            "end": view.end, "stated_by": view.stated_by,
            "published": published.split(" ")[0] if published else None,
            "published_inferred": inferred, "as_of": view.as_of, "status": view.status,
            "as_of_wording": view.as_of_wording, "replaced_by": list(view.replaced_by),
            "value": value}


def _claim_rows(claims: tuple[ClaimView, ...]) -> list[list[str]]:
    return [[v.id, v.source, v.speaker, v.as_of_said or v.published or "", v.wording,
             f"{v.start}-{v.end}", " ".join(v.quote.split())] for v in claims]


HEADERS = ["claim", "source", "stated by", "date", "figure", "offsets", "quote"]


def _table(report: ConflictReport) -> str:
    out: list[str] = []
    for dispute in report.disputes:
        out += [f"{dispute.id}: {dispute.explanation}", ""]
        out += text_grid(HEADERS, _claim_rows(dispute.claims), 70, indent="  ")
        out += ["  conflicts: " + ", ".join(dispute.conflicts), ""]
    for conflict in report.info:
        out.append(f"info {conflict.reason}: {conflict.explanation}")
    count = len(report.conflicts)
    out.append(f"{count} conflict{'s' if count != 1 else ''} in {len(report.disputes)} "
               f"dispute{'s' if len(report.disputes) != 1 else ''}"
               + (f"; {len(report.info)} informational findings" if report.info else
                  " (kg conflicts --all also shows updates, agreements and vaguer figures)"))
    return "\n".join(out) + "\n"


def _markdown(report: ConflictReport) -> str:
    out = ["# Conflicts", ""]
    for dispute in report.disputes:
        out += [f"## {dispute.id}", "", dispute.explanation, "",
                "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        out += ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |"
                for row in _claim_rows(dispute.claims)]
        out += ["", "Conflicts: " + ", ".join(f"`{c}`" for c in dispute.conflicts), ""]
    if report.info:
        out += ["## Information", ""]
        out += [f"- **{c.reason}**: {c.explanation}" for c in report.info]
    return "\n".join(out) + "\n"
