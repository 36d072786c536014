"""`kg report`: the build as one self-contained HTML page to share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.engine.atomic import atomic_write_bytes
from kg.errors import QueryError


def command(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The HTML file to write (atomically); it must end in .html.",
        dir_okay=False)] = Path("report.html"),
    limit: Annotated[int, typer.Option(
        "--limit", "-n", min=1, help="Show at most N disputes and N figures in full (every "
        "count stays whole; the page says what it left out).")] = 50,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Write the page a researcher shares: disputes with their quotes side by side, figures
    over time, the range the sources support and a grade per figure, an index to search.

    One file that loads nothing when viewed: inline style, SVG charts, a small script.
    """
    from kg.engine.runner import FastEngine
    from kg.report import report_html

    with failing_cleanly(verbose):
        if output.suffix.lower() not in (".html", ".htm"):
            raise QueryError(f"-o {output}: the report is HTML; give a file ending in .html")
        proj = project_from(project)
        title = dict(proj.settings.dataset).get("title") or "Qantar KG"
        html, contents = report_html(FastEngine(proj), proj.queries_dirs, limit,
                                     proj.settings.base_iri, title)
        data = html.encode("utf-8")
        atomic_write_bytes(output, data)
    say(f"wrote {output}: {len(contents.disputes)} of {len(contents.conflicts.disputes)} "
        f"disputes and {len(contents.shown)} of {contents.several} figures in full, "
        f"{len(contents.build.claims)} claims, {len(data)} bytes")
