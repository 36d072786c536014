"""What compacting the store after its bulk load (kg.engine.store.write_store) costs and gains, on a
built project: the build file is bulk-loaded twice into temporary stores, as the build does it,
once without and once with a compaction (Oxigraph's `optimize`) before the handle is closed;
the `claims` named query is then timed on each through a read-only handle, as `kg query`
opens it.

    .venv/bin/python bench/compaction.py DIR [--no-query]   DIR e.g. from bench/synthetic.py

Prints, for each store, the load, the compaction (if any) and flush, and the query, in
seconds: the compaction's cost is the difference of the two flush figures. The query must
give the same rows on both; the script stops if not. `--no-query` times only the loads and the
compaction (the on-disk query takes many minutes at a million claims).

The query must not run on the loading handle: while it runs, RocksDB compacts in the background
on a writable handle, and the difference disappears.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.project import open_project
from kg.query.library import resolve, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--no-query", action="store_true", help="time only loads and compaction")
    args = parser.parse_args()
    project = open_project(args.project)
    query = resolve("claims", project.queries_dirs)
    rows = []
    for compact in (False, True):
        with tempfile.TemporaryDirectory(dir=project.build_dir) as directory:
            start = time.perf_counter()
            store = ox.Store(directory)
            store.bulk_load(path=str(project.build_file), format=ox.RdfFormat.N_TRIPLES)
            loaded = time.perf_counter()
            if compact:
                store.optimize()
            store.flush()
            del store
            label = "compacted" if compact else "as loaded"
            print(f"{label}: bulk load {loaded - start:.2f} s, compaction (if any) and flush "
                  f"{time.perf_counter() - loaded:.2f} s", flush=True)
            if args.no_query:
                continue
            store = ox.Store.read_only(directory)
            start = time.perf_counter()
            rows.append([tuple(str(term) for term in row) for row in run(store, query)])
            print(f"{label}: claims query {time.perf_counter() - start:.2f} s "
                  f"({len(rows[-1])} rows)", flush=True)
            del store
    if rows and rows[0] != rows[1]:
        raise SystemExit("the query gives different rows after compaction")


if __name__ == "__main__":
    main()
