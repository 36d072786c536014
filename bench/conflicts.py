"""How fast `kg conflicts` answers: on the bundled corpus, and how detection grows with size.

    .venv/bin/python bench/conflicts.py [--scales 1000,10000] [--runs 5]

Prints a Markdown table (median seconds of the detection itself, store already built, and of
the whole `kg conflicts` command in a fresh process) to paste into README.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import corpora  # noqa: E402

from kg.build.run import build  # noqa: E402
from kg.conflicts.find import find_conflicts  # noqa: E402
from kg.engine.runner import FastEngine  # noqa: E402
from kg.project import open_project  # noqa: E402


def measure(root: Path, runs: int) -> tuple[int, int, float, float]:
    project = open_project(root)
    summary = build(project)
    detection, command = [], []
    for _ in range(runs):
        start = time.perf_counter()
        report = find_conflicts(FastEngine(project), project.queries_dirs)
        detection.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "conflicts", "-p", str(root)], check=True,
                       capture_output=True)
        command.append(time.perf_counter() - start)
    return (summary.claims, len(report.conflicts), statistics.median(detection),
            statistics.median(command))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| corpus | claims | conflicts | detection (s) | `kg conflicts` (s) | µs per claim |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for name, root in corpora(Path(scratch), args.scales):
            claims, conflicts, detection, command = measure(root, args.runs)
            print(f"| {name} | {claims} | {conflicts} | {detection:.3f} | {command:.2f} | "
                  f"{detection / claims * 1e6:.0f} |", flush=True)


if __name__ == "__main__":
    main()
