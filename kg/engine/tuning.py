"""Every tuning constant of the engine, in one place, with the measurement behind it.

Stage code never reads these: it asks kg.engine.pool how many workers a piece of work is worth
(`workers_for`), and the engine's own modules size their batches and stores from here.
"""

from __future__ import annotations

# Worker processes cost about a second to start; below these sizes one process is faster.
PARALLEL_FROM = {
    "compile": 8,  # changed claim sheets in `kg build`
    "export": 200_000,  # triples written by `kg export`
}

# Above these sizes, memory rather than time decides: one worker. Jobs that share one in-memory
# store (kg.engine.runner; the conflict rules) run one per worker on it; two rules at once on 10M
# triples (a million claims) took 13.5 GB, one at a time 7 GB.
PARALLEL_UP_TO = {
    "shared-store": 3_000_000,  # triples of the shared store
}

# Rows per VALUES block of an engine lookup (the conflict rules' claims, kg.conflicts.views):
# past about 1,500 rows Oxigraph stops driving the query from the VALUES block and scans every
# claim (0.2 s for 1,000 claims of 100k, 46 s for 2,000).
VALUES_BATCH = 500

# The engine's in-memory stores (kg.engine.runner): chunk triples per store of a chunk job
# (validation's chunk-local checks), and triples per store of jobs that share one (~2.5 GB at 6M).
CHUNK_PART_TRIPLES = 300_000
STORE_BUDGET_TRIPLES = 6_000_000

# The store: above this share of a build's triples changed, a bulk load is faster than updates.
RELOAD_SHARE = 0.2

# Lines of build/kg.nt per load into a subset store: bounds the text held at once.
SUBSET_LOAD_LINES = 200_000

# `kg serve`: above this many triples each worker opens the RocksDB store instead of holding its
# own copy in memory: a copy costs up to ~0.8 KB a triple (1M synthetic triples, ~800 MB peak).
SERVE_IN_MEMORY_TRIPLES = 500_000
# Above it, the workers start on the store on disk and move to memory in the background when a
# copy fits within a worker's memory cap at this many bytes a triple (the ~0.8 KB above; 3.47M
# synthetic triples, 100,000 claims, peaked at 1.35 GB: 0.4 KB).
SERVE_BYTES_PER_TRIPLE = 800
