"""`kg conflicts` output: the JSON contract (README), a table and Markdown for people, CSV and
TSV for a spreadsheet (one row per finding).

People read the counts by reason first, then the disputes. At scale `--limit N` shows the first
N disputes (and N informational findings; N rows of CSV or TSV): what it leaves out is said at
the place it was cut in the table and Markdown, and by `left_out` (for standard error) in the
machine formats, whose bytes stay data. The JSON keeps its keys: a limited one holds the first
N disputes with their conflicts.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from kg.conflicts.find import Conflict, ConflictReport, Dispute
from kg.conflicts.views import ClaimView
from kg.errors import QueryError
from kg.output.grid import delimited, text_grid
from kg.output.words import counted

FORMATS = ("table", "json", "md", "csv", "tsv")
ROW_COLUMNS = ["id", "reason", "severity", "subject", "property", "claims", "dispute",
               "explanation"]
_JOIN = " | "  # several claims in one CSV cell, as `kg validate` joins them


@dataclass(frozen=True)
class Shown:
    """What a limit keeps of a report, and how much it leaves out."""

    disputes: tuple[Dispute, ...]
    conflicts: tuple[Conflict, ...]  # the shown disputes' conflicts
    info: tuple[Conflict, ...]
    rows: tuple[Conflict, ...]  # the CSV and TSV rows: conflicts, then information
    hidden_disputes: int
    hidden_conflicts: int
    hidden_info: int
    hidden_rows: int


def shown(report: ConflictReport, limit: int | None) -> Shown:
    if limit is None:
        return Shown(report.disputes, report.conflicts, report.info,
                     report.conflicts + report.info, 0, 0, 0, 0)
    disputes = report.disputes[:limit]
    ids = {i for d in disputes for i in d.conflicts}
    conflicts = tuple(c for c in report.conflicts if c.id in ids)
    every = report.conflicts + report.info
    return Shown(disputes, conflicts, report.info[:limit], every[:limit],
                 len(report.disputes) - len(disputes), len(report.conflicts) - len(conflicts),
                 max(0, len(report.info) - limit), max(0, len(every) - limit))


def render_report(report: ConflictReport, output_format: str, limit: int | None = None) -> str:
    part = shown(report, limit)
    if output_format == "json":
        return json.dumps(to_json(report, part), indent=2, ensure_ascii=False) + "\n"
    if output_format == "md":
        return _markdown(report, part, limit)
    if output_format == "table":
        return _table(report, part, limit)
    if output_format in ("csv", "tsv"):
        return delimited(ROW_COLUMNS, _finding_rows(report, part.rows), output_format)
    raise QueryError(f"unknown format {output_format!r}: use {', '.join(FORMATS)}")


def left_out(report: ConflictReport, output_format: str, limit: int | None) -> str:
    """For standard error: what `--limit` left out of a JSON, CSV or TSV output ("" if
    nothing; the table and Markdown say it in place)."""
    part = shown(report, limit)
    if output_format in ("csv", "tsv") and part.hidden_rows:
        return (f"{part.hidden_rows} of {len(part.rows) + part.hidden_rows} rows left out by "
                f"--limit {limit}")
    if output_format == "json" and (part.hidden_disputes or part.hidden_info):
        told = [f"{counted(part.hidden_disputes, 'dispute')} "
                f"({counted(part.hidden_conflicts, 'conflict')})"] if part.hidden_disputes else []
        if part.hidden_info:
            told.append(counted(part.hidden_info, "informational finding"))
        return f"{' and '.join(told)} left out by --limit {limit}"
    return ""


def to_json(report: ConflictReport, part: Shown | None = None) -> dict[str, Any]:
    part = part or shown(report, None)
    return {
        "conflicts": [_conflict_json(c) for c in part.conflicts],
        "disputes": [{"id": d.id, "conflicts": list(d.conflicts), "explanation": d.explanation}
                     for d in part.disputes],
        "info": [_conflict_json(c) for c in part.info],
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
SUMMARY_HEADERS = ["reason", "severity", "count", "disputes"]


def _finding_rows(report: ConflictReport, findings: tuple[Conflict, ...]) -> list[list[str]]:
    dispute_of = {i: d.id for d in report.disputes for i in d.conflicts}
    return [[c.id, c.reason, c.severity, c.subject, c.property,
             _JOIN.join(v.id for v in c.claims), dispute_of.get(c.id, ""), c.explanation]
            for c in findings]


def _summary_rows(report: ConflictReport) -> list[list[str]]:
    """Each reason found, in the rules' order (conflicts first): how many findings, and in
    how many disputes its conflicts are."""
    reason_of = {c.id: c.reason for c in report.conflicts}
    disputes = Counter(reason for d in report.disputes
                       for reason in {reason_of[i] for i in d.conflicts})
    findings = Counter(c.reason for c in report.conflicts + report.info)
    severity = {c.reason: c.severity for c in report.conflicts + report.info}
    return [[reason, severity[reason], str(n), str(disputes[reason]) if reason in disputes
             else ""] for reason, n in findings.items()]


def _headline(report: ConflictReport) -> str:
    """'7 conflicts in 3 disputes' (and 'and 12 informational findings')."""
    line = (f"{counted(len(report.conflicts), 'conflict')} in "
            f"{counted(len(report.disputes), 'dispute')}")
    return line + (f" and {counted(len(report.info), 'informational finding')}"
                   if report.info else "")


def _cut(part: Shown, limit: int | None) -> tuple[str, str]:
    """What the limit left out of the disputes and of the information, as sentences."""
    more = "more " if part.disputes else ""
    disputes = (f"{counted(part.hidden_disputes, more + 'dispute')} "
                f"({counted(part.hidden_conflicts, 'conflict')}) not shown: --limit {limit}"
                if part.hidden_disputes else "")
    more = "more " if part.info else ""
    info = (f"{counted(part.hidden_info, more + 'informational finding')} not shown: "
            f"--limit {limit}" if part.hidden_info else "")
    return disputes, info


def _table(report: ConflictReport, part: Shown, limit: int | None) -> str:
    out: list[str] = []
    summary = _summary_rows(report)
    if summary:
        out += [f"{_headline(report)}, by reason:", ""]
        out += text_grid(SUMMARY_HEADERS, summary, 70, indent="  ")
        out.append("")
    cut_disputes, cut_info = _cut(part, limit)
    for dispute in part.disputes:
        out += [f"{dispute.id}: {dispute.explanation}", ""]
        out += text_grid(HEADERS, _claim_rows(dispute.claims), 70, indent="  ")
        out += ["  conflicts: " + ", ".join(dispute.conflicts), ""]
    if cut_disputes:
        out += [f"… {cut_disputes}", ""]
    for conflict in part.info:
        out.append(f"info {conflict.reason}: {conflict.explanation}")
    if cut_info:
        out.append(f"… {cut_info}")
    count = len(report.conflicts)
    out.append(f"{count} conflict{'s' if count != 1 else ''} in {len(report.disputes)} "
               f"dispute{'s' if len(report.disputes) != 1 else ''}"
               + (f"; {len(report.info)} informational findings" if report.info else
                  " (kg conflicts --all also shows updates, agreements and vaguer figures)"))
    return "\n".join(out) + "\n"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _markdown(report: ConflictReport, part: Shown, limit: int | None) -> str:
    out = ["# Conflicts", ""]
    summary = _summary_rows(report)
    if summary:
        out += [f"{_headline(report)}, by reason:", "",
                _md_row(SUMMARY_HEADERS), "|" + "---|" * len(SUMMARY_HEADERS)]
        out += [_md_row(row) for row in summary]
        out.append("")
    else:
        out += ["No conflicts found.", ""]
    cut_disputes, cut_info = _cut(part, limit)
    for dispute in part.disputes:
        out += [f"## {dispute.id}", "", dispute.explanation, "",
                _md_row(HEADERS), "|" + "---|" * len(HEADERS)]
        out += [_md_row(row) for row in _claim_rows(dispute.claims)]
        out += ["", "Conflicts: " + ", ".join(f"`{c}`" for c in dispute.conflicts), ""]
    if cut_disputes:
        out += [f"*{cut_disputes[0].upper()}{cut_disputes[1:]}.*", ""]
    if part.info:
        out += ["## Information", ""]
        out += [f"- **{c.reason}**: {c.explanation}" for c in part.info]
    if cut_info:
        out += ([""] if part.info else []) + [f"*{cut_info[0].upper()}{cut_info[1:]}.*"]
    return "\n".join(out) + "\n"
