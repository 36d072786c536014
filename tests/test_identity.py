"""A corpus's own identity (issue 19 item 2): `kg init --base-iri` gives a corpus whose build,
exports, description, conflicts and named queries use its base IRI and its main event, and
nothing of the Qantar corpus's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from .floods_corpus import floods_corpus

BASE = "https://floods.example.org/id/"
QANTAR = "https://w3id.org/qantar/id/"


@pytest.fixture
def floods(kg, tmp_path: Path) -> Path:
    root = floods_corpus(kg, tmp_path / "floods", "--base-iri", BASE)
    built = kg("build", "-p", str(root))
    assert built.exit_code == 0, built.stderr
    return root


def test_the_build_mints_every_resource_under_the_base(floods: Path) -> None:
    data = (floods / "build" / "kg.nt").read_text(encoding="utf-8")
    assert QANTAR not in data
    graph = Graph().parse(floods / "build" / "kg.nt")
    claim = URIRef(BASE + "claim/001-01")
    assert (claim, None, None) in graph
    assert graph.value(claim, URIRef("https://w3id.org/qantar/ontology#subject")) == \
        URIRef(BASE + "event/valley-floods")
    assert (URIRef(BASE + "settings"), None, None) in graph


def test_exports_and_the_description_use_the_base(kg, floods: Path, tmp_path: Path) -> None:
    for name in ("kg.nq", "kg.trig", "consensus.ttl", "void.ttl"):
        args = {"consensus.ttl": ["--view", "consensus"], "void.ttl": ["--describe"]}.get(name, [])
        out = tmp_path / name
        result = kg("export", *args, "-o", str(out), "-p", str(floods))
        assert result.exit_code == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert QANTAR not in text, name
        assert BASE in text, name
    quads = (tmp_path / "kg.nq").read_text(encoding="utf-8")
    assert f"<{BASE}graph/source/001_valley> ." in quads
    void = (tmp_path / "void.ttl").read_text(encoding="utf-8")
    assert f'void:uriSpace "{BASE}"' in void and "Floods of 2024" in void


def test_conflicts_name_entities_by_their_short_form(kg, floods: Path) -> None:
    report = json.loads(kg("conflicts", "--format", "json", "-p", str(floods)).stdout)
    assert report["conflicts"], "20 against 9 for one toll on one day is a contradiction"
    assert {c["subject"] for c in report["conflicts"]} == {"event/valley-floods"}


def test_named_queries_default_to_the_corpus_main_event(kg, floods: Path) -> None:
    timeline = kg("query", "timeline", "-f", "csv", "-p", str(floods))
    assert timeline.exit_code == 0, timeline.stderr
    assert timeline.stdout.count("001_valley") == 3
    about = kg("query", "about", "--param", "entity=qid:event/valley-floods", "-f", "csv",
               "-p", str(floods))
    assert about.stdout.count(BASE + "claim/") == 3


def test_a_corpus_without_a_main_event_is_told_how_to_set_one(kg, floods: Path) -> None:
    settings = floods / "kg.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'main_event = "event/valley-floods"', ""), encoding="utf-8")
    result = kg("query", "timeline", "-p", str(floods))
    assert result.exit_code == 2
    assert "main_event" in result.stderr and "--param subject=" in result.stderr


@pytest.mark.parametrize("setting, said", [
    ('base_iri = "floods/id/"', "absolute http(s)"),
    ('base_iri = "https://floods.example.org/id"', "must end in '/' or '#'"),
    ('main_event = "valley-floods"', "write <kind>/<slug>"),
    ('home = "x"', "unknown setting"),
])
def test_a_bad_identity_setting_names_the_file(kg, floods: Path, setting, said) -> None:
    settings = floods / "kg.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace(f'base_iri = "{BASE}"', setting if "base_iri" in setting else
                        f'base_iri = "{BASE}"\n{setting}')
    if "main_event" in setting:
        text = text.replace('main_event = "event/valley-floods"', "")
    settings.write_text(text, encoding="utf-8")
    result = kg("build", "-p", str(floods))
    assert result.exit_code == 2
    assert "kg.toml" in result.stderr and said in result.stderr


def test_init_refuses_a_bad_base_iri(kg, tmp_path: Path) -> None:
    result = kg("init", str(tmp_path / "x"), "--base-iri", "ftp://x.example/id/")
    assert result.exit_code == 2 and "--base-iri" in result.stderr
    assert not (tmp_path / "x").exists()


def test_query_tables_show_the_corpus_resources_short(kg, floods: Path) -> None:
    table = kg("query", "timeline", "-p", str(floods)).stdout
    assert "claim/001-01" in table and BASE not in table


def test_validation_findings_name_the_corpus_resources_short(kg, floods: Path,
                                                            tmp_path: Path) -> None:
    export = tmp_path / "kg.nt"
    assert kg("export", "-o", str(export), "-p", str(floods)).exit_code == 0
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = [line for line in lines
              if not (line.startswith(f"<{BASE}claim/001-01>") and "ontology#quote>" in line)]
    assert len(broken) == len(lines) - 1
    export.write_text("".join(broken), encoding="utf-8")
    result = kg("validate", str(export), "--format", "json", "-p", str(floods))
    assert result.exit_code == 1, result.stdout
    assert BASE not in result.stdout and "claim/001-01" in result.stdout
