"""The naive path, for the speed-up ratio: rdflib's own store and SPARQL engine running the
same conflict rules (queries/conflict-*.rq) on the same build file.

    python bench/naive.py BUILD_FILE      prints {"parse": s, "conflicts": s, "pairs": n}
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rdflib import Graph

from kg.conflicts.rules import load_rules
from kg.shipped import shipped


def main() -> None:
    start = time.perf_counter()
    graph = Graph().parse(sys.argv[1], format="nt")
    parsed = time.perf_counter()
    pairs = 0
    for rule in load_rules([shipped("queries")]):
        if rule.is_conflict:
            pairs += len(list(graph.query(rule.text)))
    done = time.perf_counter()
    print(json.dumps({"parse": parsed - start, "conflicts": done - parsed, "pairs": pairs}))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
