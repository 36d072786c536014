"""One model for everything the project reports as a finding, and one renderer for it.

`kg validate`, `kg conflicts` and the report all produce `Finding` values and render them here,
so a curator reads the same layout everywhere and a script parses the same columns.

API (keep it this small):

    Finding(check, severity, focus, message, claims=(), quotes=(), path="", value="")
        check     stable code of the rule: a shape's local name ("claim-source") or a
                  conflict reason ("contradiction", "update", ...)
        severity  "violation" | "warning" | "info"
        focus     what the finding is about, short: "claim/004-05", "source/004_ae2c…",
                  "person/tokayev" (see kg.namespaces.short_name)
        message   a sentence a curator can act on
        claims    ids of the claims involved ("004-05", ...), in display order
        quotes    `Quote(claim, source, exact, start, end)` per claim shown, for context
        path      the property the rule looked at ("qk:lowerBound"), "" if none
        value     the offending value as text, "" if none
    Quote(claim, source, exact, start=None, end=None)   source is the article's file stem
    SEVERITIES                 ("info", "warning", "violation"), lowest first
    FORMATS                    ("table", "json", "csv", "tsv")
    render_findings(findings, fmt, summary=None) -> str
                               fmt one of FORMATS (ValueError otherwise); the table ends with
                               the line `summary` (default: summary_line(findings))
    at_or_above(findings, severity) -> list   the findings that make a run fail (--fail-on)
    summary_line(findings, what="") -> str    "2 violations, 1 warning" / "no findings"
    sort_findings(findings) -> list           worst first, then by focus and check

JSON is `{"counts": {"violation": n, "warning": n, "info": n}, "findings": [{...}]}` with the
field names above; CSV and TSV have one row per finding with the columns of `COLUMNS` (several
claims or quotes joined with " | "), so they open in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SEVERITIES = ("info", "warning", "violation")
FORMATS = ("table", "json", "csv", "tsv")
COLUMNS = ("severity", "check", "focus", "claims", "source", "quote", "message", "path", "value")
_JOIN = " | "
_QUOTE_WIDTH = 160


@dataclass(frozen=True)
class Quote:
    """The words of an article a finding is about, located so an editor can find them."""

    claim: str
    source: str
    exact: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    focus: str
    message: str
    claims: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = field(default=())
    path: str = ""
    value: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    def as_dict(self) -> dict[str, object]:
        return {"check": self.check, "severity": self.severity, "focus": self.focus,
                "message": self.message, "claims": list(self.claims),
                "quotes": [vars(q) for q in self.quotes], "path": self.path,
                "value": self.value}


def rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def at_or_above(findings: Iterable[Finding], severity: str) -> list[Finding]:
    threshold = rank(severity)
    return [f for f in findings if rank(f.severity) >= threshold]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-rank(f.severity), f.focus, f.check, f.message))


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    tally = dict.fromkeys(reversed(SEVERITIES), 0)
    for finding in findings:
        tally[finding.severity] += 1
    return tally


def summary_line(findings: Sequence[Finding], what: str = "") -> str:
    """One line for people: '2 violations, 1 warning in build/kg.nt' or 'no findings'."""
    parts = [f"{n} {_plural(s, n)}" for s, n in counts(findings).items() if n]
    where = f" in {what}" if what else ""
    return (", ".join(parts) if parts else "no findings") + where


def _plural(severity: str, n: int) -> str:
    return severity if n == 1 or severity == "info" else severity + "s"


def render_findings(findings: Sequence[Finding], fmt: str, summary: str | None = None) -> str:
    if fmt == "table":
        return _table(findings, summary_line(findings) if summary is None else summary)
    if fmt == "json":
        document = {"counts": counts(findings), "findings": [f.as_dict() for f in findings]}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        return _csv(findings) if fmt == "csv" else _tsv(findings)
    raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")


def _table(findings: Sequence[Finding], summary: str) -> str:
    """A block per finding: messages and quotes are too long for columns."""
    lines: list[str] = []
    for finding in findings:
        lines.append(f"{finding.severity:9}  {finding.focus}  [{finding.check}]")
        lines.append(f"    {finding.message}")
        for quote in finding.quotes:
            where = f" {quote.start}-{quote.end}" if quote.start is not None else ""
            lines.append(f"    claim {quote.claim} in {quote.source}{where}: "
                         f"\"{_clip(quote.exact, _QUOTE_WIDTH)}\"")
        quoted = {quote.claim for quote in finding.quotes}
        others = [claim for claim in finding.claims if claim not in quoted]
        if others:
            lines.append(f"    claims: {', '.join(others)}")
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _rows(findings: Sequence[Finding]) -> list[list[str]]:
    return [[f.severity, f.check, f.focus, _JOIN.join(f.claims),
             _JOIN.join(dict.fromkeys(q.source for q in f.quotes)),
             _JOIN.join(q.exact for q in f.quotes), f.message, f.path, f.value]
            for f in findings]


def _csv(findings: Sequence[Finding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_rows(findings))
    return out.getvalue()


def _tsv(findings: Sequence[Finding]) -> str:
    """TSV has no quoting: white space (tabs, line breaks) inside a cell becomes one space."""
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(" ".join(cell.split()) for cell in row) for row in _rows(findings)]
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
