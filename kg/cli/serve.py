"""`kg serve`: a read-only SPARQL endpoint over the build, safe to open to others."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.serve.server import ServeOptions, serve


def command(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the "
                                      "network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free port).")]
    = 7879,
    timeout: Annotated[float, typer.Option(min=0.01, help="Seconds a query may run before its "
                                           "worker process is killed.")] = 10.0,
    max_rows: Annotated[int, typer.Option(min=1, help="Rows (or triples) returned at most; a "
                                          "cut answer has the header Qantar-Truncated.")]
    = 10_000,
    workers: Annotated[int, typer.Option(min=0, help="Query worker processes (0: one per CPU, "
                                         "at least 2).")] = 0,
    cache_mb: Annotated[int, typer.Option(min=0, help="Memory for answers to repeated queries "
                                          "(the build cannot change while served); 0: off.")]
    = 64,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Serve the build read-only over the SPARQL 1.1 Protocol, with a query page at /.

    Refuses SPARQL Update and SERVICE, reads no local file, stops queries past --timeout for
    real (kills the worker process) and cuts results at --max-rows. Ctrl-C stops it.
    """
    options = ServeOptions(host, port, timeout, max_rows, workers, cache_mb)
    with failing_cleanly(verbose):
        serve(project_from(project), options, lambda base: say(
            f"serving the build read-only: {base}/ (query page), {base}/sparql (SPARQL "
            f"endpoint); Ctrl-C stops"))
