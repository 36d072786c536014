"""Where the conflict rules run fastest: the build's on-disk store against their own in-memory
store (kg.engine.subset), on a built project.

    .venv/bin/python bench/conflict_store.py DIR      e.g. a corpus from bench/synthetic.py

Prints a Markdown table: seconds per conflict rule on each store, and the time to select and
load the rules' triples. The pairs must be equal on both stores; the script stops if not.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.conflicts.find import rule_pairs
from kg.conflicts.rules import load_rules
from kg.engine.store import open_store
from kg.engine.subset import named_iris, selected_store
from kg.project import open_project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    args = parser.parse_args()
    project = open_project(args.project)
    rules = [r for r in load_rules(project.queries_dirs) if r.is_conflict]
    start = time.perf_counter()
    named = named_iris([r.text for r in rules])
    if named is None:
        raise SystemExit("a rule could read any triple: no rule store")
    own = selected_store(project, named)
    loaded = time.perf_counter() - start
    full = open_store(project)
    print(f"{len(full)} triples in the build's store, {len(own)} in the rules' own store, "
          f"selected and loaded in {loaded:.2f} s")
    print("| rule | pairs | on-disk store (s) | rules' own store (s) |")
    print("|---|---|---|---|")
    totals = [0.0, 0.0]
    for rule in rules:
        seconds, found = [], []
        for store in (full, own):
            start = time.perf_counter()
            found.append(rule_pairs(store, rule))
            seconds.append(time.perf_counter() - start)
        if found[0] != found[1]:
            raise SystemExit(f"{rule.reason}: the stores give different pairs")
        totals = [t + s for t, s in zip(totals, seconds, strict=True)]
        print(f"| {rule.reason} | {len(found[0])} | {seconds[0]:.2f} | {seconds[1]:.2f} |",
              flush=True)
    print(f"| all rules | | {totals[0]:.2f} | {totals[1]:.2f} (+ {loaded:.2f} to load) |")


if __name__ == "__main__":
    main()
