"""`serve()`: the build's store behind the endpoint, run by uvicorn (the only module that
imports it).

uvicorn is a well-kept ASGI server whose HTTP parsing is h11's; Python's own `http.server` says
of itself that it is not for production. The socket is bound here, before uvicorn starts, so a
port in use is an error the CLI can report (uvicorn would exit the process) and port 0 works.
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import pyoxigraph as ox
import uvicorn

from kg.engine.chunks import current_chunks
from kg.engine.serving import default_worker_memory, default_workers, snapshot_for
from kg.engine.store import open_store
from kg.engine.workers import WorkerPool
from kg.errors import KgError
from kg.export.files import dump_file
from kg.export.void import MEDIA_TYPES, dataset_facts, describe
from kg.project import Project
from kg.serve.app import Description, Endpoint
from kg.serve.connections import QuietAccept, default_max_connections, protocol
from kg.serve.named import NamedQueries
from kg.serve.page import render_page
from kg.serve.report import report_page
from kg.serve.service import service_description
from kg.serve.static import load


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7879
    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 0  # 0: one per CPU, at least two (one slow query must not block the rest)
    cache_mb: int = 64  # answers kept in memory; 0 turns the cache off
    worker_memory_mb: int = 0  # 0: a quarter of the machine's memory shared among the workers
    sandbox: bool = True  # workers that cannot open network sockets (kg.engine.sandbox)
    max_connections: int = 0  # 0: below the process's open-file limit
    head_timeout: float = 10.0  # seconds for a request's head (and body) to arrive
    quick: float = 0.5  # seconds in the quick lane before a query moves to the slow one


def serve(project: Project, options: ServeOptions,
          ready: Callable[[str], None] = lambda _: None,
          note: Callable[[str], None] = lambda _: None) -> None:
    """Serve until interrupted; `ready(base_url)` is called once the socket listens, `note`
    with a sentence when the workers of a big build have moved to memory."""
    if (options.timeout <= 0 or options.max_rows < 1 or options.workers < 0
            or options.cache_mb < 0 or options.worker_memory_mb < 0
            or options.max_connections < 0 or options.head_timeout <= 0
            or options.quick < 0):
        raise KgError("--timeout and --head-timeout must be > 0, --max-rows >= 1, --workers, "
                      "--cache-mb, --worker-memory, --max-connections and --quick >= 0")
    store = open_store(project)  # rebuilds the store first if the build file is newer
    workers = options.workers or default_workers()
    memory = options.worker_memory_mb << 20 or default_worker_memory(workers)
    triples = sum(chunk.triples for chunk in current_chunks(project))  # no pass over the store
    data, later, snapshot = snapshot_for(project, triples, memory, options.sandbox)

    def moved(seconds: float) -> None:
        note(f"the query workers now hold the build in memory ({seconds:.0f} s to load; "
             "until then they read the store on disk, more slowly)")

    pool_of = partial(WorkerPool, data, workers, options.timeout, options.quick, later, moved)
    try:
        with _stopped_by_signals():
            _serve(project, options, ready, pool_of, store)
    finally:
        if snapshot is not None:
            snapshot.unlink(missing_ok=True)


def _serve(project: Project, options: ServeOptions, ready: Callable[[str], None],
           pool_of: Callable[[], WorkerPool], store: ox.Store) -> None:
    sock = _listen(options.host, options.port)
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):  # every interface: name the machine in links, not "0.0.0.0"
        host = socket.getfqdn()
    base = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    description = _description(project, store, base, options)
    pool = pool_of()
    endpoint = Endpoint(pool, description, options.cache_mb << 20,
                        body_timeout=options.head_timeout)
    limited = protocol(options.max_connections or default_max_connections(),
                       options.head_timeout)
    config = uvicorn.Config(endpoint, lifespan="off", log_level="warning", access_log=False,
                            server_header=False, timeout_graceful_shutdown=2, http=limited)
    quiet = QuietAccept()
    logging.getLogger("asyncio").addFilter(quiet)
    try:
        ready(base)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        logging.getLogger("asyncio").removeFilter(quiet)
        pool.close()
        endpoint.close()
        sock.close()


class _Stop(Exception):
    """SIGTERM, turned into an exception so that clean-up code runs."""


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Return normally on Ctrl-C or SIGTERM. uvicorn shuts down gracefully on either, then
    raises the signal again once it has restored the previous handler: with Python's default
    for SIGTERM the process would end there, skipping every `finally` (workers, snapshot)."""
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: object) -> None:
        raise _Stop

    if in_main:
        signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except (_Stop, KeyboardInterrupt):
        pass
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)


def _description(project: Project, store: ox.Store, base: str,
                 options: ServeOptions) -> Description:
    endpoint = f"{base}/sparql"
    triples = sum(chunk.triples for chunk in current_chunks(project))
    named, files = NamedQueries.of(project), load()

    def void() -> bytes:
        return describe(dataset_facts(project, store), base_url=base + "/",
                        sparql_endpoint=endpoint)

    return Description(endpoint, options.max_rows,
                       render_page(endpoint, triples, options.timeout, options.max_rows, named,
                                   files),
                       service_description(endpoint, triples), void,
                       partial(dump_file, project), MEDIA_TYPES, named, files,
                       partial(report_page, project, store))


def _listen(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port,
                                                              type=socket.SOCK_STREAM)[0]
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock
