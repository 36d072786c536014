"""Run one `kg` command in this process and report its wall time and peak memory as JSON.

    python bench/stage.py ARGS...      e.g. python bench/stage.py conflicts -p DIR

A fresh process per stage, so peak memory (ru_maxrss, plus its worker processes') belongs
to that stage alone.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time

from kg.cli.app import app


def main() -> None:
    out = io.StringIO()
    start = time.perf_counter()
    code = 0
    with contextlib.redirect_stdout(out):
        try:
            app(sys.argv[1:], standalone_mode=False)
        except SystemExit as exc:
            code = int(exc.code or 0)
    seconds = time.perf_counter() - start
    # the build's worker processes too: their peaks added to ours, an upper bound (forked
    # workers share the parent's pages until they write them)
    peak_mb = sum(resource.getrusage(who).ru_maxrss
                  for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "exit": code}))


if __name__ == "__main__":
    main()
