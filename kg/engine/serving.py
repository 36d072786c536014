"""What `kg serve`'s query workers hold, and how many there are (kg.engine.workers runs them).

A small build is loaded into memory by every worker at start-up (the named queries ran 2.5 to 4
times faster there than on the RocksDB store). A big one would keep the first answer waiting
while each worker parses it (about 10 s at 3.5 million triples, 100,000 claims), so the workers
start on the store on disk, which opens at once, and move to memory in the background
(WorkerPool's `later`) when a copy fits within a worker's memory cap; else they stay on disk.
Either way the workers read a private hard link to the build file, so a `kg build` while the
server runs cannot give a new worker different data from the others.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kg.engine.pool import cores
from kg.engine.tuning import SERVE_BYTES_PER_TRIPLE, SERVE_IN_MEMORY_TRIPLES
from kg.engine.workers import Data
from kg.project import Project


def default_worker_memory(workers: int) -> int:
    """Bytes a worker may use when none are asked for: a quarter of the machine's memory
    shared among the workers, so that all of them at their cap leave three quarters free."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return total // (4 * max(1, workers))


def default_workers() -> int:
    """Query workers when none are asked for: one per core, and at least two, so that one slow
    query does not hold every client."""
    return max(2, cores())


def snapshot_for(project: Project, triples: int, memory: int = 0, sandbox: bool = True
                 ) -> tuple[Data, Data | None, Path | None]:
    """(what workers start on, what they move to later or None, the snapshot file to remove
    when the server stops or None); `memory` (bytes, 0: no cap) and `sandbox` bound each
    worker (Data)."""
    fits = memory == 0 or triples * SERVE_BYTES_PER_TRIPLE <= memory
    if triples > SERVE_IN_MEMORY_TRIPLES and not fits:
        return Data(str(project.store_dir / "db"), False, memory, sandbox), None, None
    for stale in project.build_dir.glob(".serving-*.nt"):  # left by a server that was killed
        if not _running(stale.stem.removeprefix(".serving-")):
            stale.unlink(missing_ok=True)
    snapshot = project.build_dir / f".serving-{os.getpid()}.nt"
    try:
        os.link(project.build_file, snapshot)
    except OSError:
        shutil.copyfile(project.build_file, snapshot)
    in_memory = Data(str(snapshot), True, memory, sandbox)
    if triples <= SERVE_IN_MEMORY_TRIPLES:
        return in_memory, None, snapshot
    return Data(str(project.store_dir / "db"), False, memory, sandbox), in_memory, snapshot


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
