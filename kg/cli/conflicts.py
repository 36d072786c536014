"""`kg conflicts`: where the sources disagree, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from
from kg.conflicts.find import find_conflicts
from kg.conflicts.report import FORMATS, render_report
from kg.engine.runner import FastEngine
from kg.errors import QueryError


def command(
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, json or md.")]
    = "table",
    show_all: Annotated[bool, typer.Option("--all", help="Also show information: updates, "
                                           "corroborations, vaguer figures, superseded claims.")]
    = False,
    fail_on: Annotated[str, typer.Option("--fail-on", help="conflict: exit 1 when any "
                                         "conflict is found; none: always exit 0.")] = "none",
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Find conflicting claims, group them into disputes and explain them with their quotes."""
    with failing_cleanly(verbose):
        if output_format not in FORMATS:
            raise QueryError(f"--format {output_format}: use {', '.join(FORMATS)}")
        if fail_on not in ("conflict", "none"):
            raise QueryError(f"--fail-on {fail_on}: use conflict or none")
        proj = project_from(project)
        report = find_conflicts(FastEngine(proj), proj.queries_dirs, include_info=show_all)
        typer.echo(render_report(report, output_format), nl=False)
    if fail_on == "conflict" and report.conflicts:
        raise typer.Exit(1)
