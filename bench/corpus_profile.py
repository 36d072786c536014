"""What a corpus holds and what the conflict rules make of it: claims, the measures and scope
values its claims use, and the conflicts and information rows by reason.

    .venv/bin/python bench/corpus_profile.py [PROJECT ...]

Without arguments: the bundled corpus and examples/karakalpakstan. Each project is copied to a
temporary folder and built there (its own build/ is left alone). Prints one Markdown section per
project, for closing notes and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from kg.build.run import build
from kg.conflicts.find import find_conflicts
from kg.engine.runner import PlainEngine
from kg.engine.store import open_store
from kg.project import open_project
from kg.query.library import run

REPO = Path(__file__).resolve().parent.parent
USED = """
PREFIX qk: <https://w3id.org/qantar/ontology#>
SELECT ?kind ?name (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
  ?claim a qk:Claim .
  { ?claim qk:property ?term . BIND("measure" AS ?kind) }
  UNION { ?claim qk:scope ?term . BIND("scope" AS ?kind) }
  BIND(REPLACE(STR(?term), "^.*[#/]", "") AS ?name)
} GROUP BY ?kind ?name ORDER BY ?kind DESC(?claims) ?name
"""


def profile(project_root: Path) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "corpus"
        shutil.copytree(project_root / "data", copy / "data")
        shutil.copy(project_root / "kg.toml", copy / "kg.toml")
        if (project_root / "ontology").is_dir():
            shutil.copytree(project_root / "ontology", copy / "ontology")
        project = open_project(copy)
        build(project)
        store = open_store(project)
        used: dict[str, Counter] = {"measure": Counter(), "scope": Counter()}
        for row in run(store, USED):
            used[row["kind"].value][row["name"].value] = int(row["claims"].value)
        report = find_conflicts(PlainEngine(store), project.queries_dirs, include_info=True)
        del store
    claims = sum(used["measure"].values())
    lines = [f"### {project_root.relative_to(REPO) if project_root != REPO else 'bundled'}", "",
             f"- claims: {claims}",
             f"- measures and facts used ({len(used['measure'])}): "
             + ", ".join(f"{n} {c}" for n, c in used["measure"].items()),
             f"- scope values used ({len(used['scope'])}): "
             + (", ".join(f"{n} {c}" for n, c in used["scope"].items()) or "none"),
             f"- conflicts: {len(report.conflicts)} in {len(report.disputes)} disputes: "
             + _by_reason(report.conflicts),
             f"- information rows: {len(report.info)}: " + _by_reason(report.info), ""]
    return "\n".join(lines)


def _by_reason(rows) -> str:
    counts = Counter(row.reason for row in rows)
    return ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items())) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", nargs="*", type=Path,
                        help="project folders (default: the bundled corpus and "
                             "examples/karakalpakstan)")
    args = parser.parse_args()
    for root in args.projects or [REPO, REPO / "examples" / "karakalpakstan"]:
        print(profile(root.resolve()))


if __name__ == "__main__":
    main()
