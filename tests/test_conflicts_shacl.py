"""The conflict rules as SHACL-SPARQL: shapes/conflicts.ttl is generated from the queries and
any SHACL engine (here pyshacl, the reference) reports the same conflicts as `kg conflicts`."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kg.build.run import build
from kg.conflicts.find import find_conflicts
from kg.conflicts.rules import load_rules, shapes_turtle
from kg.engine.runner import PlainEngine
from kg.engine.store import open_store
from kg.project import open_project

from .conflict_corpus import write_corpus
from .conftest import REPO
from .test_conflicts import CASES

SH = Namespace("http://www.w3.org/ns/shacl#")


def test_shapes_file_is_generated_from_the_rule_queries() -> None:
    rules = load_rules([REPO / "queries"])
    assert (REPO / "shapes" / "conflicts.ttl").read_text(encoding="utf-8") == shapes_turtle(rules)


def shacl_pairs(build_file: Path) -> set[tuple[str, str, str]]:
    data = Graph().parse(build_file, format="nt")
    shapes = Graph().parse(REPO / "shapes" / "conflicts.ttl", format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        assert report.value(result, SH.resultSeverity) == SH.Warning
        shape = str(report.value(result, SH.sourceShape)).rsplit("#", 1)[-1]
        found.add((shape, str(report.value(result, SH.focusNode)),
                   str(report.value(result, SH.value))))
    return found


def kg_pairs(project_dir: Path) -> set[tuple[str, str, str]]:
    project = open_project(project_dir)
    report = find_conflicts(PlainEngine(open_store(project)), project.queries_dirs)
    return {(c.reason, c.claims[0].iri, c.claims[1].iri) for c in report.conflicts}


@pytest.mark.parametrize("case", [c for c, (_, _, found) in CASES.items() if found])
def test_pyshacl_agrees_on_every_test_corpus(tmp_path: Path, case: str) -> None:
    claims, sources, _ = CASES[case]
    write_corpus(tmp_path, claims, sources)
    build(open_project(tmp_path))
    assert shacl_pairs(tmp_path / "build" / "kg.nt") == kg_pairs(tmp_path)


def test_pyshacl_agrees_on_the_bundled_corpus(bundled: Path) -> None:
    build(open_project(bundled))
    found = shacl_pairs(bundled / "build" / "kg.nt")
    assert found == kg_pairs(bundled)
    assert {reason for reason, _, _ in found} >= {"contradiction", "disputed"}


def test_kg_validate_conflicts_reports_what_pyshacl_reports(kg, bundled: Path) -> None:
    build(open_project(bundled))
    result = kg("validate", "--conflicts", "--format", "ttl", "-p", str(bundled))
    assert result.exit_code == 0, result.output  # warnings are below the default --fail-on
    report = Graph().parse(data=result.stdout, format="turtle")
    found = {(str(report.value(r, SH.sourceShape)).rsplit("#", 1)[-1],
              str(report.value(r, SH.focusNode)), str(report.value(r, SH.value)))
             for r in report.subjects(RDF.type, SH.ValidationResult)}
    assert found == shacl_pairs(bundled / "build" / "kg.nt")
    failing = kg("validate", "--conflicts", "--fail-on", "warning", "-p", str(bundled))
    assert failing.exit_code == 1
    assert "disputed" in failing.stdout and "contradiction" in failing.stdout
