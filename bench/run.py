"""The performance benchmark (`make bench`, `make bench SCALES=10000`): synthetic corpora at each
scale, every stage timed in a fresh process with its peak memory, the naive path (rdflib's own
store and SPARQL engine) where it finishes in time, and a speed-up ratio measured in the same run.
Writes BENCHMARKS.md; its last line is `conflicts speed-up vs naive at N claims: <ratio>x`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402

STAGES = [
    ("build", ["build"]),
    ("rebuild, one sheet edited", ["build"]),
    ("validate", ["validate"]),
    ("conflicts", ["conflicts", "--format", "json"]),
    ("Turtle export", ["export", "--format", "ttl", "-o", "{work}/export.ttl"]),
    ("named query (claims)", ["query", "claims", "--format", "csv"]),
    ("named query (claims, --in-memory)", ["query", "claims", "--format", "csv", "--in-memory"]),
]
PIPELINE = ("build", "validate", "conflicts", "Turtle export", "named query (claims)")


def run_json(args: list[str], timeout: float) -> dict | None:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def edit_one_sheet(project: Path) -> None:
    sheet = sorted((project / "data" / "claims").glob("*.yaml"))[0]
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("\n  property: ", "\n  note: benchmark edit\n  property: ", 1),
                     encoding="utf-8")


def bench_scale(scale: int, work: Path, timeout: float, naive_max: int,
                naive_timeout: float) -> dict:
    project = work / f"corpus-{scale}"
    shutil.rmtree(project, ignore_errors=True)
    generate(project, scale)
    rows = {}
    for name, args in STAGES:
        if name.startswith("rebuild"):
            edit_one_sheet(project)
        command = [sys.executable, str(HERE / "stage.py"),
                   *[a.format(work=project) for a in args], "-p", str(project)]
        result = run_json(command, timeout)
        rows[name] = result
        shown = "timed out" if result is None else f"{result['seconds']:.2f} s"
        print(f"  {scale:>8} claims  {name:<28} {shown}", file=sys.stderr, flush=True)
    naive = None
    if scale <= naive_max:
        naive = run_json([sys.executable, str(HERE / "naive.py"),
                          str(project / "build" / "kg.nt")], naive_timeout)
        shown = "timed out" if naive is None else f"{naive['conflicts']:.2f} s"
        print(f"  {scale:>8} claims  {'naive conflicts (rdflib)':<28} {shown}", file=sys.stderr)
    return {"stages": rows, "naive": naive, "naive_run": scale <= naive_max}


def machine() -> str:
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kb = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GB"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True, check=False).stdout.strip() or "unknown"
    return (f"{platform.machine()}, {os.cpu_count()} cores, {memory} RAM, "
            f"Python {platform.python_version()}, {platform.system()}; commit {commit}; "
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")


def report(results: dict[int, dict], timeout: float, naive_timeout: float) -> tuple[str, str]:
    lines = ["# Benchmarks", "", f"Machine: {machine()}.", "",
             "Produced by `make bench SCALES=" + ",".join(map(str, results)) + "` "
             "(`bench/run.py`): synthetic corpora from `bench/synthetic.py` (seed 1; about five "
             "claims per subject and property, ~10% of groups in conflict), each stage a fresh "
             f"`kg` process (wall seconds; peak memory: the largest Pss of the process and its "
             f"worker processes, bench/stage.py); a stage over {timeout:g} s is "
             "stopped and shown as timed out.", "",
             "| claims | stage | seconds | peak MB | µs per claim |", "|---|---|---|---|---|"]
    ratio_line = "conflicts speed-up vs naive: not measured (no scale within the naive limit)"
    for scale, result in results.items():
        for name, row in result["stages"].items():
            if row is None:
                lines.append(f"| {scale} | {name} | timed out | | |")
                continue
            per_claim = row["seconds"] / scale * 1e6
            lines.append(f"| {scale} | {name} | {row['seconds']:.2f} | {row['peak_mb']:.0f} | "
                         f"{per_claim:.0f} |")
        pipeline = [result["stages"].get(name) for name in PIPELINE]
        if all(pipeline):
            total = sum(row["seconds"] for row in pipeline)
            lines.append(f"| {scale} | whole pipeline ({', '.join(PIPELINE)}) | {total:.2f} | "
                         f"{max(row['peak_mb'] for row in pipeline):.0f} | "
                         f"{total / scale * 1e6:.0f} |")
        naive = result["naive"]
        ours = result["stages"].get("conflicts")
        if naive is not None and ours is not None:
            lines.append(f"| {scale} | naive: rdflib parse | {naive['parse']:.2f} | | |")
            lines.append(f"| {scale} | naive: conflict rules on rdflib | {naive['conflicts']:.2f}"
                         " | | |")
            ratio = naive["conflicts"] / ours["seconds"]
            ratio_line = f"conflicts speed-up vs naive at {scale} claims: {ratio:.1f}x"
        elif result["naive_run"] and ours is not None:
            lines.append(f"| {scale} | naive: conflict rules on rdflib | stopped after "
                         f"{naive_timeout:g} s | | |")
            ratio_line = (f"conflicts speed-up vs naive at {scale} claims: more than "
                          f"{naive_timeout / ours['seconds']:.0f}x (the naive path was stopped "
                          f"after {naive_timeout:g} s)")
    lines += ["", "The speed-up compares the whole `kg conflicts` command (store, rules, claim "
              "details, explanations) with rdflib running only the same conflict rules on an "
              "already parsed graph.", "", ratio_line]
    return "\n".join(lines) + "\n", ratio_line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1000,10000")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--timeout", type=float, default=1800.0, help="per stage, seconds")
    parser.add_argument("--naive-max", type=int, default=10000,
                        help="largest scale at which the naive path is run")
    parser.add_argument("--naive-timeout", type=float, default=600.0,
                        help="the naive path is stopped after this many seconds")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    results = {scale: bench_scale(scale, args.work, args.timeout, args.naive_max,
                                  args.naive_timeout) for scale in scales}
    text, ratio_line = report(results, args.timeout, args.naive_timeout)
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
