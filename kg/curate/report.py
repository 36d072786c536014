"""`kg coverage`'s report as a table for people, or JSON, CSV or TSV for scripts.

Every row says where to look as an editor wants it (`file:line:column`, file relative to the
project), so a curator can jump from the report to the article; the JSON form is a contract:

    {"summary": {"articles": 5, "figures": 420, "covered": 402, "left_out": 18, "missing": 0,
                 "missing_by_group": {"number": 0, "date": 0}, "stale_left_out": 0,
                 "dates": "report", "declared": "data/coverage.yaml"},
     "missing": [{"source": "004_…", "file": "data/sources/004_….txt", "line": 9,
                  "column": 41, "start": 1579, "end": 1582, "figure": "238",
                  "group": "number", "context": "…"}],
     "stale_left_out": [{"file": "data/coverage.yaml", "line": 7, "source": "001_…",
                         "words": "…", "reason": "…", "problem": "not-found",
                         "message": "…"}]}

CSV and TSV hold both lists as rows of COLUMNS, `kind` telling them apart ("missing",
"left-out-not-found", "left-out-nothing-left-out"), so they open in a spreadsheet.
"""

from __future__ import annotations

import json

from kg.curate.coverage import Coverage
from kg.output.grid import delimited, text_grid
from kg.output.words import counted

FORMATS = ("table", "json", "csv", "tsv")
COLUMNS = ("kind", "file", "line", "column", "source", "start", "end", "group", "figure",
           "context")
_WIDTH = 140  # of a table cell; the full text is in the other formats


def render_coverage(report: Coverage, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(as_json(report), ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        return delimited(COLUMNS, _rows(report), fmt)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    rows = [[f"{r[1]}:{r[2]}" + f":{r[3]}" * bool(r[3]), r[7] or "left-out", r[8], r[9]]
            for r in _rows(report)]
    lines = text_grid(("where", "group", "figure", "context"), rows, _WIDTH) if rows else []
    return "\n".join([*lines, summary(report)]) + "\n"


def summary(report: Coverage) -> str:
    """One line: what is missing, out of how many figures, and what was left out."""
    where = f"{report.figures} figure{'s' * (report.figures != 1)} in " \
        f"{counted(report.articles, 'article')}"
    split = f"{report.covered} in claims' quotes, {report.left_out} left out on purpose " \
        f"({report.declared})"
    dates = "; dates not checked (dates: skip)" if report.dates == "skip" else ""
    stale = f"; {counted(len(report.stale), 'left-out entry', 'left-out entries')} to fix " \
        f"in {report.declared}" if report.stale else ""
    if not report.gaps:
        return f"every figure is in a claim's quote or left out on purpose: {where}, " \
            f"{split}{dates}{stale}"
    groups = ", ".join(counted(n, g) for g, n in report.by_group.items() if n)
    verb = "is" if len(report.gaps) == 1 else "are"
    return f"{len(report.gaps)} of {where} {verb} in no claim's quote ({groups}); " \
        f"{split}{dates}{stale}"


def as_json(report: Coverage) -> dict[str, object]:
    return {
        "summary": {"articles": report.articles, "figures": report.figures,
                    "covered": report.covered, "left_out": report.left_out,
                    "missing": len(report.gaps), "missing_by_group": report.by_group,
                    "stale_left_out": len(report.stale), "dates": report.dates,
                    "declared": report.declared},
        "missing": [vars(gap) for gap in report.gaps],
        "stale_left_out": [{"file": s.file, "line": s.entry.line, "source": s.entry.source,
                            "words": s.entry.words, "reason": s.entry.reason,
                            "problem": s.problem, "message": s.message}
                           for s in report.stale]}


def _rows(report: Coverage) -> list[list[str]]:
    rows = [["missing", g.file, str(g.line), str(g.column), g.source, str(g.start), str(g.end),
             g.group, g.figure, g.context] for g in report.gaps]
    rows += [[f"left-out-{s.problem}", s.file, str(s.entry.line), "", s.entry.source, "", "",
              "", s.entry.words, s.message] for s in report.stale]
    return rows
