"""The SPARQL engine (kg.validate.sparql, the default of `kg validate`) against pySHACL, the
reference: the same findings and an isomorphic W3C report on every shape fixture of
tests/test_shapes.py, on the bundled corpus and the corruptions of tests/test_validate.py, per
source, and on a synthetic corpus with deliberate corruptions; then the chunk cache: editing one
sheet re-validates that chunk only and gives what a cold run gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build.run import build
from kg.engine import subset
from kg.project import Project, open_project
from kg.validate.run import Report, validate
from kg.validate.shapes import ShapeError

from .conftest import REPO, TEST_DATA
from .test_shapes import CASES, corrupted
from .test_validate import CORRUPTIONS, SOURCE_004, export_turtle


def both(project: Project, file: Path | None = None, sources: tuple[str, ...] = (),
         extra: tuple[str, ...] = ()) -> tuple[Report, Report]:
    ours = validate(project, file, sources, extra)
    reference = validate(project, file, sources, extra, engine="pyshacl")
    return ours, reference


def assert_same(ours: Report, reference: Report, report_too: bool = True) -> None:
    assert ours.findings == reference.findings
    assert (ours.claims, ours.sources) == (reference.claims, reference.sources)
    if report_too:
        assert isomorphic(ours.results, reference.results)


@pytest.fixture(scope="module")
def mini_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("sparql") / "mini"
    shutil.copytree(TEST_DATA / "mini", root)
    project = open_project(root)
    build(project)
    return project


@pytest.mark.parametrize("case", [(c, k) for c in sorted(CASES) for k in (0, 1)
                                  if CASES[c][k] or k == 0],
                         ids=lambda case: f"{case[0]}-{'violating' if case[1] == 0 else 'near'}")
def test_every_shape_fixture_gives_pyshacls_findings_and_report(
        case: tuple[str, int], mini_project: Project, tmp_path: Path) -> None:
    check, which = case
    file = tmp_path / "fixture.ttl"
    corrupted(mini_project.build_file.read_bytes(), CASES[check][which], file)
    ours, reference = both(mini_project, file, extra=("offsets",))
    assert_same(ours, reference)
    if which == 0:
        assert check in {f.check for f in ours.findings}


@pytest.fixture(scope="module")
def bundled_project(built_bundled: Path) -> Project:
    return open_project(built_bundled)


def test_bundled_build_and_every_corruption_agree(bundled_project: Project,
                                                  tmp_path: Path) -> None:
    assert_same(*both(bundled_project))
    assert_same(*both(bundled_project, sources=(SOURCE_004,)))
    for name, (update, claim, check) in sorted(CORRUPTIONS.items()):
        file = export_turtle(bundled_project.root, tmp_path / "corrupt.ttl", update)
        ours, reference = both(bundled_project, file)
        assert_same(ours, reference)
        assert any(f.check == check and claim in f.claims for f in ours.findings), name
        # per source: pySHACL needs IRIs as focus nodes, so both see the same part
        assert_same(*both(bundled_project, file, sources=(SOURCE_004,)))


def synthetic(root: Path, claims: int) -> Project:
    subprocess.run([sys.executable, str(REPO / "bench" / "synthetic.py"), str(root),
                    str(claims)], check=True, capture_output=True)
    project = open_project(root)
    build(project)
    return project


SYNTHETIC_CORRUPTIONS = """
PREFIX qk: <https://w3id.org/qantar/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?a prov:wasDerivedFrom ?s } WHERE {
    { SELECT ?a WHERE { ?a a qk:Claim } ORDER BY ?a LIMIT 1 } ?a prov:wasDerivedFrom ?s } ;
INSERT { ?b qk:lowerBound -3 ; qk:asOf "2020-02-30"^^xsd:date ; qk:disputes ?b2 }
WHERE { { SELECT ?b WHERE { ?b a qk:Claim } ORDER BY ?b OFFSET 5 LIMIT 1 }
        { SELECT ?b2 WHERE { ?b2 a qk:Source } LIMIT 1 } } ;
DELETE { ?c qk:unit ?u } WHERE {
    { SELECT ?c WHERE { ?c a qk:Claim ; qk:unit ?x } ORDER BY DESC(?c) LIMIT 3 } ?c qk:unit ?u } ;
DELETE { ?p oa:start ?s } INSERT { ?p oa:start 999999 } WHERE {
    { SELECT ?p WHERE { ?p oa:start ?x } ORDER BY ?p OFFSET 10 LIMIT 1 } ?p oa:start ?s }
"""


def test_synthetic_corpus_with_corruptions_agrees(tmp_path: Path) -> None:
    import pyoxigraph as ox

    project = synthetic(tmp_path / "synthetic", 300)
    assert_same(*both(project))
    store = ox.Store()
    store.load(path=str(project.build_file), format=ox.RdfFormat.N_TRIPLES)
    store.update(SYNTHETIC_CORRUPTIONS)
    file = tmp_path / "corrupt.nt"
    store.dump(output=str(file), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    ours, reference = both(project, file, extra=("offsets",))
    assert_same(ours, reference)
    assert {"claim-source", "claim-lower-bound", "claim-as-of", "claim-disputes",
            "claim-unit-needed", "start-before-end"} <= {f.check for f in ours.findings}


def test_ill_formed_dates_rdflib_accepts_are_violations(mini_project: Project,
                                                        tmp_path: Path) -> None:
    """The one known difference: SHACL's sh:datatype wants a well-formed literal; rdflib (so
    pySHACL) does not check the lexical form of xsd:gYear and xsd:gYearMonth, Oxigraph does."""
    file = tmp_path / "month-13.ttl"
    claim = "<https://w3id.org/qantar/id/claim/100-01>"
    corrupted(mini_project.build_file.read_bytes(),
              f"DELETE WHERE {{ {claim} qk:asOf ?d }} ; "
              f'INSERT DATA {{ {claim} qk:asOf "2024-13"^^xsd:gYearMonth }}', file)
    ours, reference = both(mini_project, file)
    assert [f for f in ours.findings if f.check != "claim-as-of"] == reference.findings
    assert "claim-as-of" in {f.check for f in ours.findings}


UNSUPPORTED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix qk: <https://w3id.org/qantar/ontology#> .
<urn:x:closed-claim> a sh:NodeShape ; sh:targetClass qk:Claim ; sh:closed true .
"""


def test_a_construct_not_translated_is_refused_by_name(mini_project: Project,
                                                       tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(mini_project.root, root)
    (root / "shapes").mkdir()
    (root / "shapes" / "closed.ttl").write_text(UNSUPPORTED, encoding="utf-8")
    with pytest.raises(ShapeError, match=r"urn:x:closed-claim uses sh:closed"):
        validate(open_project(root))
    assert validate(open_project(root), engine="pyshacl").findings  # the reference runs it


def findings_of(project: Project) -> tuple[list, Graph]:
    report = validate(project)
    return report.findings, report.results


def test_editing_one_sheet_revalidates_only_its_chunk(tmp_path: Path) -> None:
    project = synthetic(tmp_path / "synthetic", 300)
    first = validate(project)
    chunks = first.revalidated
    assert chunks is not None and len(chunks) > 3  # cold: every chunk
    assert validate(project).revalidated == ()  # nothing changed
    sheet = sorted((project.root / "data" / "claims").glob("*.yaml"))[1]
    document = yaml.safe_load(sheet.read_text(encoding="utf-8"))
    rows = document["claims"]
    rows[0]["subject"] = next(r["subject"] for r in rows if r["subject"] != rows[0]["subject"])
    sheet.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                     encoding="utf-8")
    build(project)
    warm = validate(project)
    assert warm.revalidated == (f"source/{sheet.stem}",)
    shutil.rmtree(project.build_dir / "validation")
    cold = validate(project)
    assert cold.revalidated is not None and len(cold.revalidated) == len(chunks)
    assert warm.findings == cold.findings
    assert isomorphic(warm.results, cold.results)
    assert warm.findings == validate(project, engine="pyshacl").findings


STRICT = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix qk: <https://w3id.org/qantar/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix ex: <https://example.org/strict#> .
ex:short-quote a sh:PropertyShape ; sh:targetObjectsOf qk:quote ;
    sh:path ( oa:hasSelector oa:exact ) ; sh:maxLength 29 ; sh:message "long" .
ex:stated-by-a-person a sh:PropertyShape ; sh:targetClass qk:Claim ;
    sh:path qk:statedBy ; sh:class qk:Person ; sh:message "not a person" .
ex:small-values a sh:PropertyShape ; sh:targetClass qk:Claim ;
    sh:path qk:value ; sh:maxInclusive 500 ; sh:message "large" .
ex:no-large-value a sh:NodeShape ; sh:targetNode qk:value ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:select "SELECT $this ?value WHERE { ?value $this ?v FILTER (?v > 900) }" ] .
ex:no-title a sh:NodeShape ; sh:targetClass qk:Source ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ; sh:select
        "SELECT $this ?value WHERE { $this ?p ?value FILTER (?p = dcterms:title) }" ] .
ex:prefixes sh:declare [ sh:prefix "dcterms" ;
    sh:namespace "http://purl.org/dc/terms/"^^xsd:anyURI ] .
"""


def test_a_build_with_findings_of_every_kind_of_check_agrees(tmp_path: Path,
                                                             monkeypatch) -> None:
    """Checks that read any chunk (on their selected in-memory store, or on the build's store
    when one could read any triple), pre-bound SHACL-SPARQL, and chunk-local checks (on stores
    of a few chunks): stricter shapes of a project's own give findings of each on the build."""
    monkeypatch.setattr(subset, "CHUNK_PART_TRIPLES", 2000)  # several stores of chunks
    monkeypatch.setattr(subset, "STORE_BUDGET_TRIPLES", 3000)  # several for the others
    project = synthetic(tmp_path / "synthetic", 300)
    shutil.copytree(REPO / "shapes", project.root / "shapes")
    (project.root / "shapes" / "strict.ttl").write_text(STRICT, encoding="utf-8")
    project = open_project(project.root)
    ours, reference = both(project)
    assert_same(ours, reference)
    assert {"short-quote", "stated-by-a-person", "small-values", "no-large-value",
            "no-title"} <= {f.check for f in ours.findings}
    assert ours.revalidated is not None and len(ours.revalidated) > 3
