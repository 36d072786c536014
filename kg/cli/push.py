"""`kg push`: make a SPARQL 1.1 store's graphs the build's, one named graph per source."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.remote.push import (
    Listing,
    NamedGraph,
    Target,
    check_target,
    credentials_from,
    graphs_of,
    push,
    stale_graphs,
    where,
)


def command(
    endpoint: Annotated[str | None, typer.Option(
        help="The store's SPARQL 1.1 Update endpoint (Oxigraph: http://host:7878/update).")]
    = None,
    graph_store: Annotated[str | None, typer.Option(
        help="Its Graph Store Protocol endpoint (Oxigraph: http://host:7878/store); when given, "
        "graphs are sent by HTTP PUT there.")] = None,
    query_endpoint: Annotated[str | None, typer.Option(
        help="Its SPARQL query endpoint, asked for the graphs the build no longer has (default: "
        "…/query beside …/update, …/store or …/data, else --endpoint).")] = None,
    keep_stale: Annotated[bool, typer.Option("--keep-stale", help="Do not ask the store for "
                                             "its graphs, nor drop those the build no longer "
                                             "has.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the graphs that would be "
                                          "replaced, with their triple counts, and those that "
                                          "would be dropped; change nothing.")] = False,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds each request may take.")]
    = 60.0,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Make the store's graphs under qid:graph/ the build's: replace each (ontology, entities,
    one per source) whole in one request, so pushing again is harmless, then drop those of
    sources no longer in the build. Other graphs in the store are left alone.

    Credentials only from the environment: KG_PUSH_TOKEN (bearer), or KG_PUSH_USER and
    KG_PUSH_PASSWORD (HTTP Basic). Exits 3 with a sentence when the store is down, refuses, or
    cannot list its graphs (then nothing is changed).
    """
    with failing_cleanly(verbose):
        target = Target(endpoint, graph_store, timeout, query_endpoint)
        if target.url or not dry_run:
            check_target(target)
        proj = project_from(project)
        graphs, namespace = graphs_of(proj), str(proj.ids.graph(""))
        credentials = credentials_from()
        listing = None
        if target.url and not keep_stale:
            listing = stale_graphs(graphs, target, credentials, namespace)
            for note in listing.notes:
                say(f"note: {note}")
        if dry_run:
            _show_plan(graphs, listing, target)
            return
        push(graphs, target, credentials, say, listing.stale if listing else (), namespace)
    total = sum(graph.size for graph in graphs)
    dropped = f"; dropped {_count(listing.stale)} no longer in the build" \
        if listing and listing.stale else ""
    typer.echo(f"pushed {len(graphs)} graphs, {total} triples to {where(target.url)}{dropped}")


def _show_plan(graphs: list[NamedGraph], listing: Listing | None, target: Target) -> None:
    for graph in graphs:
        typer.echo(f"{graph.size:>8}  <{graph.name}>")
    for name in listing.stale if listing else ():
        typer.echo(f"{'drop':>8}  <{name}>")
    total = sum(graph.size for graph in graphs)
    destination = f" to {where(target.url)}" if target.url else ""
    dropped = f"; {_count(listing.stale)} no longer in the build would be dropped" \
        if listing else ""
    typer.echo(f"{len(graphs)} graphs, {total} triples would be sent{destination}{dropped}")
    if listing is None:
        say("graphs no longer in the build were not looked for: "
            + ("--keep-stale" if target.url else "give --endpoint or --graph-store"))


def _count(names: list[str]) -> str:
    return f"{len(names)} graph{'' if len(names) == 1 else 's'}"
