"""`kg push`: upload the build to a SPARQL 1.1 store, one named graph per source."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.remote.push import Target, check_target, credentials_from, graphs_of, push, where


def command(
    endpoint: Annotated[str | None, typer.Option(
        help="The store's SPARQL 1.1 Update endpoint (Oxigraph: http://host:7878/update).")]
    = None,
    graph_store: Annotated[str | None, typer.Option(
        help="Its Graph Store Protocol endpoint (Oxigraph: http://host:7878/store); when given, "
        "graphs are sent by HTTP PUT there.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the graphs and their triple "
                                          "counts; send nothing.")] = False,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds each request may take.")]
    = 60.0,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Replace the build's named graphs in a SPARQL 1.1 store (ontology, entities, one per
    source), each whole in one request, so pushing again is harmless.

    Credentials only from the environment: KG_PUSH_TOKEN (bearer), or KG_PUSH_USER and
    KG_PUSH_PASSWORD (HTTP Basic). Exits 3 with a sentence when the store is down or refuses.
    """
    with failing_cleanly(verbose):
        target = Target(endpoint, graph_store, timeout)
        if target.url or not dry_run:
            check_target(target)
        graphs = graphs_of(project_from(project))
        total = sum(graph.size for graph in graphs)
        if dry_run:
            for graph in graphs:
                typer.echo(f"{graph.size:>8}  <{graph.name}>")
            destination = f" to {where(target.url)}" if target.url else ""
            typer.echo(f"{len(graphs)} graphs, {total} triples would be sent{destination}")
            return
        push(graphs, target, credentials_from(), say)
    typer.echo(f"pushed {len(graphs)} graphs, {total} triples to {where(target.url)}")
