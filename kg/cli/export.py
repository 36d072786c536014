"""`kg export`: the build as Linked Data, or the consensus view, or a VoID/DCAT description."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.engine.atomic import atomic_write_bytes, replacing
from kg.engine.store import open_store
from kg.errors import QueryError
from kg.export.dump import check_view, consensus_export, format_for, write_full
from kg.export.void import dataset_facts, describe


def command(
    output_format: Annotated[str | None, typer.Option(
        "--format", "-f", help="ttl, trig, nt, nq or jsonld (default: from -o's extension, "
        "else ttl). All are streamed a graph at a time; jsonld is written in Python and is "
        "several times slower than the others at scale.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (atomically) instead of stdout.",
        dir_okay=False)] = None,
    view: Annotated[str, typer.Option(
        "--view", help="full: the whole build; consensus: plain triples for the facts every "
        "claim agrees on, linked to their claims, and what was left out.")] = "full",
    describe_only: Annotated[bool, typer.Option(
        "--describe", help="Write the VoID + DCAT description of the dataset and its dumps "
        "(Turtle) instead of the data.")] = False,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", help="With --describe: where the dumps kg.<ext> are published (default: "
        "beside the description).")] = None,
    sparql_endpoint: Annotated[str | None, typer.Option(
        "--sparql-endpoint", help="With --describe: the SPARQL endpoint that serves the data.")]
    = None,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Export the build as Turtle, TriG (a graph per source), N-Triples, N-Quads or JSON-LD.

    The full view is streamed from the last build's chunks (build/chunks.json) in their order:
    ontology, entities, then each article with its claims, each sorted by line. It needs a
    build made by this version of kg: run kg build first if asked to.
    """
    with failing_cleanly(verbose):
        proj = project_from(project)
        fmt = format_for(output_format, output)
        check_view(view)
        if describe_only:
            if fmt != "ttl" or view != "full":
                raise QueryError("--describe writes Turtle about the full view: drop --format "
                                 "and --view (or use ttl and full)")
            data = describe(dataset_facts(proj, open_store(proj)), base_url, sparql_endpoint)
            summary = "VoID + DCAT description"
        elif view == "consensus":
            result = consensus_export(open_store(proj), fmt, proj.queries_dirs, proj.ids)
            data = result.data
            summary = f"{fmt}, consensus view, {result.triples} triples"
            if result.summary:
                say(result.summary)
        elif output is None:
            write_full(proj, fmt, typer.get_binary_stream("stdout"))
            return
        else:
            with replacing(output, "wb") as out:
                triples = write_full(proj, fmt, out)
            say(f"wrote {output}: {fmt}, full view, {triples} triples, "
                f"{output.stat().st_size} bytes")
            return
        if output is None:
            typer.echo(data, nl=False)
            return
        atomic_write_bytes(output, data)
    say(f"wrote {output}: {summary}, {len(data)} bytes")
