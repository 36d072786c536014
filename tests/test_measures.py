"""Measures with scope and project extensions (issue: a claim model for any article): a project's
own `ontology/*.ttl` adds a measure and a scope value that conflicts then use; what an added term
lacks, or a sheet misnames, is refused with the file and a sentence."""

from __future__ import annotations

from pathlib import Path

from kg.build.run import build
from kg.project import open_project

from .conflict_corpus import claim, findings, write_corpus

EXTRA = """\
@prefix qk: <https://w3id.org/qantar/ontology#> .
@prefix ex: <https://example.org/floods#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:evacuated a qk:Measure, qk:ClaimProperty ; rdfs:label "people evacuated"@en ;
    qk:kind qk:Tally ; qk:valueType qk:CountValue ; qk:defaultUnit qk:PersonUnit .
ex:refugees a qk:ScopeValue ; rdfs:label "refugees"@en ; qk:dimension qk:Population .
"""


def extended(root: Path, claims: list[dict], extra: str = EXTRA) -> Path:
    write_corpus(root, claims)
    (root / "ontology").mkdir()
    (root / "ontology" / "extra.ttl").write_text(extra, encoding="utf-8")
    return root



def test_an_added_measure_and_scope_value_are_compared(tmp_path: Path) -> None:
    root = extended(tmp_path, [
        claim("100-01", "evacuated", 500, scope="refugees"),
        claim("200-01", "evacuated", 300),
        claim("100-02", "evacuated", 40, scope=["refugees", "minors"]),
        claim("200-02", "evacuated", 45, scope=["minors", "refugees"])])
    assert findings(root) == {"part-exceeds-whole 100-01 200-01",
                              "contradiction 100-02 200-02"}


def test_the_bundled_vocabulary_stays_beside_the_additions(tmp_path: Path) -> None:
    root = extended(tmp_path, [claim("100-01", "deaths", 30, scope="lawEnforcement"),
                               claim("200-01", "deaths", 20)])
    assert findings(root) == {"part-exceeds-whole 100-01 200-01"}


def test_a_measure_without_a_kind_or_unit_is_refused_with_its_file(kg, tmp_path: Path) -> None:
    root = extended(tmp_path, [claim("100-01", "deaths", 3)], EXTRA.replace(
        "qk:kind qk:Tally ; ", "").replace(
        'qk:dimension qk:Population .', '.'))
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2
    assert "extra.ttl: claim property evacuated needs a qk:kind" in result.stderr
    assert "scope value refugees needs a qk:dimension" in result.stderr
    assert not (root / "build" / "kg.nt").exists()


def test_a_count_without_a_unit_is_refused(kg, tmp_path: Path) -> None:
    root = extended(tmp_path, [claim("100-01", "deaths", 3)],
                    EXTRA.replace(" ; qk:defaultUnit qk:PersonUnit", ""))
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2 and "needs a qk:defaultUnit" in result.stderr


def test_a_second_kind_for_a_bundled_measure_is_refused(kg, tmp_path: Path) -> None:
    root = extended(tmp_path, [claim("100-01", "deaths", 3)],
                    EXTRA + "qk:deaths qk:kind qk:Fixed .\n")
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2
    doubled = "extra.ttl: qk:deaths has 2 values of qk:kind (in qantar.ttl, extra.ttl)"
    assert doubled in result.stderr


def test_an_unknown_scope_names_the_line_and_the_known_values(kg, tmp_path: Path) -> None:
    root = write_corpus(tmp_path, [claim("100-01", "deaths", 3, scope="policemen")])
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2
    assert "100_a.yaml:" in result.stderr and "unknown scope 'policemen'" in result.stderr
    assert "lawEnforcement" in result.stderr


def test_scope_narrows_counts_only(kg, tmp_path: Path) -> None:
    root = write_corpus(tmp_path, [claim("100-01", "court", subject="trial/t",
                                         object="court/c1", scope="lawEnforcement")])
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2 and "court is not a measure" in result.stderr


def test_scope_is_published_with_its_set_and_what_it_narrows(tmp_path: Path) -> None:
    root = write_corpus(tmp_path, [claim("100-01", "deaths", 3,
                                         scope=["place/city", "lawEnforcement"])])
    build(open_project(root))
    text = (root / "build" / "kg.nt").read_text(encoding="utf-8")
    claim_iri = "<https://w3id.org/qantar/id/claim/100-01>"
    lines = {line for line in text.splitlines() if line.startswith(claim_iri)}
    scope = "https://w3id.org/qantar/ontology#scope"
    assert f"{claim_iri} <{scope}> <https://w3id.org/qantar/ontology#lawEnforcement> ." in lines
    assert f"{claim_iri} <{scope}> <https://w3id.org/qantar/id/place/city> ." in lines
    sets = sorted(line.split()[2] for line in lines if "#scopeWithin>" in line)
    assert sets == ["<https://w3id.org/qantar/id/scope/all>",
                    "<https://w3id.org/qantar/id/scope/lawEnforcement+place/city>",
                    "<https://w3id.org/qantar/id/scope/lawEnforcement>",
                    "<https://w3id.org/qantar/id/scope/place/city>"]
