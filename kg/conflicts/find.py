"""Conflict detection: run the rules on the store, explain each finding, group disputes.

The rules are SPARQL (kg.conflicts.rules); this module only glues their pairs to the claims'
details and writes plain-English explanations (DESIGN.md §5: "Python only normalises figures,
glues results and writes explanations").
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.conflicts.explain import explain_conflict, explain_dispute
from kg.conflicts.rules import Rule, load_rules
from kg.conflicts.views import ClaimView, load_claim_views, short
from kg.engine.runner import Engine, Job
from kg.errors import QueryError
from kg.namespaces import CONFLICT_SHAPES, DEFAULT_BASE
from kg.output.findings import Finding, Quote
from kg.query.library import resolve, run


@dataclass(frozen=True)
class Conflict:
    id: str
    reason: str
    severity: str  # "conflict" or "info"
    subject: str
    property: str
    explanation: str
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True)
class Dispute:
    id: str
    conflicts: tuple[str, ...]
    explanation: str
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True)
class ConflictReport:
    conflicts: tuple[Conflict, ...]
    disputes: tuple[Dispute, ...]
    info: tuple[Conflict, ...]


def rule_pairs(store: ox.Store, rule: Rule) -> list[tuple[str, str]]:
    """The (claim IRI, claim IRI) pairs a rule selects, in a stable order."""
    rows = run(store, rule.text)
    return sorted((row["this"].value, row["value"].value) for row in rows)


def find_conflicts(engine: Engine, queries_dirs: list[Path],
                   include_info: bool = False) -> ConflictReport:
    """The conflicts the rules find through `engine`: the build's (kg.engine.runner.FastEngine)
    or any store's (PlainEngine: a partner's file, a test's corpus), with the claims' details."""
    rules = [r for r in load_rules(queries_dirs) if r.is_conflict or include_info]
    found = engine.run([Job((rule.text,), partial(rule_pairs, rule=rule)) for rule in rules])
    pairs = {rule.reason: selected for rule, selected in zip(rules, found, strict=True)}
    iris = {iri for selected in pairs.values() for pair in selected for iri in pair}
    views = load_claim_views(engine, queries_dirs, iris)
    conflicts: list[Conflict] = []
    info: list[Conflict] = []
    for rule in rules:
        for this, other in pairs[rule.reason]:
            pair = (views[this], views[other])
            finding = Conflict(
                id=f"{rule.reason}/{pair[0].id}/{pair[1].id}", reason=rule.reason,
                severity="conflict" if rule.is_conflict else "info",
                subject=pair[0].subject, property=pair[0].property,
                explanation=explain_conflict(rule.reason, pair), claims=pair)
            (conflicts if rule.is_conflict else info).append(finding)
    return ConflictReport(tuple(conflicts), tuple(_disputes(conflicts)), tuple(info))


def _disputes(conflicts: list[Conflict]) -> list[Dispute]:
    """Connected components of the conflict graph: claims are nodes, conflicts are edges."""
    graph = nx.Graph()
    for conflict in conflicts:
        first, second = conflict.claims
        graph.add_edge(first.iri, second.iri, conflict=conflict)
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: c[0])
    number_of = {iri: n for n, component in enumerate(components) for iri in component}
    grouped: list[list[Conflict]] = [[] for _ in components]
    for conflict in conflicts:
        grouped[number_of[conflict.claims[0].iri]].append(conflict)
    disputes = []
    for number, members in enumerate(grouped, start=1):
        claims = {view.iri: view for c in members for view in c.claims}
        ordered = tuple(sorted(claims.values(), key=lambda v: (v.sort_date, v.id)))
        disputes.append(Dispute(f"dispute-{number}", tuple(c.id for c in members),
                                explain_dispute(members, ordered), ordered))
    return disputes


def narrowed(report: ConflictReport, reasons: Collection[str] = (),
             subjects: Collection[str] = ()) -> ConflictReport:
    """The findings of `reasons` (all when empty) about `subjects` (either claim's subject, as
    claim sheets name it: `event/x`; all when empty), for `kg conflicts --reason/--subject`.

    A dispute is kept when one of its conflicts is, under its own id, so that dispute-3 of a
    narrowed report is dispute-3 of the whole one; it lists only the conflicts kept and is
    explained from them and their claims (what the reader is shown), not from the whole."""
    def wanted(finding: Conflict) -> bool:
        return ((not reasons or finding.reason in reasons)
                and (not subjects or any(view.subject in subjects for view in finding.claims)))

    conflicts = [c for c in report.conflicts if wanted(c)]
    kept = {c.id: c for c in conflicts}
    disputes = []
    for dispute in report.disputes:
        members = [kept[i] for i in dispute.conflicts if i in kept]
        if len(members) == len(dispute.conflicts):
            disputes.append(dispute)
        elif members:
            claims = {view.iri: view for c in members for view in c.claims}
            ordered = tuple(sorted(claims.values(), key=lambda v: (v.sort_date, v.id)))
            disputes.append(Dispute(dispute.id, tuple(c.id for c in members),
                                    explain_dispute(members, ordered), ordered))
    return ConflictReport(tuple(conflicts), tuple(disputes),
                          tuple(c for c in report.info if wanted(c)))


def entity_refs(engine: Engine, queries_dirs: list[Path], base: str = DEFAULT_BASE) -> set[str]:
    """Every entity of the build as claim sheets name it (`event/bloody-january`), read with
    the named query `names`, so that a mistyped `--subject` is told apart from one with no
    conflicts."""
    text = resolve("names", queries_dirs)
    found = engine.run([Job((text,), lambda store: sorted(
        {short(row["entity"].value, base) for row in run(store, text)}))])
    return set(found[0])


def check_names(option: str, noun: str, given: Sequence[str], known: Sequence[str],
                list_known: bool = True) -> None:
    """Refuse the first of `given` that is not `known` with a sentence: the nearest names
    ("did you mean") and, when `list_known` (a short list, such as the reasons), all of them
    in their order."""
    for name in given:
        if name in known:
            continue
        near = difflib.get_close_matches(name, known, n=3)
        hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else "."
        listed = f" Known: {', '.join(known)}." if list_known else ""
        raise QueryError(f"{option} {name!r}: no such {noun}{hint}{listed}")


def conflict_findings(conflicts: list[Conflict]) -> list[Finding]:
    """Conflicts in the findings model that `kg validate --conflicts` and the report share."""
    return [Finding(check=c.reason, severity="warning", focus=f"claim/{c.claims[0].id}",
                    message=c.explanation, claims=tuple(v.id for v in c.claims),
                    quotes=tuple(Quote(v.id, v.source, v.quote, v.start, v.end)
                                 for v in c.claims), value=f"claim/{c.claims[1].id}")
            for c in conflicts]


def add_conflict_results(results: Graph, conflicts: list[Conflict]) -> None:
    """Add conflicts to a W3C SHACL validation report as shapes/conflicts.ttl would report
    them (focus the first claim, sh:value the other, severity sh:Warning)."""
    report = results.value(None, RDF.type, SH.ValidationReport)
    if report is not None and conflicts:
        results.set((report, SH.conforms, Literal(False)))
    for conflict in conflicts:
        first, second = conflict.claims
        node = URIRef(f"{first.iri}#conflict-{conflict.reason}-{second.id}")
        results.add((node, RDF.type, SH.ValidationResult))
        results.add((node, SH.focusNode, URIRef(first.iri)))
        results.add((node, SH.value, URIRef(second.iri)))
        results.add((node, SH.resultSeverity, SH.Warning))
        results.add((node, SH.sourceShape, CONFLICT_SHAPES[conflict.reason]))
        results.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        results.add((node, SH.resultMessage, Literal(conflict.explanation)))
        if report is not None:
            results.add((report, SH.result, node))
