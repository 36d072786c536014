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

A worker is bounded before it reads a query: it cannot open a network socket (kg.engine.sandbox;
Oxigraph follows SERVICE to any address), and its memory (RLIMIT_DATA: heap and private
mappings) is capped, so one query cannot take the machine. A job's `gate`, the endpoint's own
refusals, runs in the worker too, under the same time limit, never on the server's event loop.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import shutil
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from kg.engine.pool import cores
from kg.engine.sandbox import SandboxError, forbid_network
from kg.engine.sparqltext import decode_escapes
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
    # why the query is refused: a sentence (HTTP 403), a Failure of its own status, or None
    gate: Callable[[str], str | Failure | None] | None = None


@dataclass(frozen=True)
class Failure:
    """A query that gave no answer: the HTTP status and a sentence for the client."""

    status: int
    message: str


def answer(store: ox.Store, job: Job) -> Answer | Failure:
    """Run one job on the store; every error becomes a Failure, so a worker never dies of one.
    The text is gated and run as `kg query` runs it: with escapes written out (decode_escapes)."""
    text = decode_escapes(job.text)
    refused = job.gate(text) if job.gate is not None else None
    if isinstance(refused, Failure):
        return refused
    if refused is not None:
        return Failure(403, refused)
    options: dict = {}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    try:
        results = store.query(text, **options)
        reply = serialise(results, job.choice, job.max_rows)
    except SyntaxError as exc:
        return Failure(400, f"query syntax error: {exc}")
    except ValueError as exc:
        return Failure(400, f"bad request: {exc}")
    except RuntimeError as exc:
        if "is not supported" in str(exc):  # "The custom function <…> is not supported"
            return Failure(400, f"query error: {exc}")
        return Failure(500, f"the query failed while running: {exc}")
    except MemoryError:
        return Failure(503, "the query needed more memory than a query may use on this "
                       "server (--worker-memory): narrow it or add LIMIT")
    except Exception as exc:  # noqa: BLE001 - an evaluation error must not end the worker
        return Failure(500, f"the query failed while running: {exc}")
    if reply is None:
        return Failure(406, "none of the media types in the Accept header fits this kind of "
                       "result")
    return reply


@dataclass(frozen=True)
class Data:
    """What workers query (an N-Triples file to load into memory, or a store to open) and how
    each is bounded: a memory cap in bytes (0: none) and the network sandbox."""

    path: str
    in_memory: bool
    memory: int = 0
    sandbox: bool = True


def open_data(data: Data) -> ox.Store:
    if not data.in_memory:
        return ox.Store.read_only(data.path)
    store = ox.Store()
    store.bulk_load(path=data.path, format=ox.RdfFormat.N_TRIPLES)
    return store


SLOW_NICE = 10  # the slow lane's niceness: the kernel gives quick-lane workers the CPU first


def _work(data: Data, conn: Connection, nice: int = 0) -> None:
    """A worker's life: load the data, say so, answer jobs until the server goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops us
    try:
        try:
            if data.sandbox:
                forbid_network()
        except SandboxError as exc:
            conn.send(f"cannot sandbox the query workers ({exc}); kg serve --no-sandbox runs "
                      "them unsandboxed, which is unsafe on a public host")
            return
        if nice:
            os.nice(nice)
        if data.memory:
            resource.setrlimit(resource.RLIMIT_DATA, (data.memory, data.memory))
        try:
            store = open_data(data)
        except MemoryError:
            conn.send(f"cannot load {data.path} within --worker-memory "
                      f"({data.memory >> 20} MB)")
            return
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
    lane: str


_LATE = object()  # a job still running when its lane's time was up


class WorkerPool:
    """Worker processes in one or two lanes; `run` is safe to call from many threads at once.

    With `quick` seconds, a job first runs in the quick lane; one that has not answered by then
    is stopped (its worker killed and replaced) and run again, from the start, in the slow lane,
    whose workers run at a lower CPU priority, for what is left of `timeout`. So heavy queries
    cannot starve cheap ones: they hold a quick worker for `quick` seconds at most, and while
    they run in the slow lane the kernel gives the quick lane the CPU first. Each lane has
    `size` workers. Without `quick` (0), there is one lane of `size` workers and no re-run.
    """

    def __init__(self, data: Data, size: int, timeout: float, quick: float = 0.0) -> None:
        self.data = data
        self.timeout = timeout
        self.quick = quick if 0 < quick < timeout else 0.0
        self._context = multiprocessing.get_context("spawn")
        lanes = ("quick", "slow") if self.quick else ("quick",)
        self._idle: dict[str, queue.Queue[_Worker]] = {lane: queue.Queue() for lane in lanes}
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for worker in [self._start(lane) for lane in lanes for _ in range(size)]:
            problem = self._admit(worker)
            if problem:
                self.close()
                raise KgError(f"the query workers could not start: {problem}")

    def _start(self, lane: str) -> _Worker:
        mine, theirs = self._context.Pipe()
        nice = SLOW_NICE if lane == "slow" else 0
        process = self._context.Process(target=_work, args=(self.data, theirs, nice),
                                        name=f"kg-serve-{lane}", daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine, lane)
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
            self._idle[worker.lane].put(worker)
        else:
            self._retire(worker)
        return problem

    def _replace(self, lane: str) -> None:
        """Start a worker in a retired one's place, without making the caller wait for it."""
        if not self._closed:
            threading.Thread(target=self._admit, args=(self._start(lane),), daemon=True).start()

    def processes(self) -> list[BaseProcess]:
        """The live workers' processes (for tests and for the load script's report)."""
        with self._lock:
            return [w.process for w in self._all]

    def run(self, job: Job) -> Answer | Failure:
        """The job's answer, or a Failure: 503 when it ran past the timeout or none was free."""
        reply = self._run_in("quick", job, self.quick or self.timeout)
        if reply is _LATE and self.quick:
            reply = self._run_in("slow", job, self.timeout - self.quick)
        if reply is _LATE:
            return Failure(503, f"query stopped after {self.timeout:g} s, the server's time "
                           "limit (--timeout): narrow it or add LIMIT")
        return reply  # type: ignore[return-value]

    def _run_in(self, lane: str, job: Job, seconds: float) -> Answer | Failure | object:
        """The job on a worker of `lane` for `seconds` at most: its reply, or _LATE."""
        wait = max(2 * self.timeout, 10.0)  # in line behind other queries, or a restarting worker
        try:
            worker = self._idle[lane].get(timeout=wait)
        except queue.Empty:
            return Failure(503, f"the server is busy: no worker was free within {wait:g} s; try "
                           "again later")
        try:
            worker.conn.send(job)
            if worker.conn.poll(seconds):
                reply = worker.conn.recv()
                self._idle[lane].put(worker)
                return reply
            outcome: Answer | Failure | object = _LATE
        except (EOFError, OSError):
            # Oxigraph aborts the whole process on some queries (pyoxigraph 0.5.13: ORDER BY
            # over 30 integers and 30 strings), and when an allocation passes the memory cap;
            # only this worker is lost.
            outcome = Failure(400, "the query engine could not run this query (an engine "
                              "fault, or more memory than a query may use on this server); "
                              "its worker process was replaced and other queries are "
                              "unaffected")
        self._retire(worker)
        self._replace(lane)
        return outcome

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


def default_worker_memory(workers: int) -> int:
    """Bytes a worker may use when none are asked for: a quarter of the machine's memory
    shared among the workers, so that all of them at their cap leave three quarters free."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return total // (4 * max(1, workers))


def default_workers() -> int:
    """Query workers when none are asked for: one per core, and at least two, so that one slow
    query does not hold every client."""
    return max(2, cores())


def snapshot_for(project: Project, triples: int, memory: int = 0,
                 sandbox: bool = True) -> tuple[Data, Path | None]:
    """The data workers load: a private hard link to the build file, or the store for big ones;
    `memory` and `sandbox` bound each worker (Data)."""
    if triples > SERVE_IN_MEMORY_TRIPLES:
        return Data(str(project.store_dir / "db"), False, memory, sandbox), None
    for stale in project.build_dir.glob(".serving-*.nt"):  # left by a server that was killed
        if not _running(stale.stem.removeprefix(".serving-")):
            stale.unlink(missing_ok=True)
    snapshot = project.build_dir / f".serving-{os.getpid()}.nt"
    try:
        os.link(project.build_file, snapshot)
    except OSError:
        shutil.copyfile(project.build_file, snapshot)
    return Data(str(snapshot), True, memory, sandbox), snapshot


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
