"""Queries run in worker processes, so a query past the time limit is stopped for real.

Oxigraph's own server answers a timed-out query with an error but lets the evaluation go on
(measured in issue 6: a sorting query ran on for 11 minutes), and a thread cannot be stopped from
outside. A process can: the pool waits `timeout` seconds for a worker's answer, then kills the
worker (SIGKILL, so its CPU work ends at once) and starts a fresh one in its place. Workers are
started with `spawn`, never `fork`, because the server that owns the pool runs threads.

Each worker loads a snapshot of the build file into an in-memory store (the named queries ran
2.5 to 4 times faster there than on the RocksDB store, measured on the bundled corpus); a build
too big to hold once per worker is opened read-only from disk instead, which RocksDB allows from
many processes at once. The snapshot is a hard link taken at start-up, so a `kg build` while the
server runs cannot give a restarted worker different data from the others.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from kg.engine.pool import cores
from kg.engine.tuning import SERVE_IN_MEMORY_TRIPLES
from kg.errors import KgError
from kg.output.results import Answer, Choice, serialise
from kg.project import Project

STARTUP_SECONDS = 120.0  # loading the data; a big build parses at ~350k triples/s


@dataclass(frozen=True)
class Job:
    """One query to run: its text, the dataset the protocol asked for, and how to answer."""

    text: str
    choice: Choice
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failure:
    """A query that gave no answer: the HTTP status and a sentence for the client."""

    status: int
    message: str


def answer(store: ox.Store, job: Job) -> Answer | Failure:
    """Run one job on the store; every error becomes a Failure, so a worker never dies of one."""
    options: dict = {}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    try:
        results = store.query(job.text, **options)
        reply = serialise(results, job.choice, job.max_rows)
    except SyntaxError as exc:
        return Failure(400, f"query syntax error: {exc}")
    except ValueError as exc:
        return Failure(400, f"bad request: {exc}")
    except Exception as exc:  # noqa: BLE001 - an evaluation error must not end the worker
        return Failure(500, f"the query failed while running: {exc}")
    if reply is None:
        return Failure(406, "none of the media types in the Accept header fits this kind of "
                       "result")
    return reply


@dataclass(frozen=True)
class Data:
    """What workers query: an N-Triples file to load into memory, or a store to open."""

    path: str
    in_memory: bool


def open_data(data: Data) -> ox.Store:
    if not data.in_memory:
        return ox.Store.read_only(data.path)
    store = ox.Store()
    store.bulk_load(path=data.path, format=ox.RdfFormat.N_TRIPLES)
    return store


def _work(data: Data, conn: Connection) -> None:
    """A worker's life: load the data, say so, answer jobs until the server goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops us
    try:
        try:
            store = open_data(data)
        except (OSError, SyntaxError, ValueError) as exc:
            conn.send(f"cannot load {data.path}: {exc}")
            return
        conn.send(None)  # ready
        while True:
            conn.send(answer(store, conn.recv()))
    except (EOFError, OSError):
        return  # the server closed the pipe: it is stopping


@dataclass(eq=False)
class _Worker:
    """Compared by identity: the pool keeps its workers in a set."""

    process: BaseProcess
    conn: Connection


class WorkerPool:
    """A fixed number of worker processes; `run` is safe to call from many threads at once."""

    def __init__(self, data: Data, size: int, timeout: float) -> None:
        self.data = data
        self.timeout = timeout
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for worker in [self._start() for _ in range(size)]:
            problem = self._admit(worker)
            if problem:
                self.close()
                raise KgError(f"the query workers could not start: {problem}")

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(target=_work, args=(self.data, theirs),
                                        name="kg-serve-worker", daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        with self._lock:
            self._all.add(worker)
        return worker

    def _admit(self, worker: _Worker) -> str | None:
        """Let the worker take jobs once it has loaded the data; else retire it and say why."""
        try:
            problem = (worker.conn.recv() if worker.conn.poll(STARTUP_SECONDS)
                       else f"no answer within {STARTUP_SECONDS} s")
        except (EOFError, OSError):
            problem = "the worker process exited"
        if problem is None:
            self._idle.put(worker)
        else:
            self._retire(worker)
        return problem

    def _replace(self) -> None:
        """Start a worker in a retired one's place, without making the caller wait for it."""
        if not self._closed:
            threading.Thread(target=self._admit, args=(self._start(),), daemon=True).start()

    def processes(self) -> list[BaseProcess]:
        """The live workers' processes (for tests and for the load script's report)."""
        with self._lock:
            return [w.process for w in self._all]

    def run(self, job: Job) -> Answer | Failure:
        """The job's answer, or a Failure: 503 when it ran past the timeout or none was free."""
        wait = max(2 * self.timeout, 10.0)  # in line behind other queries, or a restarting worker
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            return Failure(503, f"the server is busy: no worker was free within {wait:g} s; try "
                           "again later")
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
            failure = Failure(503, f"query stopped after {self.timeout:g} s, the server's "
                              "time limit (--timeout): narrow it or add LIMIT")
        except (EOFError, OSError):
            # Oxigraph aborts the whole process on some queries (pyoxigraph 0.5.13: ORDER BY
            # over 30 integers and 30 strings); only this worker is lost.
            failure = Failure(500, "the query engine crashed on this query; its worker process "
                              "was replaced and other queries are unaffected")
        self._retire(worker)
        self._replace()
        return failure

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker once: close() and a replacement's start-up thread may both try."""
        with self._lock:
            if worker not in self._all:
                return
            self._all.discard(worker)
        worker.process.kill()
        worker.process.join()
        worker.conn.close()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retire(worker)


def default_workers() -> int:
    """Query workers when none are asked for: one per core, and at least two, so that one slow
    query does not hold every client."""
    return max(2, cores())


def snapshot_for(project: Project, triples: int) -> tuple[Data, Path | None]:
    """The data workers load: a private hard link to the build file, or the store for big ones."""
    if triples > SERVE_IN_MEMORY_TRIPLES:
        return Data(str(project.store_dir / "db"), in_memory=False), None
    for stale in project.build_dir.glob(".serving-*.nt"):  # left by a server that was killed
        if not _running(stale.stem.removeprefix(".serving-")):
            stale.unlink(missing_ok=True)
    snapshot = project.build_dir / f".serving-{os.getpid()}.nt"
    try:
        os.link(project.build_file, snapshot)
    except OSError:
        shutil.copyfile(project.build_file, snapshot)
    return Data(str(snapshot), in_memory=True), snapshot


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
