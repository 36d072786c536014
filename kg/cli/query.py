"""`kg query`: run a named query, a .rq file or a query text on the build."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from
from kg.errors import QueryError
from kg.queries import library, resolve, run
from kg.render_results import render
from kg.store import open_store


def command(
    name: Annotated[str | None, typer.Argument(help="A named query (see --list) or a .rq file.")]
    = None,
    text: Annotated[str | None, typer.Option("--query", "-q", help="A SPARQL query text.")]
    = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", help="Bind a variable: name=<iri>, name=\"text\", name=42.")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, json, xml, csv "
                                               "or tsv (RDF as Turtle for CONSTRUCT).")]
    = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries.")]
    = False,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Run SPARQL on the build; results follow the W3C SPARQL 1.1 results formats."""
    with failing_cleanly(verbose):
        proj = project_from(project)
        if list_queries:
            for query in library(proj.queries_dirs).values():
                typer.echo(f"{query.name:24} {query.title}")
            return
        if (name is None) == (text is None):
            raise QueryError("give a query name, a .rq file or --query TEXT (one of them)")
        query_text = text if text is not None else resolve(name, proj.queries_dirs)
        bindings = dict(_split(p) for p in param or [])
        results = run(open_store(proj), query_text, bindings)
        typer.echo(render(results, output_format), nl=False)


def _split(assignment: str) -> tuple[str, str]:
    name, sep, value = assignment.partition("=")
    if not sep or not name:
        raise QueryError(f"--param {assignment!r}: write name=value")
    return name.lstrip("?$"), value

