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
from kg.output.words import counted


def command(project: ProjectOption = None, verbose: VerboseOption = False) -> None:
    """Check every quote against its article and write the graph (build/kg.nt + store).

    Exits 2 with file, line and what to fix when the corpus has problems; then nothing is written.
    """
    with failing_cleanly(verbose):
        summary = build(project_from(project), progress_printer())
    typer.echo(f"built {summary.path}: {counted(summary.sources, 'source')}, "
               f"{counted(summary.entities, 'entity', 'entities')}, "
               f"{counted(summary.claims, 'claim')}, {counted(summary.triples, 'triple')} "
               f"({counted(summary.compiled_sheets, 'claim sheet')} compiled, "
               f"{summary.reused_sheets} unchanged)")
