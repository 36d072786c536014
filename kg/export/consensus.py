"""The consensus view: what partners can take as plain facts, and what was left out and why.

The rows come from two named queries, `consensus` and `consensus-left-out` (plain SPARQL, so
the same view can be computed on any store); this module only turns them into triples. The
pattern needs no RDF-star, only W3C vocabularies:

    qid:event/x  qk:deaths  238 .                      the plain triple
    qid:consensus/event/x/deaths  a rdf:Statement ;    RDF 1.1 reification of that triple
        rdf:subject qid:event/x ; rdf:predicate qk:deaths ; rdf:object 238 ;
        prov:wasDerivedFrom qid:claim/004-08, ... .    PROV-O: each supporting claim

and each subject and property (for a multi-valued property, each entity) left out becomes a
Web Annotation on its claims, motivated by assessing:

    qid:consensus/left-out/event/x/deaths  a oa:Annotation ;
        oa:motivatedBy oa:assessing ;
        oa:hasTarget qid:claim/000-05, qid:claim/004-08, ... ;
        dcterms:subject qid:event/x, qk:deaths ;
        oa:bodyValue "disputed: ..." .               the reason code, then a sentence

Subjects and entity values carry their `rdfs:label`, so the view reads on its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.engine.terms import iri
from kg.namespaces import DEFAULT_IDS, OA, QK, Ids
from kg.query.library import resolve, run

REASONS = {
    "disputed": "a claim on it disputes another, or is disputed",
    "disagree": "the claims give different exact values",
    "inexact": "a figure is only an interval (more than, nearly, a spread...)",
    "units": "a figure is not in the property's default unit, which a plain triple assumes",
    "scoped": "the claim counts a part named by its scope (officers among the dead), which a "
              "plain triple of its subject cannot say",
}


_TYPE, _LABEL = iri(RDF.type), iri(RDFS.label)


@dataclass(frozen=True)
class Fact:
    subject: ox.NamedNode
    property: ox.NamedNode
    value: ox.Term
    claims: tuple[ox.NamedNode, ...]


@dataclass(frozen=True)
class LeftOut:
    subject: ox.NamedNode
    property: ox.NamedNode
    entity: ox.Term | None  # the entity, for a multi-valued property
    scope: ox.NamedNode | None  # the scope set, for a scoped claim
    reason: str
    claims: tuple[ox.NamedNode, ...]
    readings: tuple[str, ...]  # how each claim words its figure, for the sentence


@dataclass(frozen=True)
class ConsensusView:
    facts: list[Fact]
    left_out: list[LeftOut]
    labels: dict[ox.Term, list[ox.Literal]]
    ids: Ids = DEFAULT_IDS  # the corpus's base IRI: the view's own nodes are minted under it

    def summary(self) -> str:
        reasons = Counter(item.reason for item in self.left_out)
        listed = ", ".join(f"{reason} {reasons[reason]}" for reason in REASONS if reasons[reason])
        return (f"{len(self.facts)} facts every claim agrees on; {len(self.left_out)} left out"
                + (f" ({listed})" if listed else ""))

    def triples(self) -> list[ox.Triple]:
        out = []
        for fact in self.facts:
            out.append(ox.Triple(fact.subject, fact.property, fact.value))
            node = _node("consensus", fact.subject, fact.property, fact.value, self.ids)
            out += [ox.Triple(node, _TYPE, iri(RDF.Statement)),
                    ox.Triple(node, iri(RDF.subject), fact.subject),
                    ox.Triple(node, iri(RDF.predicate), fact.property),
                    ox.Triple(node, iri(RDF.object), fact.value)]
            out += [ox.Triple(node, iri(PROV.wasDerivedFrom), c) for c in fact.claims]
        for item in self.left_out:
            node = _node("consensus/left-out", item.subject, item.property,
                         item.entity or item.scope, self.ids)
            out += [ox.Triple(node, _TYPE, iri(OA.Annotation)),
                    ox.Triple(node, iri(OA.motivatedBy), iri(OA.assessing)),
                    ox.Triple(node, iri(DCTERMS.subject), item.subject),
                    ox.Triple(node, iri(DCTERMS.subject), item.property),
                    ox.Triple(node, iri(OA.bodyValue), ox.Literal(sentence(item, self.ids)))]
            out += [ox.Triple(node, iri(OA.hasTarget), c) for c in item.claims]
        for term, labels in self.labels.items():
            out += [ox.Triple(term, _LABEL, label) for label in labels]
        return out


def sentence(item: LeftOut, ids: Ids = DEFAULT_IDS) -> str:
    """`reason: why` and the claims' own wording, e.g. "disputed: ... (over 200; 238; ...)"."""
    what = f"{_local(item.property, ids)} of {_local(item.subject, ids)}"
    if item.entity is not None:
        what += f" = {_local(item.entity, ids)}"
    if item.scope is not None:
        what += f" (scope {_local(item.scope, ids).removeprefix('scope/')})"
    readings = "; ".join(item.readings)
    return f"{item.reason}: left out of the consensus view because {REASONS[item.reason]}: " \
           f"{what}" + (f" ({readings})" if readings else "")


def consensus_view(store: ox.Store, queries_dirs: list[Path],
                   ids: Ids = DEFAULT_IDS) -> ConsensusView:
    facts: dict[tuple, list[ox.NamedNode]] = defaultdict(list)
    for row in run(store, resolve("consensus", queries_dirs), origin="consensus"):
        facts[(row["subject"], row["property"], row["value"])].append(row["claim"])
    multi_valued = {q.subject for q in store.quads_for_pattern(None, iri(QK.kind),
                                                              iri(QK.MultiValued))}
    left: dict[tuple, list[tuple[ox.NamedNode, str]]] = defaultdict(list)
    for row in run(store, resolve("consensus-left-out", queries_dirs),
                   origin="consensus-left-out"):
        entity = row["value"] if row["property"] in multi_valued else None
        wording = row["wording"] or row["value"]
        scope = None if row["scope"].value == f"{ids.base}scope/all" else row["scope"]
        left[(row["subject"], row["property"], entity, scope, row["reason"].value)].append(
            (row["claim"], wording.value if wording is not None else ""))
    fact_list = [Fact(s, p, v, tuple(sorted(set(c), key=str))) for (s, p, v), c in facts.items()]
    left_list = [LeftOut(s, p, e, scope, reason,
                         tuple(sorted({c for c, _ in rows}, key=str)),
                         tuple(dict.fromkeys(w for _, w in sorted(set(rows), key=str) if w)))
                 for (s, p, e, scope, reason), rows in left.items()]
    named = {f.subject for f in fact_list} | {f.value for f in fact_list
                                              if isinstance(f.value, ox.NamedNode)}
    labels = {term: sorted((q.object for q in store.quads_for_pattern(term, _LABEL, None)),
                           key=str) for term in named}
    return ConsensusView(sorted(fact_list, key=_fact_key), sorted(left_list, key=_left_key),
                         {t: v for t, v in labels.items() if v}, ids)


def _fact_key(fact: Fact) -> tuple:
    return str(fact.subject), str(fact.property), str(fact.value)


def _left_key(item: LeftOut) -> tuple:
    return str(item.subject), str(item.property), str(item.entity), str(item.scope), item.reason


def _local(term: ox.Term, ids: Ids) -> str:
    value = term.value
    return value[len(ids.base):] if value.startswith(ids.base) else value.rsplit("#", 1)[-1]


def _node(kind: str, subject: ox.NamedNode, prop: ox.NamedNode,
          value: ox.Term | None, ids: Ids) -> ox.NamedNode:
    """`qid:{kind}/{subject}/{property}[/{entity or scope}]`: stable, readable IRIs for the
    view's nodes."""
    path = f"{kind}/{_local(subject, ids)}/{_local(prop, ids)}"
    if isinstance(value, ox.NamedNode):
        path += f"/{_local(value, ids)}"
    return ox.NamedNode(str(ids.entity(path)))
