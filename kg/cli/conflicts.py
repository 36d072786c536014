"""`kg conflicts`: where the sources disagree, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.conflicts.find import check_names, entity_refs, find_conflicts, narrowed
from kg.conflicts.report import FORMATS, left_out, render_report
from kg.conflicts.rules import load_rules
from kg.engine.runner import FastEngine
from kg.errors import QueryError


def command(
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="table, json, md, or csv / tsv (one row per finding).")]
    = "table",
    show_all: Annotated[bool, typer.Option("--all", help="Also show information: updates, "
                                           "corroborations, vaguer figures, superseded claims.")]
    = False,
    reason: Annotated[list[str] | None, typer.Option(
        "--reason", "-r", help="Only findings of this reason (repeatable); an informational "
        "one (update, corroborated...) is shown without --all.")] = None,
    subject: Annotated[list[str] | None, typer.Option(
        "--subject", "-s", help="Only findings about this entity, named as claim sheets name "
        "it (event/bloody-january): either claim's subject (repeatable).")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", min=0, help="Show at most N disputes (and N informational findings; "
        "N rows of csv or tsv), saying how many were left out.")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="conflict: exit 1 when any "
                                         "conflict is found; none: always exit 0.")] = "none",
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Find conflicting claims, group them into disputes and explain them with their quotes.

    Table and Markdown start with the counts by reason. --reason and --subject narrow every
    format, JSON included (a dispute keeps its id and shows the conflicts that match).
    """
    reasons, subjects = reason or [], subject or []
    with failing_cleanly(verbose):
        if output_format not in FORMATS:
            raise QueryError(f"--format {output_format}: use {', '.join(FORMATS)}")
        if fail_on not in ("conflict", "none"):
            raise QueryError(f"--fail-on {fail_on}: use conflict or none")
        proj = project_from(project)
        rules = load_rules(proj.queries_dirs)
        check_names("--reason", "reason", reasons, [rule.reason for rule in rules])
        wants_info = show_all or any(not r.is_conflict for r in rules if r.reason in reasons)
        engine = FastEngine(proj)
        if subjects:
            check_names("--subject", "entity in the build (name it kind/slug, as claim sheets "
                        "do)", subjects,
                        sorted(entity_refs(engine, proj.queries_dirs, proj.settings.base_iri)),
                        list_known=False)
        report = find_conflicts(engine, proj.queries_dirs, include_info=wants_info)
        if reasons or subjects:
            report = narrowed(report, reasons, subjects)
        typer.echo(render_report(report, output_format, limit), nl=False)
        cut = left_out(report, output_format, limit)
        if cut:
            say(f"note: {cut}")
    if fail_on == "conflict" and report.conflicts:
        raise typer.Exit(1)
