"""The build as networks: who states claims in which article and who disagrees with whom
(`sources`), and who was tried where, for what, with whom (`actors`).

Why a network at all: a dispute list answers "where do sources disagree"; a graph answers
"which sources and speakers stand together, which stand apart, and how the trials, courts and
people hang together", which tools like Gephi or Cytoscape show at a glance and networkx
measures (degree, components, communities).

The data is read by named queries (`queries/network-*.rq` and `sources`), so the same
network can be worked out on any SPARQL store, and the disagreements are the conflicts of
kg.conflicts.find, so the network shows exactly what `kg conflicts` explains. Node ids are the
names claim sheets use (`org/asb-media`, `trial/karasai-police-torture`; an article is
`source/{stem}`), every attribute a string or a number, so GraphML and GEXF can hold it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import partial
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.conflicts.find import find_conflicts
from kg.conflicts.views import short
from kg.engine.runner import Engine, Job
from kg.errors import QueryError
from kg.namespaces import DEFAULT_BASE
from kg.query.library import resolve, run

VIEWS = ("sources", "actors")
STATES_IN, DISAGREES_WITH = "states in", "disagrees with"

Row = dict[str, str]


def check_view(view: str) -> None:
    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}: use {' or '.join(VIEWS)}")


def build_network(engine: Engine, queries_dirs: list[Path], view: str,
                  base: str = DEFAULT_BASE) -> nx.Graph:
    """The network of `view` (one of VIEWS) of the build `engine` reads; node ids are the
    corpus's resources (under its base IRI) as claim sheets name them."""
    check_view(view)
    return (sources_graph if view == "sources" else actors_graph)(engine, queries_dirs, base)


def sources_graph(engine: Engine, queries_dirs: list[Path],
                  base: str = DEFAULT_BASE) -> nx.Graph:
    """Articles and speakers (the agents claims are stated by). A speaker "states in" an
    article (weight: its claims there); two speakers, or two articles, "disagree with" each
    other when a conflict joins their claims (weight: the conflicts, with their reasons). One
    speaker or article can disagree with itself (a self-loop): "asb-media.info contradicts
    itself" is a finding too.

    Undirected: a "states in" edge always joins a speaker to an article (files write it in
    that order: speakers are the first nodes), so a direction would add nothing, and
    disagreeing is symmetric (written from the lower id)."""
    statements, articles = _rows(engine, queries_dirs, ["network-statements", "sources"])
    graph = nx.Graph(name="Qantar KG: sources and speakers", view="sources")
    _add_speakers(graph, statements, base)  # first, so that files write each edge from its speaker
    for row in sorted(articles, key=lambda r: r["source"]):
        graph.add_node(_article(row["source"]), **_present(
            kind="article", label=row.get("title", row["source"]), source=row["source"],
            publisher=row.get("publisher"), date=row.get("date"),
            date_basis=row.get("date_basis"), relays=row.get("relays"),
            claims=int(row.get("claims", 0))))
    for row in statements:
        count = int(row["claims"])
        article = _article(row["source"])
        if article not in graph:  # an article the `sources` query could not list in full
            graph.add_node(article, kind="article", label=row["source"], source=row["source"])
        graph.add_edge(short(row["agent"], base), article, relation=STATES_IN, claims=count,
                       weight=count)
    _add_disagreements(graph, engine, queries_dirs)
    return graph


def _add_speakers(graph: nx.Graph, statements: list[Row], base: str) -> None:
    """One node per agent: its label, most specific class (the first, by name, when a
    speaker has several), Wikidata item, claims and articles."""
    by_agent: dict[str, list[Row]] = defaultdict(list)
    for row in statements:
        by_agent[row["agent"]].append(row)
    for agent in sorted(by_agent, key=short):
        rows = by_agent[agent]
        claims = {row["source"]: int(row["claims"]) for row in rows}
        graph.add_node(short(agent, base), **_present(
            kind="speaker", label=_first(rows, "label") or short(agent, base),
            **{"class": _local(_first(rows, "class"))}, wikidata=_qid(_first(rows, "wikidata")),
            iri=agent, claims=sum(claims.values()), sources=len(claims)))


def _add_disagreements(graph: nx.Graph, engine: Engine, queries_dirs: list[Path]) -> None:
    """The conflicts' pairs of claims, as pairs of speakers and pairs of articles: an edge
    per pair, however many conflicts join it, counted by reason."""
    report = find_conflicts(engine, queries_dirs)
    dispute_of = {i: d.id for d in report.disputes for i in d.conflicts}
    joined: dict[tuple[str, str], list] = defaultdict(list)
    for conflict in report.conflicts:
        first, second = conflict.claims
        pairs = [(_article(first.source), _article(second.source))]
        if first.stated_by and second.stated_by:
            pairs.append((first.stated_by, second.stated_by))
        for pair in pairs:
            joined[tuple(sorted(pair))].append(conflict)
    for (a, b), conflicts in sorted(joined.items()):
        reasons = Counter(c.reason for c in conflicts)
        graph.add_edge(a, b, relation=DISAGREES_WITH, conflicts=len(conflicts),
                       weight=len(conflicts),
                       reasons=", ".join(f"{r} {n}" for r, n in sorted(reasons.items())),
                       disputes=", ".join(sorted({dispute_of[c.id] for c in conflicts},
                                                 key=_dispute_number)),
                       conflict_ids=" | ".join(c.id for c in conflicts))


def actors_graph(engine: Engine, queries_dirs: list[Path],
                 base: str = DEFAULT_BASE) -> nx.MultiDiGraph:
    """Every entity of the corpus (events, trials, courts, people, groups, organisations,
    places, charges) and what links them: the entity-valued claims (a trial's defendant,
    victim, court, legal representative, charge, location: whatever the ontology declares
    entity-valued), from subject to object, weight the stated claims that give it; and the
    part-of and located-in links of entities.yaml, from part to whole.

    Directed, and a multigraph: "trial in place" can be both a `location` claim and a
    `locatedIn` link, two edges told apart by their key (the property's local name)."""
    entities, links = _rows(engine, queries_dirs, ["network-entities", "network-links"])
    graph = nx.MultiDiGraph(name="Qantar KG: actors, trials and places", view="actors")
    by_entity: dict[str, list[Row]] = defaultdict(list)
    for row in entities:
        by_entity[row["entity"]].append(row)
    for entity in sorted(by_entity, key=lambda iri: short(iri, base)):
        rows = by_entity[entity]
        graph.add_node(short(entity, base), **_present(
            kind=short(entity, base).split("/")[0], label=_first(rows, "label"),
            **{"class": _local(_first(rows, "class"))},
            wikidata=_qid(_first(rows, "wikidata")), iri=entity))
    for row in links:
        ends = short(row["from"], base), short(row["to"], base)
        for end, iri in zip(ends, (row["from"], row["to"]), strict=True):
            if end not in graph:  # an entity no query above names: kept, with what is known
                graph.add_node(end, kind=end.split("/")[0], label=end, iri=iri)
        key = _local(row["relation"])
        claims = int(row.get("claims", 0))
        graph.add_edge(*ends, key=key, relation=row.get("label", key), property=key,
                       claims=claims, sources=int(row.get("sources", 0)),
                       weight=max(claims, 1))
    return graph


def describe_network(graph: nx.Graph) -> str:
    """'16 nodes (article 5, speaker 11), 22 edges (disagrees with 7, states in 15)'."""
    kinds = Counter(kind for _, kind in graph.nodes(data="kind"))
    relations = Counter(relation for *_, relation in graph.edges(data="relation"))
    listed = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    linked = ", ".join(f"{relation} {n}" for relation, n in sorted(relations.items()))
    return (f"{graph.number_of_nodes()} nodes ({listed}), "
            f"{graph.number_of_edges()} edges ({linked})")


def _rows(engine: Engine, queries_dirs: list[Path], names: list[str]) -> list[list[Row]]:
    """Each named query's rows as plain strings (a variable left unbound is left out)."""
    texts = [resolve(name, queries_dirs) for name in names]
    return engine.run([Job((text,), partial(_plain_rows, text=text)) for text in texts])


def _plain_rows(store: ox.Store, text: str) -> list[Row]:
    results = run(store, text)
    names = [variable.value for variable in results.variables]
    return [{name: row[name].value for name in names if row[name] is not None}
            for row in results]


def _article(stem: str) -> str:
    return f"source/{stem}"


def _present(**attributes: object) -> dict[str, object]:
    """The attributes that have a value: GraphML and GEXF cannot hold None."""
    return {name: value for name, value in attributes.items() if value not in (None, "")}


def _first(rows: list[Row], name: str) -> str | None:
    return min((row[name] for row in rows if name in row), default=None)


def _local(iri: str | None) -> str | None:
    """`…/ontology#MediaOutlet` -> `MediaOutlet`."""
    return None if iri is None else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _qid(iri: str | None) -> str | None:
    """`http://www.wikidata.org/entity/Q1065` -> `Q1065`, as entities.yaml writes it."""
    return None if iri is None else iri.rsplit("/", 1)[-1]


def _dispute_number(dispute: str) -> int:
    return int(dispute.rsplit("-", 1)[-1])
