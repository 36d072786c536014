"""`kg export --view consensus`: plain triples only where every claim agrees, each linked to
its claims; what was left out listed with the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.run import build
from kg.project import open_project

from .conftest import REPO

ID, QK = "https://w3id.org/qantar/id/", "https://w3id.org/qantar/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
OA = "http://www.w3.org/ns/oa#"
PARSERS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
           "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[ox.Triple]]:
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "kg.toml", root / "kg.toml")
    build(open_project(root))
    from typer.testing import CliRunner

    from kg.cli.app import app

    result = CliRunner().invoke(app, ["export", "--view", "consensus", "-p", str(root)])
    assert result.exit_code == 0, result.stderr
    triples = {q.triple for q in ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE)}
    return root, triples


def test_238_dead_is_nowhere_in_the_consensus(view) -> None:
    _, triples = view
    assert not [t for t in triples if t.object == integer(238)]
    assert not [t for t in triples if t.predicate.value == f"{QK}deaths"]


def test_the_karasai_courts_six_defendants_are_there(view) -> None:
    _, triples = view
    trial = ox.NamedNode(f"{ID}trial/karasai-police-torture")
    for prop in ("defendantsImprisoned", "defendantsConvicted"):
        assert ox.Triple(trial, ox.NamedNode(QK + prop), integer(6)) in triples
    court = ox.Triple(trial, ox.NamedNode(f"{QK}court"),
                      ox.NamedNode(f"{ID}court/karasai-district-court"))
    assert court in triples


def test_each_fact_is_reified_and_derived_from_its_claims(view) -> None:
    _, triples = view
    statements = {t.subject for t in triples if t.object == ox.NamedNode(f"{RDF}Statement")}
    facts = {t for t in triples
             if t.predicate.value.startswith(QK) and t.subject.value.startswith(ID)
             and not t.subject.value.startswith(f"{ID}consensus/")}
    assert len(statements) == len(facts) > 50
    node = ox.NamedNode(f"{ID}consensus/trial/karasai-police-torture/defendantsImprisoned")
    about = {t.predicate.value.rsplit("#", 1)[-1]: t.object for t in triples if t.subject == node}
    assert about["subject"].value == f"{ID}trial/karasai-police-torture"
    assert about["predicate"].value == f"{QK}defendantsImprisoned"
    assert about["object"] == integer(6)
    sources = {t.object.value for t in triples if t.subject == node and t.predicate == PROV_DERIVED}
    assert sources == {f"{ID}claim/002-03"}


def test_what_was_left_out_is_listed_with_the_reason(view) -> None:
    _, triples = view
    node = ox.NamedNode(f"{ID}consensus/left-out/event/bloody-january/deaths")
    about = [t for t in triples if t.subject == node]
    assert ox.NamedNode(f"{OA}Annotation") in {t.object for t in about}
    targets = {t.object.value.rsplit("/", 1)[-1] for t in about
               if t.predicate.value == f"{OA}hasTarget"}
    assert targets == {"000-05", "004-01", "004-08", "004-11"}
    body = next(t.object.value for t in about if t.predicate.value == f"{OA}bodyValue")
    assert body.startswith("disputed: ") and "238" in body and "higher than 238" in body
    reasons = {t.object.value.split(":", 1)[0] for t in triples
               if t.predicate.value == f"{OA}bodyValue"}
    assert reasons <= {"disputed", "disagree", "inexact", "units", "scoped"}
    assert {"disagree", "scoped"} <= reasons
    scoped = ox.NamedNode(f"{ID}consensus/left-out/event/bloody-january/deaths/scope/"
                          "lawEnforcement")
    body = next(t.object.value for t in triples
                if t.subject == scoped and t.predicate.value == f"{OA}bodyValue")
    assert body.startswith("scoped: ") and "(scope lawEnforcement) (19)" in body


def test_taldykorgan_figures_that_disagree_are_left_out(view) -> None:
    _, triples = view
    trial = f"{ID}trial/taldykorgan-police-torture"
    assert not [t for t in triples if t.subject.value == trial
                and t.predicate.value == f"{QK}defendantsImprisoned"]


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_every_format_of_the_view_parses_and_agrees(kg, view, fmt) -> None:
    root, triples = view
    result = kg("export", "--view", "consensus", "-f", fmt, "-p", str(root))
    assert result.exit_code == 0
    quads = list(ox.parse(result.stdout_bytes, format=PARSERS[fmt]))
    assert {q.triple for q in quads} == triples
    if fmt in ("trig", "nq"):
        assert {q.graph_name.value for q in quads} == {f"{ID}graph/consensus"}
