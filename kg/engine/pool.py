"""Work spread over processes forked from this one, one per core.

Forked rather than spawned: a worker inherits what the parent loaded (the build's context, the
shapes, a loaded in-memory store) without pickling it, and so does the function it runs, which
may be a closure over that state; only each item and its outcome cross the pipe.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

_FUNCTION: Callable[[Any], Any] | None = None  # set before the workers fork: inherited


def cores() -> int:
    return len(os.sched_getaffinity(0))


def forked_map(function: Callable[[Item], Outcome], items: Sequence[Item],
               workers: int | None = None, chunksize: int = 1) -> Iterator[Outcome]:
    """`function` over `items`, outcomes in order; in this process when one worker would do."""
    global _FUNCTION
    count = min(workers or cores(), len(items))
    if count < 2:
        yield from map(function, items)
        return
    _FUNCTION = function
    try:
        # a fork context starts every worker at the first submit, which map does for all items
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(_call, items, chunksize=chunksize)
    finally:
        _FUNCTION = None


def _call(item: Any) -> Any:
    assert _FUNCTION is not None
    return _FUNCTION(item)
