"""The engine's door (kg.engine.runner): the fast engine gives the reference's outcomes. The
conflict rules find on their own in-memory store (kg.engine.subset) exactly the pairs they find
on the build's store; lookups in batches and chunk jobs by parts give what one pass gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from kg.build.run import build
from kg.conflicts.find import find_conflicts, rule_pairs
from kg.conflicts.rules import Rule, load_rules
from kg.conflicts.views import load_claim_views
from kg.engine.chunks import current_chunks
from kg.engine.runner import ChunkJob, FastEngine, Job, PlainEngine
from kg.engine.store import open_store
from kg.engine.subset import named_iris, selected_store
from kg.engine.tuning import VALUES_BATCH
from kg.project import open_project

from .test_incremental import _synthetic

QK = "https://w3id.org/qantar/ontology#"


def _same_pairs_on_both_stores(root: Path) -> int:
    project = open_project(root)
    rules = load_rules(project.queries_dirs)
    named = named_iris([r.text for r in rules])
    assert named is not None
    own, full = selected_store(project, named), open_store(project)
    assert len(own) < len(full)  # a part of the build, not a copy of it
    found = 0
    for rule in rules:
        pairs = rule_pairs(own, rule)
        assert pairs == rule_pairs(full, rule), rule.reason
        found += len(pairs)
    return found


def test_the_rules_find_the_same_pairs_on_their_own_store_bundled(built_bundled: Path) -> None:
    assert _same_pairs_on_both_stores(built_bundled) > 0


def test_the_rules_find_the_same_pairs_on_their_own_store_synthetic(tmp_path: Path) -> None:
    project = open_project(_synthetic(tmp_path, 1200))
    build(project)
    assert _same_pairs_on_both_stores(project.root) > 100


def test_the_build_conflicts_match_the_rules_run_on_the_build_store(tmp_path: Path) -> None:
    project = open_project(_synthetic(tmp_path, 1200))
    build(project)
    fast = find_conflicts(FastEngine(project), project.queries_dirs, include_info=True)
    plain = find_conflicts(PlainEngine(open_store(project)), project.queries_dirs,
                           include_info=True)
    assert fast == plain
    assert len(fast.conflicts) > 10 and len(fast.disputes) > 1


@pytest.mark.parametrize("body", [
    "$this ?p ?value .",
    "$this !(<urn:x>) ?value .",
    "$this <urn:x> ?value . FILTER NOT EXISTS { ?value ?p $this }",
    "$this <urn:x> ?value . FILTER EXISTS { ?value !<urn:y> $this }",
    "$this a ?class ; <urn:x> ?value .",
    "$this a/<urn:sub>* <urn:C> ; <urn:x> ?value .",
    "$this a ?class ; <urn:x> ?value . OPTIONAL { VALUES ?class { <urn:C> } }",
    "{ $this a ?class } UNION { VALUES ?class { <urn:C> } } $this <urn:x> ?value .",
    "$this a ?class ; <urn:x> ?value . VALUES ?class { <urn:C> UNDEF }",
])
def test_a_rule_that_could_read_any_triple_names_no_iris(body: str) -> None:
    rule = Rule("contradiction", "warning", "any", f"SELECT $this ?value WHERE {{ {body} }}")
    assert named_iris([rule.text]) is None


def test_the_rules_name_the_iris_inside_paths_and_exists() -> None:
    text = (f"PREFIX qk: <{QK}> SELECT $this ?value WHERE {{ $this qk:a ?value . "
            "FILTER NOT EXISTS { ?value (qk:b|^qk:c)+/qk:d $this } }")
    assert named_iris([text]) == {f"{QK}{n}" for n in "abcd"}


def test_a_class_listed_by_values_in_the_same_group_is_named() -> None:
    """How the SHACL engine writes `sh:class` and targets: a class and its subclasses listed."""
    text = ("SELECT $this WHERE { $this a ?c ; <urn:x> ?v . VALUES ?c { <urn:A> <urn:B> } "
            "FILTER NOT EXISTS { ?v a ?d . VALUES ?d { <urn:D> } } }")
    assert named_iris([text]) == {"urn:A", "urn:B", "urn:D", "urn:x", str(RDF.type)}


def test_a_project_rule_with_a_variable_predicate_still_finds_its_pairs(tmp_path: Path) -> None:
    project = open_project(_synthetic(tmp_path, 300))
    build(project)
    (project.root / "queries").mkdir()
    (project.root / "queries" / "conflict-disputed.rq").write_text(
        f"PREFIX qk: <{QK}>\nSELECT $this ?value WHERE {{ $this qk:subject ?s ; ?p ?v . "
        "?value qk:subject ?s ; qk:wording ?v . "
        "FILTER(?p = qk:wording && STR($this) < STR(?value)) }",
        encoding="utf-8")
    project = open_project(project.root)
    found = find_conflicts(FastEngine(project), project.queries_dirs)
    assert [c for c in found.conflicts if c.reason == "disputed"]
    assert found == find_conflicts(PlainEngine(open_store(project)), project.queries_dirs)


def test_claim_details_are_read_in_batches(tmp_path: Path) -> None:
    project = open_project(_synthetic(tmp_path, 1200))
    build(project)
    plain = PlainEngine(open_store(project))
    every = load_claim_views(plain, project.queries_dirs)
    assert len(every) >= 1200
    wanted = sorted(every)[: 2 * VALUES_BATCH + 7]
    assert load_claim_views(plain, project.queries_dirs, wanted) == {i: every[i] for i in wanted}
    # three batches on worker processes, each with its own handle on the store
    fast = load_claim_views(FastEngine(project), project.queries_dirs, wanted)
    assert fast == {i: every[i] for i in wanted}


def _subjects_by_chunk(store, owner: dict[str, str]) -> list[tuple[str, str]]:
    """Every claim subject with its chunk: what a chunk job sees of its part."""
    rows = store.query("SELECT DISTINCT ?c WHERE { ?c a <https://w3id.org/qantar/ontology#Claim> }")
    return sorted((owner[str(row[0])], str(row[0])) for row in rows if str(row[0]) in owner)


def test_jobs_give_the_same_outcomes_on_both_engines(tmp_path: Path, monkeypatch) -> None:
    """Several jobs (one whose query could read any triple) and a chunk job cut into parts."""
    monkeypatch.setattr("kg.engine.subset.CHUNK_PART_TRIPLES", 2000)  # parts of a small build
    project = open_project(_synthetic(tmp_path, 1200))
    build(project)
    chunks = current_chunks(project)
    claims = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a <{QK}Claim> }}"
    anything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def count(text: str):
        return lambda store: int(next(iter(store.query(text)))[0].value)
    jobs = [Job((claims,), count(claims)), Job((anything,), count(anything)),
            ChunkJob(chunks, (claims,), _subjects_by_chunk)]
    fast = FastEngine(project).run(jobs)
    plain = PlainEngine(open_store(project)).run(jobs)
    assert fast[:2] == plain[:2] and fast[0] >= 1200 and fast[1] > fast[0]
    assert len(fast[2]) > 1  # the chunks were cut into parts, each its own store
    assert sorted(pair for part in fast[2] for pair in part) == plain[2][0]
    assert len(plain[2][0]) == fast[0]


def test_a_pre_bound_this_names_its_nodes_where_the_binding_reaches() -> None:
    """SHACL-SPARQL on sh:targetNode: `$this` is substituted, but not inside a subquery that
    does not project it (as pyoxigraph does)."""
    reached = "SELECT $this ?v WHERE { ?s $this ?v FILTER EXISTS { ?v $this ?w } }"
    assert named_iris([reached], this=[URIRef("urn:p")]) == {"urn:p"}
    assert named_iris([reached]) is None
    hidden = "SELECT $this ?v WHERE { { SELECT ?v WHERE { ?s $this ?v } } }"
    assert named_iris([hidden], this=[URIRef("urn:p")]) is None
