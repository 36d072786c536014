"""The engine's one door: stage code says what it asks, the engine decides where it runs.

Stage code (validation, conflicts, `kg query --in-memory`) hands over *jobs*: the SPARQL texts a
job runs and the function that runs them on a store and returns plain data. It never sees a
fork, a budget or a batch. Two engines answer the same jobs with the same outcomes:

- `PlainEngine(store)`: the reference. Every job in turn on the store it is given: a
  partner's file, a test's corpus, a remote copy. Nothing to go wrong but the queries.
- `FastEngine(project)`: the build's engine. A job runs on an in-memory store of the build's
  triples its queries can match (kg.engine.subset: an order of magnitude faster than the
  on-disk store), the jobs that fit share one, and the stores are spread over every core
  (kg.engine.pool); a job whose queries could match any triple runs on a read-only handle of
  the build's store. Lookups of many values are cut into VALUES-sized batches.

tests/test_engine.py holds the two equal on the bundled corpus and a synthetic one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

import pyoxigraph as ox
from rdflib import URIRef

from kg.engine.chunks import CHUNKS, Chunk, read_chunks
from kg.engine.pool import forked_map, value_batches, workers_for
from kg.engine.store import open_store, reopen_store
from kg.engine.subset import (
    chunk_batches,
    line_filter,
    named_iris,
    selected_store,
    shared_stores,
    triple_counts,
    within_budget,
)
from kg.project import Project

Outcome = TypeVar("Outcome")
Value = TypeVar("Value")


@dataclass(frozen=True)
class Job(Generic[Outcome]):
    """SPARQL texts and the function that runs them: `run(store)` may run only `queries`, and
    whatever else it reads by hand must be named in `reads` (predicate IRIs)."""

    queries: Sequence[str]
    run: Callable[[ox.Store], Outcome]
    this: Sequence[URIRef] = ()  # the nodes `$this` is pre-bound to, one run each
    reads: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ChunkJob(Generic[Outcome]):
    """Queries that read nothing outside their focus node's chunk, on these chunks:
    `run(store, owner)` gets a store holding the chunks' triples (at least those `queries`
    can match, plus every triple of the build whose predicate is in `everywhere`) and `owner`,
    each chunk subject's N-Triples term -> its chunk's graph name. The outcome is one run's per
    part of the chunks, in order."""

    chunks: Sequence[Chunk]
    queries: Sequence[str]
    run: Callable[[ox.Store, dict[str, str]], Outcome]
    everywhere: frozenset[str] = field(default_factory=frozenset)


class Engine(Protocol):
    def run(self, jobs: Sequence[Job | ChunkJob],
            progress: Callable[[str], None] | None = None) -> list[Any]:
        """Each job's outcome, in order (a ChunkJob's: a list of its parts' outcomes)."""

    def lookup(self, run: Callable[[ox.Store, Sequence[Value]], list[Outcome]],
               values: Sequence[Value]) -> list[Outcome]:
        """`run(store, values)`'s items for all `values` (run reads them as a VALUES block)."""


class PlainEngine:
    """Every job in turn on one store: the reference the fast engine is held to."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def run(self, jobs: Sequence[Job | ChunkJob],
            progress: Callable[[str], None] | None = None) -> list[Any]:
        outcomes: list[Any] = []
        for done, job in enumerate(jobs, 1):
            if isinstance(job, ChunkJob):
                outcomes.append([job.run(self.store, _owners(job.chunks))] if job.chunks else [])
            else:
                outcomes.append(job.run(self.store))
            if progress:
                progress(f"ran {done} of {len(jobs)} jobs")
        return outcomes

    def lookup(self, run: Callable[[ox.Store, Sequence[Value]], list[Outcome]],
               values: Sequence[Value]) -> list[Outcome]:
        return run(self.store, values)


class FastEngine:
    """The build's engine: jobs on in-memory stores of the triples they read, on every core."""

    def __init__(self, project: Project, store: ox.Store | None = None) -> None:
        self.project = project
        self._store = store

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            self._store = open_store(self.project)
        return self._store

    def run(self, jobs: Sequence[Job | ChunkJob],
            progress: Callable[[str], None] | None = None) -> list[Any]:
        """The jobs grouped onto as few in-memory stores as keep each within the budget; when
        they all share one store and no chunks are asked for, it is loaded once here and the
        workers inherit it (a job each); else each store is loaded by the worker that uses it.
        """
        named: dict[int, set[str]] = {}
        anywhere: list[int] = []
        chunk_jobs: list[int] = []
        for i, job in enumerate(jobs):
            if isinstance(job, ChunkJob):
                chunk_jobs.append(i)
                continue
            iris = named_iris(job.queries, job.this)
            if iris is None:
                anywhere.append(i)
            else:
                named[i] = iris | job.reads
        groups = self._groups(named)
        outcomes: dict[int, Any] = {}
        if len(groups) == 1 and not chunk_jobs:
            members, iris = groups[0]
            shared = selected_store(self.project, iris)
            found = forked_map(partial(_on, shared, jobs), members,
                               workers_for("shared-store", len(shared)))
            outcomes.update(zip(members, found, strict=True))
            groups = []
        tasks: list[_Task] = [*(_Task(members, iris) for members, iris in groups),
                              *(_Task([i], None) for i in anywhere)]
        for i in chunk_jobs:
            job = jobs[i]
            assert isinstance(job, ChunkJob)
            outcomes[i] = []
            tasks += [_Task([i], None, part) for part in chunk_batches(job.chunks)]
        work = partial(_task, _Handles(self.project), jobs, _everywhere_lines(self.store, jobs))
        for done, (task, found) in enumerate(zip(tasks, forked_map(work, tasks), strict=True), 1):
            if task.chunks is not None:
                outcomes[task.members[0]].append(found[0])
            else:
                outcomes.update(zip(task.members, found, strict=True))
            if progress:
                progress(f"{done} of {len(tasks)} stores done")
        return [outcomes[i] for i in range(len(jobs))]

    def _groups(self, named: dict[int, set[str]]) -> list[tuple[list[int], set[str]]]:
        """The jobs by the store they share: one for all when the whole build is within the
        budget (its chunk list says how many triples it has, for free), else as few as the
        triples each IRI selects allow (counted on the store: a query per IRI)."""
        if not named:
            return []
        chunks = read_chunks(self.project.build_dir / CHUNKS, self.project.build_dir)
        if chunks is not None and within_budget(sum(c.triples for c in chunks)):
            return [(sorted(named), set().union(*named.values()))]
        return shared_stores(named, triple_counts(self.store, set().union(*named.values())))

    def lookup(self, run: Callable[[ox.Store, Sequence[Value]], list[Outcome]],
               values: Sequence[Value]) -> list[Outcome]:
        """In VALUES batches (past a size Oxigraph stops driving a query from its VALUES
        block), on every core, each worker on its own handle of the build's store."""
        batches = value_batches(values)
        handles = _Handles(self.project)
        found = forked_map(lambda batch: run(handles.store(), batch), batches)
        return [item for items in found for item in items]


@dataclass(frozen=True)
class _Task:
    """One worker's store: the jobs on it, and the IRIs it holds (None: the build's store) or
    the chunks it holds."""

    members: list[int]
    iris: set[str] | None
    chunks: list[Chunk] | None = None


def _on(store: ox.Store, jobs: Sequence[Job], i: int) -> Any:
    return jobs[i].run(store)


def _task(handles: _Handles, jobs: Sequence[Job | ChunkJob], everywhere: dict[int, str],
          task: _Task) -> list[Any]:
    if task.chunks is not None:
        job = jobs[task.members[0]]
        assert isinstance(job, ChunkJob)
        return [_chunk_part(job, task.chunks, everywhere.get(task.members[0], ""))]
    store = handles.store() if task.iris is None else selected_store(handles.project, task.iris)
    return [jobs[i].run(store) for i in task.members]  # type: ignore[union-attr]


def _chunk_part(job: ChunkJob, chunks: list[Chunk], shared: str) -> Any:
    """The job on a store of these chunks' lines its queries can match, and `shared`."""
    named = named_iris(job.queries)
    keep = None if named is None else line_filter(named | job.everywhere)
    owner: dict[str, str] = {}
    text = [shared]
    for chunk in chunks:
        with chunk.path.open(encoding="utf-8") as lines:
            for line in lines:
                owner[line.split(" ", 1)[0]] = chunk.graph
                if keep is None or keep(line):
                    text.append(line)
    part = ox.Store()
    part.load("".join(text).encode(), format=ox.RdfFormat.N_TRIPLES)
    return job.run(part, owner)


def _everywhere_lines(store: ox.Store, jobs: Sequence[Job | ChunkJob]) -> dict[int, str]:
    """For each chunk job, the build's triples of its `everywhere` predicates, as N-Triples."""
    found = {}
    for i, job in enumerate(jobs):
        if isinstance(job, ChunkJob) and job.chunks:
            found[i] = "".join(f"{q.subject} {q.predicate} {q.object} .\n"
                               for iri in sorted(job.everywhere)
                               for q in store.quads_for_pattern(None, ox.NamedNode(iri), None))
    return found


def _owners(chunks: Sequence[Chunk]) -> dict[str, str]:
    owner: dict[str, str] = {}
    for chunk in chunks:
        with chunk.path.open(encoding="utf-8") as lines:
            for line in lines:
                owner[line.split(" ", 1)[0]] = chunk.graph
    return owner


class _Handles:
    """Read-only handles of the build's store, one per process that asks, for one run: RocksDB's
    state does not survive a fork, so a worker never uses its parent's handle."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._opened: dict[int, ox.Store] = {}

    def store(self) -> ox.Store:
        pid = os.getpid()
        if pid not in self._opened:
            self._opened = {pid: reopen_store(self.project)}
        return self._opened[pid]
