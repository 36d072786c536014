"""`kg build`: compile the corpus into build/kg.nt and the Oxigraph store."""

from __future__ import annotations

import typer

from kg.build.run import build
from kg.cli.options import (
    ProjectOption,
    VerboseOption,
    failing_cleanly,
    progress_printer,
    project_from,
)


def command(project: ProjectOption = None, verbose: VerboseOption = False) -> None:
    """Check every quote against its article and write the graph (build/kg.nt + store).

    Exits 2 with file, line and what to fix when the corpus has problems; then nothing is written.
    """
    with failing_cleanly(verbose):
        summary = build(project_from(project), progress_printer())
    typer.echo(f"built {summary.path}: {summary.sources} sources, {summary.entities} entities, "
               f"{summary.claims} claims, {summary.triples} triples "
               f"({summary.compiled_sheets} claim sheets compiled, {summary.reused_sheets} "
               "unchanged)")
