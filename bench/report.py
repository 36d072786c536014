"""How long `kg report` takes and how large its page is, on synthetic corpora.

    .venv/bin/python bench/report.py [--scales 10000,100000] [--scratch DIR] [--timeout 600]
                                     [--rules DIR]

For each scale: a corpus from bench/synthetic.py (`generate(root, n)`, seed 1) is made and
built unless `--scratch DIR/<n>` already holds a build; then a fresh `kg report` process
writes the page (the time includes Python's start-up, as a user waits for it). Prints a
Markdown table: claims, the disputes and figures shown in full of all, seconds, the page's
size, and the time of conflict detection alone (`kg conflicts -f json`, also a fresh process),
the larger part of the report. `--rules DIR` copies DIR's `conflict-*.rq` into each corpus's
own queries/ (a project's queries shadow the shipped ones), to measure a rule being changed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import generate

KG = Path(sys.executable).with_name("kg")


def _timed(args: list[str], timeout: float) -> tuple[float | None, str]:
    start = time.perf_counter()
    try:
        done = subprocess.run([str(KG), *args], capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, f"did not finish in {timeout:.0f} s"
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} failed: {done.stderr[-1000:]}")
    return seconds, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def corpus(scratch: Path, claims: int, rules: Path | None) -> Path:
    root = scratch / str(claims)
    if not (root / "build" / "kg.nt").is_file():
        shutil.rmtree(root, ignore_errors=True)
        generate(root, claims)
        start = time.perf_counter()
        subprocess.run([str(KG), "build", "-p", str(root)], check=True, capture_output=True)
        print(f"built {claims} claims in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if rules is not None:
        (root / "queries").mkdir(exist_ok=True)
        for path in sorted(rules.glob("conflict-*.rq")):
            shutil.copy(path, root / "queries" / path.name)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10000,100000")
    parser.add_argument("--scratch", type=Path, default=None)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--rules", type=Path, default=None)
    args = parser.parse_args()
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="kg-report-bench-"))
    print("| claims | disputes in full | figures in full | `kg report` (s) | page (bytes) "
          "| `kg conflicts -f json` (s) |")
    print("|---|---|---|---|---|---|")
    for claims in (int(s) for s in args.scales.split(",") if s):
        root = corpus(scratch, claims, args.rules)
        page = root / "report.html"
        seconds, said = _timed(["report", "-p", str(root), "-o", str(page)], args.timeout)
        shown = re.search(r"(\d+) of (\d+) disputes and (\d+) of (\d+) figures", said)
        conflicts, _ = _timed(["conflicts", "-f", "json", "-p", str(root)], args.timeout)
        size = page.stat().st_size if seconds is not None else None
        cells = ([f"{shown.group(1)} of {shown.group(2)}", f"{shown.group(3)} of "
                  f"{shown.group(4)}"] if shown else ["", ""])
        print(f"| {claims:,} | {cells[0]} | {cells[1]} | "
              f"{f'{seconds:.1f}' if seconds is not None else said} | "
              f"{f'{size:,}' if size is not None else ''} | "
              f"{f'{conflicts:.1f}' if conflicts is not None else 'timed out'} |", flush=True)


if __name__ == "__main__":
    main()
