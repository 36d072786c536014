"""`kg build` against hostile input (issue 22 item 5): each bad input of tests/hostile_cases.py
tried on a fresh copy of the bundled corpus that was built first.

    .venv/bin/python bench/hostile_input.py [--timeout 30] [--only WORDS]

Each case runs `kg build` in a subprocess with a time limit (a hang is stopped there and shown
as the limit). Prints a Markdown table: case, exit code, seconds, whether the previous build
(every file under build/) is byte-identical afterwards, and whether standard error held a
traceback.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_cases import CASES, Case, digest_tree  # noqa: E402

KG = [sys.executable, "-m", "kg", "build", "-p"]


def _fresh(scratch: Path, built: Path, index: int) -> Path:
    root = scratch / f"case{index}"
    shutil.copytree(built, root, symlinks=True)
    return root


def run_case(root: Path, case: Case, timeout: float) -> tuple[str, float, bool, bool]:
    """Exit code (or 'timeout'), seconds, previous build intact, traceback on stderr."""
    before = digest_tree(root / "build")
    case.edit(root)
    start = time.perf_counter()
    try:
        done = subprocess.run([*KG, str(root)], capture_output=True, text=True, timeout=timeout)
        code, stderr = str(done.returncode), done.stderr
    except subprocess.TimeoutExpired:
        code, stderr = "timeout", ""
    seconds = time.perf_counter() - start
    return code, seconds, digest_tree(root / "build") == before, "Traceback" in stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--only", default="", help="run the cases whose name holds this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        built = scratch / "built"
        (built / "data").parent.mkdir()
        shutil.copytree(ROOT / "data", built / "data")
        shutil.copy(ROOT / "kg.toml", built / "kg.toml")
        subprocess.run([*KG, str(built)], check=True, capture_output=True)
        print("| case | exit | seconds | previous build intact | traceback |")
        print("|---|---|---|---|---|")
        for index, case in enumerate(c for c in CASES if args.only in c.name):
            code, seconds, intact, traceback = run_case(_fresh(scratch, built, index), case,
                                                        args.timeout)
            shown = f">{args.timeout:.0f}" if code == "timeout" else f"{seconds:.2f}"
            print(f"| {case.name} | {code} | {shown} | {'yes' if intact else 'no'} | "
                  f"{'yes' if traceback else 'no'} |", flush=True)


if __name__ == "__main__":
    main()
