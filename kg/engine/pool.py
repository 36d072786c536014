"""Work spread over processes forked from this one, one per core.

Forked rather than spawned: a worker inherits what the parent loaded (the build's context, the
shapes, a loaded in-memory store) without pickling it, and so does the function it runs, which
may be a closure over that state; only each item and its outcome cross the pipe.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from kg.engine.tuning import PARALLEL_FROM, PARALLEL_UP_TO, VALUES_BATCH

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

_FUNCTION: Callable[[Any], Any] | None = None  # set before the workers fork: inherited


def cores() -> int:
    return len(os.sched_getaffinity(0))


def workers_for(work: str, size: int, requested: int | None = None) -> int:
    """How many workers `work` ("compile", "export", "shared-store") of `size` is worth:
    `requested` if given, else one per core within the sizes of kg.engine.tuning, else one."""
    if requested is not None:
        return requested
    worth = PARALLEL_FROM.get(work, 0) <= size <= PARALLEL_UP_TO.get(work, size)
    return cores() if worth else 1


def value_batches(rows: Sequence[Item]) -> list[Sequence[Item]]:
    """`rows` cut into the batches of one VALUES block each (kg.engine.tuning.VALUES_BATCH)."""
    return [rows[start:start + VALUES_BATCH] for start in range(0, len(rows), VALUES_BATCH)]


def ordered_map(function: Callable[[Item], Outcome], items: Sequence[Item],
                workers: int) -> Iterator[Outcome]:
    """`map(function, items)` in forked workers, keeping at most two items per worker ahead of
    the consumer, so memory stays bounded however slowly the outcomes are used."""
    if workers <= 1 or len(items) < 2:
        yield from map(function, items)
        return
    with _forked(function, workers) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(_call, item))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def forked_map(function: Callable[[Item], Outcome], items: Sequence[Item],
               workers: int | None = None, chunksize: int = 1) -> Iterator[Outcome]:
    """`function` over `items`, outcomes in order; in this process when one worker would do."""
    count = min(workers or cores(), len(items))
    if count < 2:
        yield from map(function, items)
        return
    # a fork context starts every worker at the first submit, which map does for all items
    with _forked(function, count) as pool:
        yield from pool.map(_call, items, chunksize=chunksize)


@contextmanager
def _forked(function: Callable[[Any], Any], workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked workers that inherit `function` (set before they fork)."""
    global _FUNCTION
    _FUNCTION = function
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield pool
    finally:
        _FUNCTION = None


def _call(item: Any) -> Any:
    assert _FUNCTION is not None
    return _FUNCTION(item)
