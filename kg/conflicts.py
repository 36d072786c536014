"""Conflict detection: run the rules on the store, explain each finding, group disputes.

The rules are SPARQL (kg.conflict_rules); this module only glues their pairs to the claims'
details and writes plain-English explanations (DESIGN.md §5: "Python only normalises figures,
glues results and writes explanations").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.claim_views import ClaimView, load_claim_views
from kg.conflict_rules import Rule, load_rules
from kg.explain import explain_conflict, explain_dispute
from kg.queries import run


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


def find_conflicts(store: ox.Store, queries_dirs: list[Path],
                   include_info: bool = False) -> ConflictReport:
    views = load_claim_views(store, queries_dirs)
    conflicts: list[Conflict] = []
    info: list[Conflict] = []
    for rule in load_rules(queries_dirs):
        if not rule.is_conflict and not include_info:
            continue
        for this, other in rule_pairs(store, rule):
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
    disputes = []
    for number, component in enumerate(components, start=1):
        members = [c for c in conflicts if c.claims[0].iri in component]
        claims = {view.iri: view for c in members for view in c.claims}
        ordered = tuple(sorted(claims.values(), key=lambda v: (v.sort_date, v.id)))
        disputes.append(Dispute(f"dispute-{number}", tuple(c.id for c in members),
                                explain_dispute(members, ordered), ordered))
    return disputes
