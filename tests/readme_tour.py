"""The README's tour, made from a real run: each command run on a fresh copy of the bundled
corpus, its output cut to a few lines of at most WIDTH characters (a cut marked "…").

    .venv/bin/python -m tests.readme_tour          # print the tour
    .venv/bin/python -m tests.readme_tour --write  # rewrite it in README.md

tests/test_readme_tour.py fails when README.md's tour is not what this prints, so the README
never shows output the tool no longer gives.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from kg.cli.app import app

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BEGIN, END = "<!-- tour: begin (tests/readme_tour.py writes it) -->", "<!-- tour: end -->"
WIDTH = 100
# (the command as the README shows it, its arguments, lines of output kept (None: all), a comment)
TOUR: list[tuple[str, list[str], int | None, str]] = [
    ("kg build", ["build"], None, ""),
    ("kg validate", ["validate"], None, ""),
    ("kg conflicts", ["conflicts"], 16, ""),
    ("kg query --list", ["query", "--list"], 6, ""),
    ("kg query timeline", ["query", "timeline"], None,
     "the death toll of the January events, by date"),
    ("kg query claims --param subject=qid:event/bloody-january",
     ["query", "claims", "--param", "subject=qid:event/bloody-january"], 4, ""),
    ("kg query claims --format json", ["query", "claims", "--format", "json"], 0,
     "W3C SPARQL 1.1 Query Results JSON"),
    ("kg coverage", ["coverage"], None, "every figure of the articles is in a claim's quote"),
    ("kg export -o dist/kg.trig", ["export", "-o", "dist/kg.trig"], None,
     "a named graph per article; also ttl, nt, nq, jsonld, rdf"),
    ("kg export --view consensus -o dist/consensus.ttl",
     ["export", "--view", "consensus", "-o", "dist/consensus.ttl"], None, ""),
    ("kg export --describe -o dist/void.ttl", ["export", "--describe", "-o", "dist/void.ttl"],
     None, "VoID + DCAT: counts, dumps, sizes"),
]


def tour() -> str:
    """The tour's console block, run on a copy of the bundled corpus in a scratch folder."""
    runner = CliRunner()
    out = ["```console"]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "corpus"
        shutil.copytree(REPO / "data", root / "data")
        shutil.copy(REPO / "kg.toml", root / "kg.toml")
        for shown, args, keep, comment in TOUR:
            args = [str(root / a) if a.startswith("dist/") else a for a in args]
            result = runner.invoke(app, [*args, "--project", str(root)], catch_exceptions=False)
            assert result.exit_code in (0, 1), (shown, result.exit_code, result.output)
            out.append(f"$ .venv/bin/{shown}" + (f"     # {comment}" if comment else ""))
            lines = (result.stdout + result.stderr).replace(str(root), "/…").splitlines()
            cut = lines if keep is None else lines[:keep]
            out += [_fit(line) for line in cut]
            if keep is not None and len(lines) > keep and keep:
                out.append("…")
            out.append("")
    out[-1] = "```"
    return "\n".join(out) + "\n"


def _fit(line: str) -> str:
    line = line.rstrip()
    return line if len(line) <= WIDTH else line[:WIDTH - 1] + "…"


def current() -> str:
    """The tour as README.md has it now."""
    text = README.read_text(encoding="utf-8")
    return text[text.index(BEGIN) + len(BEGIN) + 1:text.index(END)]


def write() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN) + 1, text.index(END)
    README.write_text(text[:start] + tour() + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the tour in README.md")
    if parser.parse_args().write:
        write()
    else:
        print(tour(), end="")


if __name__ == "__main__":
    main()
