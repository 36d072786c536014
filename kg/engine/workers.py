"""Queries run in worker processes, so a query past the time limit is stopped for real.

Oxigraph's own server answers a timed-out query with an error but lets the evaluation go on
(measured in issue 6: a sorting query ran on for 11 minutes), and a thread cannot be stopped from
outside. A process can: the pool waits `timeout` seconds for a worker's answer, then kills the
worker (SIGKILL, so its CPU work ends at once) and starts a fresh one in its place. Workers are
started with `spawn`, never `fork`, because the server that owns the pool runs threads.

Each worker holds what kg.engine.serving chooses: a snapshot of the build file loaded into an
in-memory store, or the store on disk opened read-only (RocksDB allows that from many
processes at once), or the store first and memory once loaded (the pool's `later`).

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
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

import pyoxigraph as ox

from kg.engine.sandbox import SandboxError, forbid_network
from kg.engine.sparqltext import decode_escapes
from kg.errors import KgError
from kg.output.results import Answer, Choice, serialise

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
    data: Data


_LATE = object()  # a job still running when its lane's time was up


class WorkerPool:
    """Worker processes in one or two lanes; `run` is safe to call from many threads at once.

    With `quick` seconds, a job first runs in the quick lane; one that has not answered by then
    is stopped (its worker killed and replaced) and run again, from the start, in the slow lane,
    whose workers run at a lower CPU priority, for what is left of `timeout`. So heavy queries
    cannot starve cheap ones: they hold a quick worker for `quick` seconds at most, and while
    they run in the slow lane the kernel gives the quick lane the CPU first. Each lane has
    `size` workers. Without `quick` (0), there is one lane of `size` workers and no re-run.

    With `later`, the pool starts on `data` (the store on disk: ready at once) and then, one
    worker at a time in the background, moves to `later` (the build in memory, several times
    faster on big builds but seconds to load): each new worker takes jobs once loaded, and an
    old one of its lane leaves when it is next idle, so no query is cut short and the pool
    never has fewer workers than it started with. `on_moved(seconds)` is called once all have
    moved; a new worker that cannot load (its memory cap) ends the move, the old ones stay.
    """

    def __init__(self, data: Data, size: int, timeout: float, quick: float = 0.0,
                 later: Data | None = None,
                 on_moved: Callable[[float], None] = lambda _: None) -> None:
        self.data = data
        self.timeout = timeout
        self.quick = quick if 0 < quick < timeout else 0.0
        self._context = multiprocessing.get_context("spawn")
        lanes = ("quick", "slow") if self.quick else ("quick",)
        self._idle: dict[str, queue.Queue[_Worker]] = {lane: queue.Queue() for lane in lanes}
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._leaving = dict.fromkeys(lanes, 0)  # old workers still to leave, per lane
        for worker in [self._start(lane) for lane in lanes for _ in range(size)]:
            problem = self._admit(worker)
            if problem:
                self.close()
                raise KgError(f"the query workers could not start: {problem}")
        self.mover: threading.Thread | None = None  # the move to `later` (joined by tests)
        if later is not None:
            self.mover = threading.Thread(target=self._move, args=(later, on_moved),
                                          daemon=True, name="kg-serve-move")
            self.mover.start()

    def _start(self, lane: str, data: Data | None = None) -> _Worker:
        data = data or self.data
        mine, theirs = self._context.Pipe()
        nice = SLOW_NICE if lane == "slow" else 0
        process = self._context.Process(target=_work, args=(data, theirs, nice),
                                        name=f"kg-serve-{lane}", daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine, lane, data)
        with self._lock:
            self._all.add(worker)
        return worker

    def _move(self, later: Data, on_moved: Callable[[float], None]) -> None:
        """Replace every worker by one on `later`, one at a time (see the class docstring)."""
        began, worker_data = time.monotonic(), self.data
        for lane in self._idle:
            while not self._closed and self._old_staying(lane, later) > 0:
                worker = self._start(lane, later)
                if self._ready(worker) is not None:
                    self._retire(worker)
                    with self._lock:
                        self.data = worker_data  # cannot load it (its memory cap): stay
                    return
                with self._lock:
                    self.data = later  # a worker replaced from now on starts on it
                    self._leaving[lane] += 1
                self._idle[lane].put(worker)
                self._let_idle_old_ones_leave(lane)
        if not self._closed:
            on_moved(time.monotonic() - began)

    def _old_staying(self, lane: str, later: Data) -> int:
        """Old workers of the lane that no new one has yet been started for."""
        with self._lock:
            old = sum(1 for w in self._all if w.lane == lane and w.data is not later)
            return old - self._leaving[lane]

    def _leaves(self, worker: _Worker) -> bool:
        """Whether this worker, free again, is an old one whose place a new one took (if so,
        it is retired)."""
        with self._lock:
            if worker.data is self.data or self._leaving[worker.lane] == 0:
                return False
            self._leaving[worker.lane] -= 1
        self._retire(worker)
        return True

    def _let_idle_old_ones_leave(self, lane: str) -> None:
        idle = self._idle[lane]
        waiting = []
        while True:
            try:
                waiting.append(idle.get_nowait())
            except queue.Empty:
                break
        for worker in waiting:
            if not self._leaves(worker):
                idle.put(worker)

    def _admit(self, worker: _Worker) -> str | None:
        """Let the worker take jobs once it has loaded the data; else retire it and say why."""
        problem = self._ready(worker)
        if problem is None:
            self._idle[worker.lane].put(worker)
        else:
            self._retire(worker)
        return problem

    @staticmethod
    def _ready(worker: _Worker) -> str | None:
        """None once the worker has loaded its data, else why it has not."""
        try:
            return (worker.conn.recv() if worker.conn.poll(STARTUP_SECONDS)
                    else f"no answer within {STARTUP_SECONDS} s")
        except (EOFError, OSError):
            return "the worker process exited"

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
                if not self._leaves(worker):
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
