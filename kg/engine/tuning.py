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

# Conflict rules run one per worker on an in-memory store up to this many triples; past it,
# one at a time: two rules at once on 10M triples (a million claims) took 13.5 GB, one 7 GB.
CONFLICT_PARALLEL_TRIPLES = 3_000_000

# Rows per VALUES block when the conflict rules' claims are read back (kg.conflicts.views).
VALUES_BATCH = 500

# Validation's in-memory stores: chunk triples per store of chunk-local checks, and triples per
# store of the checks that look across chunks (~2.5 GB at 6M).
VALIDATION_PART_TRIPLES = 300_000
VALIDATION_STORE_TRIPLES = 6_000_000

# `kg serve`: above this many triples each worker opens the RocksDB store instead of holding its
# own copy in memory: a copy costs up to ~0.8 KB a triple (1M synthetic triples, ~800 MB peak).
SERVE_IN_MEMORY_TRIPLES = 500_000
