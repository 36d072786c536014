"""The conflict rules run on their own in-memory store (kg.engine.subset) and find exactly the
pairs they find on the build's store; the claims' details are read in batches."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from rdflib import RDF, URIRef

from kg.build.run import build
from kg.conflicts.find import build_conflicts, find_conflicts, rule_pairs
from kg.conflicts.rules import Rule, load_rules
from kg.conflicts.views import load_claim_views
from kg.engine.store import open_store, reopen_store
from kg.engine.subset import named_iris, store_for
from kg.engine.tuning import VALUES_BATCH
from kg.project import open_project

from .test_incremental import _synthetic

QK = "https://w3id.org/qantar/ontology#"


def _same_pairs_on_both_stores(root: Path) -> int:
    project = open_project(root)
    rules = load_rules(project.queries_dirs)
    own, full = store_for(project, [r.text for r in rules]), open_store(project)
    assert own is not None
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
    fast = build_conflicts(project, include_info=True)
    plain = find_conflicts(open_store(project), project.queries_dirs, include_info=True)
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
def test_a_rule_that_could_read_any_triple_runs_on_the_full_store(built_bundled: Path,
                                                                  body: str) -> None:
    rule = Rule("contradiction", "warning", "any", f"SELECT $this ?value WHERE {{ {body} }}")
    assert named_iris([rule.text]) is None
    assert store_for(open_project(built_bundled), [rule.text]) is None


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
    found = build_conflicts(project)
    assert [c for c in found.conflicts if c.reason == "disputed"]
    assert found == find_conflicts(open_store(project), project.queries_dirs)


def test_claim_details_are_read_in_batches(tmp_path: Path) -> None:
    project = open_project(_synthetic(tmp_path, 1200))
    build(project)
    store = open_store(project)
    every = load_claim_views(store, project.queries_dirs)
    wanted = sorted(every)[: 2 * VALUES_BATCH + 7]
    assert load_claim_views(store, project.queries_dirs, wanted) == {i: every[i] for i in wanted}
    # on worker processes, each with its own handle on the store
    on_workers = load_claim_views(store, project.queries_dirs, wanted,
                                  partial(reopen_store, project))
    assert on_workers == {i: every[i] for i in wanted}


def test_a_pre_bound_this_names_its_nodes_where_the_binding_reaches() -> None:
    """SHACL-SPARQL on sh:targetNode: `$this` is substituted, but not inside a subquery that
    does not project it (as pyoxigraph does)."""
    reached = "SELECT $this ?v WHERE { ?s $this ?v FILTER EXISTS { ?v $this ?w } }"
    assert named_iris([reached], this=[URIRef("urn:p")]) == {"urn:p"}
    assert named_iris([reached]) is None
    hidden = "SELECT $this ?v WHERE { { SELECT ?v WHERE { ?s $this ?v } } }"
    assert named_iris([hidden], this=[URIRef("urn:p")]) is None
