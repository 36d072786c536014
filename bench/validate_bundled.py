"""How fast `kg validate` is: on the bundled corpus, per source, and as the corpus grows.

    .venv/bin/python bench/validate_bundled.py [--runs 5] [--scales 1000]

Prints a Markdown table to paste into README.md: median seconds of the validation itself (the
library call: read the store, run pySHACL, read its report; the build and its store already
exist), of one source alone (`--source`, the first source), and of the whole `kg validate`
command in a fresh process (Python start-up included). `--scales` adds synthetic corpora of that
many claims (bench/synthetic.py); leave it empty for the bundled corpus only.
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
from kg.project import open_project  # noqa: E402
from kg.validate.run import validate  # noqa: E402


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(root: Path, runs: int) -> tuple[int, int, float, float, float]:
    project = open_project(root)
    summary = build(project)
    first = min(p.stem for p in project.sources_dir.glob("*.txt"))
    report = validate(project)
    whole = median_seconds(lambda: validate(project), runs)
    one = median_seconds(lambda: validate(project, sources=[first]), runs)
    command = median_seconds(lambda: subprocess.run(
        [sys.executable, "-m", "kg", "validate", "-p", str(root)], check=False,
        capture_output=True), runs)
    return summary.claims, len(report.findings), whole, one, command


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="")
    args = parser.parse_args()
    print("| corpus | claims | findings | validation (s) | one source (s) | `kg validate` (s) |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for name, root in corpora(Path(scratch), args.scales):
            claims, findings, whole, one, command = measure(root, args.runs)
            print(f"| {name} | {claims} | {findings} | {whole:.3f} | {one:.3f} | {command:.2f} |")


if __name__ == "__main__":
    main()
