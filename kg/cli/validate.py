"""`kg validate`: the build, or a partner's RDF file, checked against the SHACL shapes."""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.options import (
    ProjectOption,
    VerboseOption,
    failing_cleanly,
    progress_printer,
    project_from,
    say,
)
from kg.errors import InputError, Problem
from kg.output.findings import at_or_above, render_findings


class Format(StrEnum):
    table = "table"
    json = "json"
    ttl = "ttl"
    csv = "csv"
    tsv = "tsv"


class Engine(StrEnum):
    sparql = "sparql"
    pyshacl = "pyshacl"


class Severity(StrEnum):
    violation = "violation"
    warning = "warning"
    info = "info"


def command(
    file: Annotated[Path | None, typer.Argument(
        help="An RDF file to validate instead of the build; its format comes from the "
        "extension (.ttl, .nt, .nq, .trig, .rdf, .jsonld, .n3); - reads standard input, in "
        "--input-format.", dir_okay=False)] = None,
    input_format: Annotated[str, typer.Option(
        "--input-format", help="The format of standard input (FILE -): ttl, nt, nq, trig, "
        "rdf, jsonld or n3.")] = "ttl",
    output_format: Annotated[Format, typer.Option(
        "--format", "-f", help="table, json, csv or tsv findings, or ttl: the W3C SHACL "
        "validation report.")] = Format.table,
    fail_on: Annotated[Severity, typer.Option(
        "--fail-on", help="Exit 1 when a finding is this severe or worse.")]
    = Severity.violation,
    source: Annotated[list[str] | None, typer.Option(
        "--source", "-s", help="Validate only this source's part of the graph (its file "
        "stem); repeatable.")] = None,
    conflicts: Annotated[bool, typer.Option(
        "--conflicts", help="Also run shapes/conflicts.ttl (conflicts as warnings).")] = False,
    offsets: Annotated[bool, typer.Option(
        "--offsets", help="Also check every quote's offsets against its article text "
        "(shapes/offsets.ttl; the build already checks its own quotes).")] = False,
    base: Annotated[str | None, typer.Option(
        "--base", help="Resolve relative IRIs in FILE against this IRI (default: the file's "
        "own URI).")] = None,
    engine: Annotated[Engine, typer.Option(
        "--engine", help="sparql: the shapes as SPARQL queries on Oxigraph, re-validating only "
        "the build's chunks that changed; pyshacl: the reference engine (slow at scale).")]
    = Engine.sparql,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Check the graph against the SHACL shapes (shapes/*.ttl) and list what to fix.

    Exits 0 when no finding reaches --fail-on, 1 when one does, 2 when the input is unreadable.
    """
    from kg.validate.run import validate

    extra = [name for name, wanted in (("conflicts", conflicts), ("offsets", offsets)) if wanted]
    with failing_cleanly(verbose), _standard_input(file, input_format) as (read, stdin_base):
        report = validate(project_from(project), read, source or (), extra,
                          progress_printer(), engine.value, base or stdin_base)
        if stdin_base is not None:
            report = dataclasses.replace(report, checked="standard input")
    if output_format is Format.table:
        typer.echo(render_findings(report.findings, "table", report.summary), nl=False)
    else:
        text = (report.report_turtle() if output_format is Format.ttl
                else render_findings(report.findings, output_format.value))
        typer.echo(text, nl=False)
        say(report.summary)
    if at_or_above(report.findings, fail_on.value):
        raise typer.Exit(1)


@contextmanager
def _standard_input(file: Path | None, input_format: str):
    """FILE `-`: standard input, held in a scratch file named for its format (the reader tells
    the format by the extension); relative IRIs resolve against the current directory, and a
    problem names `-`, not the scratch file."""
    if file is None or str(file) != "-":
        yield file, None
        return
    formats = ("ttl", "nt", "nq", "trig", "rdf", "jsonld", "n3")
    if input_format not in formats:
        raise InputError([Problem(None, None, f"--input-format {input_format!r}: use one of "
                                  f"{', '.join(formats)}")])
    with tempfile.TemporaryDirectory(prefix="kg-stdin-") as scratch:
        held = Path(scratch) / f"stdin.{input_format}"
        held.write_bytes(sys.stdin.buffer.read())
        try:
            yield held, Path.cwd().as_uri() + "/"
        except InputError as exc:
            raise InputError([dataclasses.replace(p, path=Path("-")) if p.path == held else p
                              for p in exc.problems]) from exc
