"""Every shape has a violating and a conforming fixture, and both SHACL engines agree on each.

A fixture is the small valid corpus (tests/data/mini) built, then changed by one SPARQL Update:
the violating change must make exactly the expected shape fire (among possibly others it
implies); the conforming change is a near miss that must still conform. The same Turtle goes to
pySHACL (through kg.validate.run) and to rudof (tests/second_engine.py), whose verdicts must match.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kg.build.run import build
from kg.corpus.ontology import load_ontology
from kg.namespaces import QID
from kg.project import open_project
from kg.validate.run import ON_DEMAND, load_shapes, shape_files, validate

from .conftest import REPO, TEST_DATA
from .second_engine import pyshacl_verdict, rudof_verdict

PREFIXES = """
PREFIX qk: <https://w3id.org/qantar/ontology#>
PREFIX qid: <https://w3id.org/qantar/id/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def iri(path: str) -> str:
    return f"<{QID[path]}>"


C1, C4, C7 = iri("claim/100-01"), iri("claim/100-04"), iri("claim/100-07")
Q1, POS1, TXT1 = iri("claim/100-01/quote"), iri("claim/100-01/position"), iri("claim/100-01/text")
SRC, OFFICIALS = iri("source/100_mini"), iri("org/officials")


def replace(node: str, predicate: str, new: str) -> str:
    """Replace every value of `predicate` on `node` by `new` (a Turtle term)."""
    return (f"DELETE {{ {node} {predicate} ?old }} WHERE {{ {node} {predicate} ?old }} ; "
            f"INSERT DATA {{ {node} {predicate} {new} }}")


def delete(node: str, predicate: str) -> str:
    return f"DELETE WHERE {{ {node} {predicate} ?old }}"


def add(node: str, predicate: str, new: str) -> str:
    return f"INSERT DATA {{ {node} {predicate} {new} }}"


BASE = ""
# check: (violating change, conforming near miss)
CASES: dict[str, tuple[str, str]] = {
    "claim-subject": (delete(C1, "qk:subject"),
                      replace(C1, "qk:subject", iri("trial/almaty-trial"))),
    "claim-property": (replace(C1, "qk:property", "qk:noSuchProperty"),
                       replace(C1, "qk:property", "qk:peopleDetained")),
    "claim-source": (delete(C1, "prov:wasDerivedFrom"), BASE),
    "claim-quote": (delete(C1, "qk:quote"), BASE),
    "claim-quote-source": (replace(Q1, "oa:hasSource", iri("source/elsewhere")), BASE),
    "claim-lower-bound": (replace(C7, "qk:lowerBound", "-5"), replace(C7, "qk:lowerBound", "0")),
    "claim-upper-bound": (add(C7, "qk:upperBound", "1500"), BASE),
    "claim-bounds-ordered": (replace(C7, "qk:lowerBound", "2000"),
                             replace(C7, "qk:lowerBound", "1400")),
    "claim-value": (add(C1, "qk:value", "239"), BASE),
    "claim-unit-class": (replace(C1, "qk:unit", "qk:Person"),
                         replace(C1, "qk:unit", "qk:CaseUnit")),
    "claim-as-of": (replace(C1, "qk:asOf", '"March 2024"'),
                    replace(C1, "qk:asOf", '"2024"^^xsd:gYear')),
    "claim-stated-by": (replace(C1, "qk:statedBy", iri("event/unrest")),
                        replace(C1, "qk:statedBy", iri("court/almaty-court"))),
    "claim-relayed-by": (add(C1, "qk:relayedBy", OFFICIALS),
                         add(C1, "qk:relayedBy", iri("org/test-outlet"))),
    "claim-disputes": (replace(iri("claim/100-03"), "qk:disputes", iri("event/unrest")), BASE),
    "claim-status": (replace(C1, "qk:status", "qk:Exact"),
                     replace(C1, "qk:status", "qk:Superseded")),
    "claim-qualifier": (replace(C1, "qk:qualifier", "qk:Stated"),
                        replace(C1, "qk:qualifier", "qk:About")),
    # (a literal object would do too, but rudof, unlike pySHACL and the SHACL spec, does not
    # take literals as focus nodes of sh:targetObjectsOf, so the engines' verdicts differ)
    "claim-object": (add(C4, "qk:object", iri("trial/almaty-trial")), BASE),
    "claim-asserts-something": (
        f"{delete(C1, 'qk:value')} ; {delete(C1, 'qk:lowerBound')} ; "
        f"{delete(C1, 'qk:upperBound')}", delete(C1, "qk:value")),
    "claim-entity-object": (delete(C4, "qk:object"), BASE),
    "claim-unit-needed": (delete(C1, "qk:unit"), delete(iri("claim/100-06"), "qk:unit")),
    "quote-source": (delete(Q1, "oa:hasSource"), BASE),
    "quote-exact": (replace(TXT1, "oa:exact", '"  "'), BASE),
    "quote-start": (replace(POS1, "oa:start", "-1"), BASE),
    "quote-end": (delete(POS1, "oa:end"), BASE),
    "start-before-end": (f"{replace(POS1, 'oa:start', '40')} ; {replace(POS1, 'oa:end', '10')}",
                         BASE),
    "source-title": (delete(SRC, "dcterms:title"), add(SRC, "dcterms:title", '"Статья"@ru')),
    "source-language": (replace(SRC, "dcterms:language", '"English"'),
                        replace(SRC, "dcterms:language", '"en-GB"')),
    "source-hash": (replace(SRC, "qk:sha256", '"abc"'), BASE),
    "source-issued": (replace(SRC, "dcterms:issued", '"20 March 2024"'),
                      replace(SRC, "dcterms:issued", '"2024-03"^^xsd:gYearMonth')),
    "source-text": (add(SRC, "schema:text", '"another text"'), delete(SRC, "schema:text")),
    "source-date-known-or-unknown": (
        add(SRC, "qk:publicationDateUnknown", "true"),
        f"{delete(SRC, 'dcterms:issued')} ; {add(SRC, 'qk:publicationDateUnknown', 'true')}"),
    "entity-label": (delete(OFFICIALS, "rdfs:label"),
                     add(OFFICIALS, "rdfs:label", '"Чиновники"@ru')),
    "entity-class": (delete(OFFICIALS, "rdf:type"), BASE),
    "object-class": (replace(C4, "qk:object", iri("person/someone")), BASE),
    "as-of-not-after-publication": (replace(C1, "qk:asOf", '"2024-04"^^xsd:gYearMonth'),
                                    replace(C1, "qk:asOf", '"2024"^^xsd:gYear')),
    "quote-inside-article": (replace(POS1, "oa:end", "100000"), BASE),
}


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    root = tmp_path_factory.mktemp("shapes") / "mini"
    shutil.copytree(TEST_DATA / "mini", root)
    project = open_project(root)
    build(project)
    return root, project.build_file.read_bytes()


@pytest.fixture(scope="module")
def engines_input() -> tuple[Graph, Graph]:
    project = open_project(REPO)
    shapes = load_shapes(shape_files(project, ["offsets"]))
    return shapes, load_ontology(project.ontology_files).graph


def corrupted(base: bytes, update: str, target: Path) -> str:
    store = ox.Store()
    store.load(base, format=ox.RdfFormat.N_TRIPLES)
    if update:
        store.update(PREFIXES + update)
    turtle = store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph()).decode()
    target.write_text(turtle, encoding="utf-8")
    return turtle


def checks_and_verdicts(root: Path, file: Path, turtle: str, engines_input) -> tuple:
    report = validate(open_project(root), file, extra=["offsets"])
    shapes, ontology = engines_input
    return ({f.check for f in report.findings}, pyshacl_verdict(report.results),
            rudof_verdict(turtle, shapes, ontology))


def test_every_shape_with_an_iri_has_a_case_and_a_name_description_message() -> None:
    shapes = load_shapes(shape_files(open_project(REPO), ["offsets"]))
    named = {str(s).rsplit("#", 1)[-1] for s in shapes.subjects(SH.name, None)
             if str(s).startswith("https://w3id.org/qantar/shapes#")}
    containers = {"Claim", "Quote", "Source", "Entity"}
    assert named - containers == set(CASES)
    for shape in shapes.subjects(SH.name, None):
        assert shapes.value(shape, SH.description) is not None, shape
        messages = list(shapes.objects(shape, SH.message)) + [
            m for c in shapes.objects(shape, SH.sparql) for m in shapes.objects(c, SH.message)]
        assert messages, f"{shape} has no sh:message"


def test_the_base_fixture_conforms_in_both_engines(mini_build, engines_input, tmp_path) -> None:
    root, base = mini_build
    file = tmp_path / "base.ttl"
    checks, ours, theirs = checks_and_verdicts(root, file, corrupted(base, BASE, file),
                                               engines_input)
    assert checks == set() and ours == theirs == frozenset()


@pytest.mark.parametrize("check", sorted(CASES))
def test_violating_fixture(check: str, mini_build, engines_input, tmp_path: Path) -> None:
    root, base = mini_build
    file = tmp_path / f"{check}.ttl"
    checks, ours, theirs = checks_and_verdicts(root, file, corrupted(base, CASES[check][0], file),
                                               engines_input)
    assert check in checks
    assert ours == theirs


@pytest.mark.parametrize("check", sorted(c for c, (_, near) in CASES.items() if near))
def test_conforming_near_miss(check: str, mini_build, engines_input, tmp_path: Path) -> None:
    root, base = mini_build
    file = tmp_path / f"{check}.ttl"
    checks, ours, theirs = checks_and_verdicts(root, file, corrupted(base, CASES[check][1], file),
                                               engines_input)
    assert checks == set(), checks
    assert ours == theirs == frozenset()


def test_on_demand_shapes_are_not_run_by_default() -> None:
    names = {p.name for p in shape_files(open_project(REPO))}
    assert not names & set(ON_DEMAND.values())
    assert {"claims.ttl", "sources.ttl", "entities.ttl", "sparql-checks.ttl"} <= names
