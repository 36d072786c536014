"""`kg coverage`: every figure of the articles that no claim's quote covers, as a gate."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.curate.coverage import check_coverage
from kg.curate.report import render_coverage, summary


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


def command(
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", metavar="STEM",
        help="Check only this article (its file stem); repeatable.")] = None,
    output_format: Annotated[Format, typer.Option(
        "--format", "-f", help="table for people; json, csv or tsv for scripts.")]
    = Format.table,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """List every figure of the articles (digits, number words, dates) that no claim's quote
    covers, with its file, line, column and sentence. Figures left out on purpose are declared,
    with the reason, in data/coverage.yaml.

    Exits 0 when every figure is covered or left out, 1 when one is missing (or a left-out
    entry is stale), 2 on bad input or when the build is missing or older than the data.
    """
    with failing_cleanly(verbose):
        report = check_coverage(project_from(project), source or ())
    typer.echo(render_coverage(report, output_format.value), nl=False)
    if output_format is not Format.table:
        say(summary(report))
    if report.failed:
        raise typer.Exit(1)
