"""Run one `kg` command in this process and report its wall time and peak memory as JSON.

    python bench/stage.py ARGS...      e.g. python bench/stage.py conflicts -p DIR

A fresh process per stage, so peak memory belongs to that stage alone. Its worker processes
are forked and share the parent's pages until they write them, so resident sizes cannot be
added up: peak memory is the largest sum of proportional set sizes (Pss, which splits a
shared page between its sharers) over this process and its workers, sampled every 0.2 s, or
this process's own peak resident size if larger (a spike between samples).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

from kg.cli.app import app


def tree_pss_kb(pid: int) -> int:
    """Pss of a process and its descendants, in KB (0 for one that has just exited)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        children = " ".join(p.read_text() for p in Path(f"/proc/{pid}/task").glob("*/children"))
    except OSError:
        return 0
    own = next((int(line.split()[1]) for line in rollup.splitlines()
                if line.startswith("Pss:")), 0)
    return own + sum(tree_pss_kb(int(child)) for child in children.split())


class PeakSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.peak_kb = max(self.peak_kb, tree_pss_kb(os.getpid()))


def main() -> None:
    out = io.StringIO()
    sampler = PeakSampler()
    sampler.start()
    start = time.perf_counter()
    code = 0
    with contextlib.redirect_stdout(out):
        try:
            app(sys.argv[1:], standalone_mode=False)
        except SystemExit as exc:
            code = int(exc.code or 0)
    seconds = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    peak_mb = max(sampler.peak_kb, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "exit": code}))


if __name__ == "__main__":
    main()
