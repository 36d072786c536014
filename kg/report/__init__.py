"""`kg report`: the page a researcher shares, one self-contained HTML file made from the build.

    contents = gather(engine, queries_dirs)    what the build says (kg.report.contents)
    html = render_page(contents)               the page (kg.report.page)

For each dispute kg conflicts finds: what is disputed, why in plain words, and each claim's
quote marked in its sentence of the article, with source, speaker, date and status, side by
side (kg.report.sections, kg.report.quotes). For each figure several claims give: its claims
over time as an SVG chart (kg.report.charts), the range its sources support
(kg.report.figures) and a support grade whose rule is printed on the page (kg.report.grades).
An index counts by reason, grade and subject, links every claim to its IRI and lets a reader
search by any name of an entity. At scale the counts stay whole and the sections are capped
(`limit`), the page saying what it left out and which command shows it.
"""

from __future__ import annotations

from pathlib import Path

from kg.engine.runner import Engine
from kg.namespaces import DEFAULT_BASE
from kg.report.contents import LIMIT, Contents, gather
from kg.report.page import render_page

__all__ = ["LIMIT", "Contents", "gather", "render_page", "report_html"]


def report_html(engine: Engine, queries_dirs: list[Path], limit: int = LIMIT,
                base: str = DEFAULT_BASE, title: str = "Qantar KG") -> tuple[str, Contents]:
    """The page's HTML, and what it was made from (for the command's summary line)."""
    contents = gather(engine, queries_dirs, limit, base, title)
    return render_page(contents), contents
