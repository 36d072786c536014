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
    workers: Annotated[int, typer.Option(min=0, help="Query worker processes per lane (0: one "
                                         "per CPU, at least 2).")] = 0,
    quick: Annotated[float, typer.Option(min=0, help="Seconds a query runs in the quick lane; "
                                         "one still running then starts again in the slow "
                                         "lane, at a lower CPU priority, so heavy queries "
                                         "cannot starve cheap ones (0: one lane).")] = 0.5,
    cache_mb: Annotated[int, typer.Option(min=0, help="Memory for answers to repeated queries "
                                          "(the build cannot change while served); 0: off.")]
    = 64,
    worker_memory: Annotated[int, typer.Option(min=0, help="Megabytes of memory each worker "
                                               "may use; a query past it is answered 503 and "
                                               "its worker replaced (0: a quarter of the "
                                               "machine's memory, shared among the workers).")]
    = 0,
    max_connections: Annotated[int, typer.Option(min=0, help="Open connections at most; past "
                                                 "it the longest idle one is closed (0: below "
                                                 "the open-file limit).")] = 0,
    head_timeout: Annotated[float, typer.Option(min=0.01, help="Seconds a connection has to "
                                                "send a request's head, and its body.")]
    = 10.0,
    sandbox: Annotated[bool, typer.Option(help="Run the query workers in a sandbox that "
                                          "cannot open network sockets (Linux seccomp). "
                                          "--no-sandbox is unsafe on a public host.")] = True,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Serve the build read-only over the SPARQL 1.1 Protocol, with a query page at / and the
    build's report at /report.html.

    The query page (YASGUI, shipped with kg: no network needed) offers every named query with
    a field per parameter, and runs the same text as `kg query NAME`. Refuses SPARQL Update and
    SERVICE, and its query workers cannot open a network socket; reads no local file, stops
    queries past --timeout for real (kills the worker process), caps each worker's memory and
    cuts results at --max-rows. On a build over 500,000 triples the workers start on the store
    on disk and move to memory in the background, saying when. Ctrl-C stops it.
    """
    options = ServeOptions(host, port, timeout, max_rows, workers, cache_mb, worker_memory,
                           sandbox, max_connections, head_timeout, quick)
    with failing_cleanly(verbose, working=None):  # it runs until stopped
        serve(project_from(project), options, lambda base: say(
            f"serving the build read-only: {base}/ (query page), {base}/sparql (SPARQL "
            f"endpoint); Ctrl-C stops"), say)
