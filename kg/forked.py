"""Work spread over processes forked from this one, one per core.

Forked rather than spawned: a worker inherits what the parent loaded (the build's context, the
shapes, a line filter) without pickling it; only each item and its outcome cross the pipe. So a
caller puts its shared state in a module variable before calling, and the worker function, a
module-level function, reads it there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")


def cores() -> int:
    return len(os.sched_getaffinity(0))


def forked_map(function: Callable[[Item], Outcome], items: Sequence[Item],
               workers: int | None = None, chunksize: int = 1) -> Iterator[Outcome]:
    """`function` over `items`, outcomes in order; in this process when one worker would do."""
    count = min(workers or cores(), len(items))
    if count < 2:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(function, items, chunksize=chunksize)
