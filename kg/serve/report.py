"""`GET /report.html`: `kg report`'s page of the served build, so the query page can link to
the report of the very build it queries, with nothing to run or copy first.

The page is the one `kg report` writes with its defaults (same title, limit and base), made by
the reference engine on the store the endpoint already has open: kg.engine.runner's
FastEngine forks workers, which a server process with threads must not do, and both engines
give the same bytes (tests/test_report.py). It is made on first request, never at start-up.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.project import Project


def report_page(project: Project, store: ox.Store) -> bytes:
    from kg.engine.runner import PlainEngine  # the report's modules: only when first asked
    from kg.report import report_html

    title = dict(project.settings.dataset).get("title") or "Qantar KG"
    page, _ = report_html(PlainEngine(store), project.queries_dirs,
                          base=project.settings.base_iri, title=title)
    return page.encode("utf-8")
