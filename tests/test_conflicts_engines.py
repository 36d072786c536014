"""The conflict rules give the same pairs on Oxigraph (the default engine) and on rdflib's own
SPARQL engine, so results do not depend on the engine (the naive path of the benchmark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.build.run import build
from kg.conflicts.find import rule_pairs
from kg.conflicts.rules import load_rules
from kg.engine.store import open_store
from kg.project import open_project

from .conflict_corpus import write_corpus
from .test_conflicts import CASES

SAMPLE = ["fixed figures differ", "count decreased", "part exceeds whole (properties)",
          "two courts for one trial", "rights groups say the toll is higher",
          "revised tally: 100 in March, 120 in June", "over 200 beside 238",
          "fixed figures agree", "a retracted figure raises no conflict", "spreads that differ"]


@pytest.mark.parametrize("case", SAMPLE)
def test_rules_agree_on_oxigraph_and_rdflib(tmp_path: Path, case: str) -> None:
    claims, sources, _ = CASES[case]
    write_corpus(tmp_path, claims, sources)
    project = open_project(tmp_path)
    build(project)
    store = open_store(project)
    graph = Graph().parse(project.build_file, format="nt")
    for rule in load_rules(project.queries_dirs):
        on_rdflib = sorted((str(row[0]), str(row[1])) for row in graph.query(rule.text))
        assert rule_pairs(store, rule) == on_rdflib, rule.reason
