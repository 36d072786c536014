"""`kg query`: run a named query, a .rq file or a query text on the build or an endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.engine.runner import FastEngine, Job, PlainEngine
from kg.engine.store import open_store
from kg.query.apart import can_sort, is_shipped, run_apart
from kg.query.library import check, library, prepare, run
from kg.query.params import defaults_of
from kg.query.render import render
from kg.remote.query import run_remote


def command(
    name: Annotated[str | None, typer.Argument(help="A named query (see --list) or a .rq file.")]
    = None,
    text: Annotated[str | None, typer.Option("--query", "-q", help="A SPARQL query text.")]
    = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", help="Bind a variable as an RDF term: name=<iri>, name=qid:event/x, "
        "name=\"text\", name=42. Named queries read it by the type their header declares.")]
    = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="SELECT/ASK: table, json, xml, csv or tsv (W3C SPARQL 1.1 "
        "results). CONSTRUCT/DESCRIBE: ttl (default), nt or jsonld.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries.")]
    = False,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="Run on this remote SPARQL 1.1 endpoint instead of the build.")]
    = None,
    base: Annotated[str | None, typer.Option(
        "--base", help="Resolve relative IRIs in the query against this IRI (default: a .rq "
        "file's own URI; none for --query).")] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", help="Seconds the whole remote request may take.", min=0.1)] = 30.0,
    in_memory: Annotated[bool, typer.Option(
        "--in-memory", help="Load the build's triples the query names into memory first: a "
        "pass over build/kg.nt to start, then several times faster for a query that reads "
        "much of a large build (e.g. every claim). A query that could read any triple (a "
        "variable predicate) runs on the build's store.")] = False,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Run SPARQL on the build (or --endpoint); results follow the W3C SPARQL 1.1 formats."""
    with failing_cleanly(verbose):
        proj = project_from(project)
        if list_queries:
            queries = library(proj.queries_dirs).values()
            width = max((len(q.name) for q in queries), default=0)
            for query in queries:
                names = ", ".join(p.name for p in query.params)
                typer.echo(f"{query.name:{width}}  {query.title}"
                           + (f"  [{names}]" if names else ""))
            return
        prepared = prepare(name, text, param or [], proj.queries_dirs, defaults_of(proj))
        if endpoint:
            answer = run_remote(endpoint, prepared.text, prepared.bindings, timeout,
                                prepared.origin)
            for note in answer.notes:
                say(f"note: {note}")
            typer.echo(render(answer.results, output_format, proj.ids), nl=False)
            return
        if base is None and prepared.origin.endswith(".rq"):
            base = Path(prepared.origin).resolve().as_uri()
        check(prepared.text, prepared.origin, base)  # what the grammar refuses, Oxigraph too
        if not is_shipped(prepared) and can_sort(prepared.text):
            # an ORDER BY can abort the engine's process (kg.query.apart): run it in another
            typer.echo(run_apart(proj, prepared, base, output_format, in_memory), nl=False)
            return
        engine = FastEngine(proj) if in_memory else PlainEngine(open_store(proj))
        [output] = engine.run([Job((prepared.text,), lambda store: render(
            run(store, prepared.text, prepared.bindings, prepared.origin, base),
            output_format, proj.ids))])
        typer.echo(output, nl=False)
