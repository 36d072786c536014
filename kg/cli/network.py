"""`kg network`: the build as a network of sources and speakers, or of actors and trials."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.engine.atomic import atomic_write_bytes
from kg.engine.runner import FastEngine
from kg.network.files import network_bytes, network_format
from kg.network.graphs import build_network, check_view, describe_network


def command(
    view: Annotated[str, typer.Option(
        "--view", help="sources: articles and speakers, who states claims where and who "
        "disagrees with whom; actors: people, organisations, trials, courts, events, places "
        "and charges, linked by entity-valued claims, part-of and located-in.")] = "sources",
    output_format: Annotated[str | None, typer.Option(
        "--format", "-f", help="graphml, json (networkx node-link) or gexf (default: from "
        "-o's extension, else graphml).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (atomically) instead of stdout.",
        dir_okay=False)] = None,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Write the build as a network for Gephi, Cytoscape or networkx.

    The disagreements are the conflicts kg conflicts finds; every node and edge attribute is
    a string or a number. The counts go to standard error.
    """
    with failing_cleanly(verbose):
        check_view(view)
        fmt = network_format(output_format, output)
        proj = project_from(project)
        graph = build_network(FastEngine(proj), proj.queries_dirs, view, proj.settings.base_iri)
        built = dt.date.fromtimestamp(proj.build_file.stat().st_mtime).isoformat()
        data = network_bytes(graph, fmt, modified=built)
        if output is None:
            typer.get_binary_stream("stdout").write(data)
        else:
            atomic_write_bytes(output, data)
    where = f"wrote {output}: " if output is not None else ""
    say(f"{where}{view} view, {describe_network(graph)}; {fmt}, {len(data)} bytes")
