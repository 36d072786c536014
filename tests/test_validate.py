"""`kg validate` as a curator and a partner meet it: exit codes, formats, per-source runs, and the
five corruptions of an exported Turtle copy of the build that issue 3 names."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import SH
from typer.testing import CliRunner

from kg.build.run import build
from kg.cli.app import app
from kg.namespaces import OA, QID
from kg.project import open_project

from .conftest import REPO

PREFIXES = """
PREFIX qk: <https://w3id.org/qantar/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
SOURCE_004 = "004_ae2c329ed266d90a"


def iri(path: str) -> str:
    return f"<{QID[path]}>"


@pytest.fixture(scope="module")
def bundled_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, built once for the module (treat it as read-only)."""
    root = tmp_path_factory.mktemp("validate") / "bundled"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "kg.toml", root / "kg.toml")
    build(open_project(root))
    return root


def export_turtle(root: Path, target: Path, update: str = "") -> Path:
    """The build as Turtle (there is no `kg export` yet), optionally corrupted by an update."""
    store = ox.Store()
    store.load(path=str(root / "build" / "kg.nt"), format=ox.RdfFormat.N_TRIPLES)
    if update:
        store.update(PREFIXES + update)
    store.dump(output=str(target), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    return target


def test_bundled_corpus_conforms_with_a_one_line_summary(kg, bundled_build: Path) -> None:
    result = kg("validate", "-p", str(bundled_build))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "no findings in build/kg.nt (113 claims, 5 sources)\n"


CORRUPTIONS = {
    "a claim without a source": (
        f"DELETE WHERE {{ {iri('claim/004-08')} prov:wasDerivedFrom ?s }}",
        "004-08", "claim-source"),
    "a lower bound above the upper bound": (
        f"DELETE WHERE {{ {iri('claim/004-08')} qk:lowerBound ?b }} ; "
        f"INSERT DATA {{ {iri('claim/004-08')} qk:lowerBound 300 }}",
        "004-08", "claim-bounds-ordered"),
    "an as-of date after publication": (
        f"DELETE WHERE {{ {iri('source/' + SOURCE_004)} qk:publicationDateUnknown ?u }} ; "
        f"INSERT DATA {{ {iri('source/' + SOURCE_004)} dcterms:issued "
        '"2022-06-30"^^xsd:date }',
        "004-01", "as-of-not-after-publication"),
    "a court-valued claim pointing at a person": (
        f"DELETE WHERE {{ {iri('claim/000-02')} qk:object ?o }} ; "
        f"INSERT DATA {{ {iri('claim/000-02')} qk:object {iri('person/aina-shormanbayeva')} }}",
        "000-02", "object-class"),
    "an entity without a label": (
        f"DELETE WHERE {{ {iri('org/kazakh-officials')} rdfs:label ?l }}",
        "004-08", "entity-label"),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_corruption_of_exported_turtle_exits_1_naming_the_claim(
        kg, bundled_build: Path, tmp_path: Path, corruption: str) -> None:
    update, claim, check = CORRUPTIONS[corruption]
    file = export_turtle(bundled_build, tmp_path / "corrupt.ttl", update)
    result = kg("validate", str(file), "--format", "json", "-p", str(bundled_build))
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    named = [f for f in findings if f["check"] == check and claim in f["claims"]]
    assert named, findings
    table = kg("validate", str(file), "-p", str(bundled_build)).stdout
    assert claim in table and "violation" in table


def test_uncorrupted_export_conforms(kg, bundled_build: Path, tmp_path: Path) -> None:
    file = export_turtle(bundled_build, tmp_path / "copy.ttl")
    result = kg("validate", str(file), "-p", str(bundled_build))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"no findings in {file}")


def test_table_shows_claim_source_quote_and_message_not_blank_nodes(
        kg, bundled_build: Path, tmp_path: Path) -> None:
    update = CORRUPTIONS["a lower bound above the upper bound"][0]
    file = export_turtle(bundled_build, tmp_path / "corrupt.ttl", update)
    table = kg("validate", str(file), "-p", str(bundled_build)).stdout
    assert "claim/004-08  [claim-bounds-ordered]" in table
    assert f'claim 004-08 in {SOURCE_004} 1579-1634: "238 people' in table
    assert "lower bound exceeds its upper bound" in table
    assert "_:" not in table and "http" not in table
    assert table.endswith("1 violation in " + str(file) + " (113 claims, 5 sources)\n")


def test_formats(kg, bundled_build: Path, tmp_path: Path) -> None:
    file = export_turtle(bundled_build, tmp_path / "corrupt.ttl",
                         CORRUPTIONS["a claim without a source"][0])
    args = (str(file), "-p", str(bundled_build))
    as_csv = kg("validate", *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["check"] for r in rows} >= {"claim-source"} and rows[0]["severity"] == "violation"
    assert "violation" in as_csv.stderr  # the summary goes to stderr, keeping stdout clean
    as_tsv = kg("validate", *args, "--format", "tsv").stdout.splitlines()
    assert as_tsv[0].split("\t")[:3] == ["severity", "check", "focus"]
    report = Graph().parse(data=kg("validate", *args, "--format", "ttl").stdout, format="turtle")
    assert (None, SH.conforms, None) in report
    assert len(list(report.subjects(SH.focusNode, None))) == len(rows)


def test_per_source_validation_sees_only_that_source(kg, bundled_build: Path,
                                                     tmp_path: Path) -> None:
    file = export_turtle(bundled_build, tmp_path / "corrupt.ttl",
                         CORRUPTIONS["a claim without a source"][0].replace(
                             "004-08", "000-03"))
    other = kg("validate", str(file), "--source", SOURCE_004, "-p", str(bundled_build))
    assert other.exit_code == 0, other.stdout
    assert f"(source {SOURCE_004})" in other.stdout and "source)" in other.stdout
    # the claim that lost its source belongs to no source, so only a whole run sees it
    assert kg("validate", str(file), "-p", str(bundled_build)).exit_code == 1
    corrupt = export_turtle(bundled_build, tmp_path / "bounds.ttl",
                            CORRUPTIONS["a lower bound above the upper bound"][0])
    own = kg("validate", str(corrupt), "--source", SOURCE_004, "-p", str(bundled_build))
    assert own.exit_code == 1 and "004-08" in own.stdout


def test_build_per_source(kg, bundled_build: Path) -> None:
    result = kg("validate", "-s", SOURCE_004, "-s", "000_15dccdb6507099fe",
                "-p", str(bundled_build))
    assert result.exit_code == 0
    assert "sources 004_ae2c329ed266d90a, 000_15dccdb6507099fe" in result.stdout


WARNING_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix qk: <https://w3id.org/qantar/ontology#> .
<urn:x:wording-warning> a sh:PropertyShape ; sh:targetClass qk:Claim ; sh:severity sh:Warning ;
    sh:path qk:wording ; sh:maxLength 2 ; sh:message "long wording" .
"""


def test_fail_on_decides_exit_code(kg, mini: Path) -> None:
    (mini / "shapes").mkdir()
    (mini / "shapes" / "warn.ttl").write_text(WARNING_SHAPE, encoding="utf-8")
    kg("build", "-p", str(mini))
    below = kg("validate", "-p", str(mini))
    assert below.exit_code == 0 and "warning" in below.stdout
    assert kg("validate", "--fail-on", "warning", "-p", str(mini)).exit_code == 1
    assert kg("validate", "--fail-on", "info", "-p", str(mini)).exit_code == 1


def test_bad_input_exits_2_with_file_and_line(kg, mini: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n',
                      encoding="utf-8")
    result = kg("validate", str(broken), "-p", str(mini))
    assert result.exit_code == 2
    assert f"error: {broken}:3: not valid Turtle" in result.stderr
    unknown = tmp_path / "graph.xyz"
    unknown.write_text("", encoding="utf-8")
    assert "cannot tell the RDF format" in kg("validate", str(unknown), "-p", str(mini)).stderr
    assert kg("validate", str(tmp_path / "missing.ttl"), "-p", str(mini)).exit_code == 2


def test_usage_errors_exit_2(kg, mini: Path) -> None:
    before = kg("validate", "-p", str(mini))
    assert before.exit_code == 2 and "no build yet" in before.stderr
    kg("build", "-p", str(mini))
    assert kg("validate", "--format", "xml", "-p", str(mini)).exit_code == 2
    assert kg("validate", "--fail-on", "never", "-p", str(mini)).exit_code == 2
    nope = kg("validate", "--source", "nope", "-p", str(mini))
    assert nope.exit_code == 2 and "no source with the stem 'nope'; known: 100_mini" in nope.stderr


def test_offsets_on_demand(kg, mini: Path, tmp_path: Path) -> None:
    kg("build", "-p", str(mini))
    update = (f"DELETE WHERE {{ {iri('claim/100-01/position')} "
              "<http://www.w3.org/ns/oa#end> ?e } ; "
              f"INSERT DATA {{ {iri('claim/100-01/position')} "
              "<http://www.w3.org/ns/oa#end> 9999 }")
    file = export_turtle(mini, tmp_path / "offsets.ttl", update)
    assert kg("validate", str(file), "-p", str(mini)).exit_code == 0
    result = kg("validate", str(file), "--offsets", "-p", str(mini))
    assert result.exit_code == 1 and "[quote-inside-article]" in result.stdout
    assert "claim/100-01" in result.stdout


def test_blank_node_quotes_are_traced_to_their_claim(kg, mini: Path, tmp_path: Path) -> None:
    """A partner's graph may use blank nodes for quotes and selectors: findings still name the
    claim, in a whole run and in a per-source run."""
    kg("build", "-p", str(mini))
    graph = Graph().parse(mini / "build" / "kg.nt", format="nt")
    blank = {node: BNode() for node in set(graph.subjects()) | set(graph.objects())
             if str(node).startswith(str(QID["claim/"])) and str(node).count("/") > 6}
    renamed = Graph()
    for s, p, o in graph:
        renamed.add((blank.get(s, s), p, blank.get(o, o)))
    position = blank[QID["claim/100-01/position"]]
    renamed.set((position, OA.start, Literal(99)))
    file = tmp_path / "blank.ttl"
    file.write_text(renamed.serialize(format="turtle"), encoding="utf-8")
    for extra in ((), ("--source", "100_mini")):
        result = kg("validate", str(file), *extra, "-p", str(mini))
        assert result.exit_code == 1
        assert "claim/100-01  [start-before-end]" in result.stdout
        assert "_:" not in result.stdout and "genid" not in result.stdout


def test_strict_reading_keeps_literals_as_rdflib_reads_them(tmp_path: Path) -> None:
    """Plain, typed and language-tagged literals and blank nodes arrive as rdflib parses them;
    an explicit xsd:string is the plain literal (RDF 1.1, and the build writes it plain)."""
    from rdflib.compare import isomorphic

    from kg.engine.rdfinput import read_graph

    file = tmp_path / "terms.ttl"
    file.write_text('@prefix ex: <http://example.org/> .\n'
                    'ex:a ex:p "plain", "kz"@kk, 3, 2.5, true, '
                    '"2022"^^<http://www.w3.org/2001/XMLSchema#gYear> ;\n'
                    '    ex:q [ ex:r ex:b ] .\n', encoding="utf-8")
    assert isomorphic(read_graph(file), Graph().parse(file, format="turtle"))
    file.write_text('<urn:a> <urn:p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n',
                    encoding="utf-8")
    assert list(read_graph(file).objects()) == [Literal("x")]


def test_a_dataset_is_validated_as_the_union_of_its_graphs(kg, mini: Path,
                                                          tmp_path: Path) -> None:
    kg("build", "-p", str(mini))
    store = ox.Store()
    graph = ox.NamedNode(str(QID["graph/all"]))
    store.load(path=str(mini / "build" / "kg.nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    file = tmp_path / "kg.trig"
    store.dump(output=str(file), format=ox.RdfFormat.TRIG)
    result = kg("validate", str(file), "-p", str(mini))
    assert result.exit_code == 0
    assert result.stdout == f"no findings in {file} (7 claims, 1 source)\n"


def test_a_nested_result_is_not_repeated_as_its_own_finding(kg, bundled_build: Path,
                                                              tmp_path: Path) -> None:
    """pySHACL explains an sh:node failure with nested results (sh:detail); one finding only."""
    file = export_turtle(bundled_build, tmp_path / "unit.ttl",
                         f"DELETE WHERE {{ {iri('claim/004-08')} qk:unit ?u }}")
    result = kg("validate", str(file), "--format", "json", "-p", str(bundled_build))
    assert [f["check"] for f in json.loads(result.stdout)["findings"]] == ["claim-unit-needed"]


def test_standard_input_is_validated_like_a_file(bundled_build: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    good = export_turtle(bundled_build, tmp_path / "copy.ttl").read_bytes()
    result = runner.invoke(app, ["validate", "-", "-p", str(bundled_build)], input=good)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("no findings in standard input (113 claims")
    broken = runner.invoke(app, ["validate", "-", "--input-format", "nt", "-p",
                                 str(bundled_build)], input=b'<a> <b> "unclosed .\n')
    assert broken.exit_code == 2
    assert broken.stderr.startswith("error: -:1: not valid N-Triples")
    unknown = runner.invoke(app, ["validate", "-", "--input-format", "xml", "-p",
                                  str(bundled_build)], input=b"")
    assert unknown.exit_code == 2 and "--input-format 'xml'" in unknown.stderr
