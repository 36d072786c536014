"""The issue 22 campaign's figures for what reads queries and partners' RDF: tried, refused,
accepted, crashed, per category.

    .venv/bin/python bench/reliability.py [--sorts 40] [--seed 22] [--suites .venv/w3c]

- **W3C syntax suites** (RDF 1.1 from rdflib's source distribution in `--suites`, as `make
  install` fetches it; SPARQL 1.0/1.1 from the same):
  each test file read by `kg validate FILE`'s reader (kg.engine.rdfinput.load_file) or by the
  query check (kg.query.library.check), in this process. "Wrong" is a positive test refused
  or a negative one accepted; RDF/XML negatives also count those refused with a line.
- **Queries that fail inside the engine**, each run as a real `kg query` process on a built
  copy of the bundled corpus: ORDER BY over `--sorts` random mixes of values (numbers of four
  types, strings with and without a language, dates and times with and without a time zone,
  booleans, IRIs), half of them through `--in-memory`; the bundled corpus's own mixed sorts;
  unknown functions; 10,000 nested brackets. "Crashed" is a process ended by a signal or a
  traceback; each mix is also run by a bare pyoxigraph process on an in-memory store, to show
  how many would abort one. Queries alternate between the build's store and `--in-memory`.

Prints Markdown tables (BENCHMARKS.md, "Reliability (issue 22)").
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from kg.engine.rdfinput import load_file  # noqa: E402
from kg.errors import InputError, QueryError  # noqa: E402
from kg.query.library import check  # noqa: E402

# The suites and the syntax tests' types, as the CI test takes them
from tests.test_w3c_suites import (  # noqa: E402
    RDF_SUITES,
    SPARQL_MANIFESTS,
    entries,
)

KG = [sys.executable, "-m", "kg"]


def _tests(manifest: Path) -> list[tuple[Path, bool]]:
    return [(path, positive) for _, path, positive in entries(manifest)]


def suite_rows(suites: Path | None) -> list[tuple[str, int, int, int, int, str]]:
    """(suite, positive, negative, wrong, crashed, note) per suite."""
    rows = []
    groups: list[tuple[str, list[Path], str]] = []
    if suites is not None:
        groups += [(f"RDF 1.1 {name}", [suites / name / "manifest.ttl"], "rdf")
                   for name in RDF_SUITES]
        groups.append(("SPARQL 1.0/1.1 query syntax", [suites / m for m in SPARQL_MANIFESTS],
                       "sparql"))
    for label, manifests, kind in groups:
        positive = negative = wrong = crashed = with_line = 0
        for manifest in manifests:
            for path, good in _tests(manifest):
                positive += good
                negative += not good
                try:
                    if kind == "rdf":
                        load_file(path)
                    else:
                        check(path.read_text(encoding="utf-8"), str(path), path.as_uri())
                    refused = False
                except InputError as exc:
                    refused = True
                    with_line += exc.problems[0].line is not None
                except QueryError:
                    refused = True
                except Exception:  # noqa: BLE001 - a crash is what is counted
                    crashed += 1
                    continue
                wrong += refused == good
        note = f"{with_line} of {negative} negatives refused with a line" \
            if label.endswith("rdf-xml") else ""
        rows.append((label, positive, negative, wrong, crashed, note))
    return rows


def _value(rng: random.Random) -> str:
    return rng.choice([
        lambda: str(rng.randint(-50, 5000)),
        lambda: f"{rng.randint(0, 999)}.{rng.randint(0, 99)}",
        lambda: f'"{rng.randint(0, 99)}e0"^^<http://www.w3.org/2001/XMLSchema#double>',
        lambda: f'"{rng.randint(0, 99)}"^^<http://www.w3.org/2001/XMLSchema#float>',
        lambda: f'"{rng.randint(0, 5000)}"',
        lambda: f'"w{rng.randint(0, 99)}"@{rng.choice(["en", "ru", "kk"])}',
        lambda: f'"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"'
                '^^<http://www.w3.org/2001/XMLSchema#date>',
        lambda: f'"2022-01-0{rng.randint(1, 9)}T1{rng.randint(0, 9)}:00:00'
                f'{rng.choice(["", "Z", "+05:00"])}"^^<http://www.w3.org/2001/XMLSchema#dateTime>',
        lambda: rng.choice(["true", "false"]),
        lambda: f"<urn:x:{rng.randint(0, 99)}>",
    ])()


def mixed_sorts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        values = " ".join(_value(rng) for _ in range(rng.randint(20, 80)))
        order = rng.choice(["?o", "DESC(?o)", "ASC(?o)", "DESC(?o) ?i"])
        found.append(f"SELECT ?o WHERE {{ VALUES ?o {{ {values} }} BIND(RAND() AS ?i) }} "
                     f"ORDER BY {order}")
    return found


BUNDLED_SORTS = [
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)",
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 3",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 2",
    "ASK { { SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o) } }",
    "SELECT ?o WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } } ORDER BY DESC(?r) DESC(?o)",
]
FAULTS = [
    "SELECT (<urn:nope>(1) AS ?x) WHERE { }",
    "SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(<urn:nope>(?o))",
    "SELECT * WHERE " + "{" * 10_000,
    "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000 + " ORDER BY ?x",
    "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
]


def _bare_aborts(query: str) -> bool:
    """Whether a plain pyoxigraph process running the query on an empty store is killed."""
    script = ("import sys, pyoxigraph as ox\n"
              "list(ox.Store().query(sys.stdin.read()))\n")
    done = subprocess.run([sys.executable, "-c", script], input=query, capture_output=True,
                          text=True, timeout=120, env={"RUST_BACKTRACE": "0"})
    return done.returncode < 0 or done.returncode == 134


def query_rows(project: Path, sorts: int, seed: int
               ) -> list[tuple[str, int, int, int, int, int, str]]:
    """(category, tried, answered, engine aborts answered with a sentence, other refusals
    with a sentence, crashed, note)."""
    categories = [("ORDER BY over generated mixes of values", mixed_sorts(sorts, seed)),
                  ("ORDER BY over the bundled corpus's values", BUNDLED_SORTS),
                  ("unknown functions and 10,000 nested brackets", FAULTS)]
    rows = []
    for label, queries in categories:
        answered = aborted = refused = crashed = aborting = 0
        for index, query in enumerate(queries):
            extra = ["--in-memory"] if index % 2 else []
            done = subprocess.run([*KG, "query", "-p", str(project), "-q", query, *extra],
                                  capture_output=True, text=True, timeout=600)
            if done.returncode == 0:
                answered += 1
            elif done.returncode == 2 and "Traceback" not in done.stderr:
                if "aborted while running this query" in done.stderr:
                    aborted += 1
                else:
                    refused += 1
                    print(f"refused: {done.stderr.strip().splitlines()[0][:200]}",
                          file=sys.stderr)
            else:
                crashed += 1
            if label.startswith("ORDER BY over generated"):
                aborting += _bare_aborts(query)
        note = (f"{aborting} of {len(queries)} abort a bare pyoxigraph process"
                if label.startswith("ORDER BY over generated") else "")
        rows.append((label, len(queries), answered, aborted, refused, crashed, note))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sorts", type=int, default=40)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--suites", type=Path, default=ROOT / ".venv" / "w3c")
    args = parser.parse_args()
    suites = args.suites if (args.suites / "turtle" / "manifest.ttl").is_file() else None
    start = time.perf_counter()
    print("| suite | positive | negative | wrong | crashed | note |")
    print("|---|---|---|---|---|---|")
    for row in suite_rows(suites):
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "bundled"
        shutil.copytree(ROOT / "data", project / "data")
        shutil.copy(ROOT / "kg.toml", project / "kg.toml")
        subprocess.run([*KG, "build", "-p", str(project)], check=True, capture_output=True)
        print()
        print("| `kg query` | tried | answered | engine aborted: a sentence, exit 2 | other "
              "refusals: a sentence, exit 2 | crashed | note |")
        print("|---|---|---|---|---|---|---|")
        for row in query_rows(project, args.sorts, args.seed):
            print("| " + " | ".join(str(cell) for cell in row) + " |")
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
