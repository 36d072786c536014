"""`kg network`: the sources and actors views, their counts worked out from the corpus files
(not from the code under test), the known dispute of the bundled corpus as an edge, the three
file formats read back by networkx's own readers, and the usage errors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import yaml
from typer.testing import CliRunner

from kg.cli.app import app

from .conflict_corpus import claim, write_corpus


def _network(project: Path, *args: str) -> nx.Graph:
    result = CliRunner().invoke(app, ["network", "-f", "json", "-p", str(project), *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return nx.node_link_graph(json.loads(result.stdout), edges="edges")


def _relations(graph: nx.Graph) -> Counter:
    return Counter(relation for *_, relation in graph.edges(data="relation"))


def _kinds(graph: nx.Graph) -> Counter:
    return Counter(kind for _, kind in graph.nodes(data="kind"))


def _sheets(root: Path) -> list[tuple[str, dict, dict]]:
    """(source stem, sheet defaults, claim) for every claim of the corpus's claim sheets."""
    found = []
    for path in sorted((root / "data" / "claims").glob("*.yaml")):
        sheet = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(sheet["source"], sheet.get("defaults", {}), c) for c in sheet["claims"]]
    return found


@pytest.fixture(scope="module")
def bundled_views(built_bundled: Path) -> dict[str, nx.Graph]:
    return {view: _network(built_bundled, "--view", view) for view in ("sources", "actors")}


def test_sources_view_of_the_bundled_corpus(built_bundled: Path, bundled_views) -> None:
    """From the files: 5 articles (data/sources/*.yaml) and 11 speakers (the distinct
    `stated_by` of the claims, a sheet's default included); 15 "states in" edges, the distinct
    (speaker, article) pairs, their weights adding up to the 113 claims (every bundled claim
    has a speaker). 7 "disagrees with" edges from the 7 conflicts (`kg conflicts`): the three
    contradictions and the part-exceeds-whole between 000-11 and asb-media's 001 claims join
    BNN Breaking and asb-media.info and their two articles (one edge each, 4 conflicts);
    001-01 against 001-21 is asb-media.info against itself in article 001 (two self-loops);
    the two `disputed` join asb-media.info and human rights groups (001-20/001-22), and
    Kazakh officials and human rights groups (004-08/004-11), each inside one article, 001
    (its self-loop, now 2 conflicts) and 004 (a self-loop): 4 speaker edges, 3 article edges.
    """
    graph = bundled_views["sources"]
    claims = _sheets(built_bundled)
    speaker = [(stem, c.get("stated_by", defaults.get("stated_by"))) for stem, defaults, c
               in claims]
    articles = len(list((built_bundled / "data" / "sources").glob("*.yaml")))
    assert (articles, len({s for _, s in speaker})) == (5, 11)
    assert _kinds(graph) == {"article": articles, "speaker": len({s for _, s in speaker})}
    assert _relations(graph) == {"states in": len(set(speaker)), "disagrees with": 7}
    assert len(set(speaker)) == 15
    states = {(a, b): w for a, b, w in graph.edges(data="weight")
              if graph.nodes[a]["kind"] != graph.nodes[b]["kind"]}
    assert sum(states.values()) == len(claims) == 113
    assert graph.edges["org/asb-media", "source/003_a092b713cc7d5c78"]["claims"] == 28
    assert nx.number_of_selfloops(graph) == 3
    assert graph.edges["org/asb-media", "org/bnn-breaking"]["reasons"] == (
        "contradiction 3, part-exceeds-whole 1")
    assert graph.edges["source/001_8625e6b7dc8f5e2d", "source/001_8625e6b7dc8f5e2d"][
        "reasons"] == "contradiction 1, disputed 1"
    assert graph.nodes["source/001_8625e6b7dc8f5e2d"]["relays"] == "Eurasianet"
    assert graph.graph["view"] == "sources" and not graph.is_directed()


def test_officials_and_rights_groups_disagree_on_the_death_toll(bundled_views) -> None:
    """Claims 004-08 (Kazakh officials: 238 dead) and 004-11 (human rights groups: higher)."""
    graph = bundled_views["sources"]
    edge = graph.edges["org/kazakh-officials", "org/human-rights-groups"]
    assert edge == {"relation": "disagrees with", "conflicts": 1, "weight": 1,
                    "reasons": "disputed 1", "disputes": "dispute-3",
                    "conflict_ids": "disputed/004-08/004-11"}
    both = graph.edges["source/004_ae2c329ed266d90a", "source/004_ae2c329ed266d90a"]
    assert both["conflict_ids"] == "disputed/004-08/004-11"
    assert graph.nodes["org/kazakh-officials"]["class"] == "GovernmentBody"
    assert graph.edges["org/kazakh-officials", "source/004_ae2c329ed266d90a"]["claims"] == 3


def test_actors_view_of_the_bundled_corpus(built_bundled: Path, bundled_views) -> None:
    """From the files: 74 nodes, every entity of data/entities.yaml; 66 edges: 35 distinct
    (subject, property, object) of the entity-valued claims (the claims with an `object:`,
    all stated here), 14 `part_of` and 17 `located_in` links of entities.yaml."""
    graph = bundled_views["actors"]
    entities = yaml.safe_load((built_bundled / "data" / "entities.yaml").read_text("utf-8"))
    refs = {f"{kind}/{slug}": fields for kind, table in entities.items()
            for slug, fields in table.items()}
    links = Counter(key for fields in refs.values() for key in ("part_of", "located_in")
                    if key in fields)
    valued = {(c["subject"], c["property"], c["object"]) for _, _, c in _sheets(built_bundled)
              if "object" in c}
    assert (len(refs), len(valued), links["part_of"], links["located_in"]) == (74, 35, 14, 17)
    assert set(graph.nodes) == set(refs)
    assert _kinds(graph) == Counter(ref.split("/")[0] for ref in refs)
    assert graph.number_of_edges() == len(valued) + links["part_of"] + links["located_in"]
    relations = _relations(graph)
    assert relations["part of"] == 14 and relations["located in"] == 17
    assert relations["defendant"] == sum(1 for v in valued if v[1] == "defendant") == 10
    trial = "trial/karasai-police-torture"
    assert graph.edges[trial, "person/vikram-ruzakhunov", "victim"]["claims"] == 2
    assert graph.edges[trial, "court/karasai-district-court", "court"]["relation"] == "court"
    # a located trial: once as a `location` claim, once as entities.yaml's located_in
    assert set(graph[trial]["place/almaty-region"]) == {"location", "locatedIn"}
    assert graph.nodes["place/almaty"]["wikidata"] == "Q35493"
    assert "wikidata" not in graph.nodes["place/almaty-region"]
    assert graph.nodes["court/karasai-district-court"]["class"] == "Court"
    assert graph.is_directed() and graph.is_multigraph()


@pytest.mark.parametrize("view", ["sources", "actors"])
def test_graphml_and_gexf_read_back_with_networkx(built_bundled: Path, bundled_views,
                                                  view: str, tmp_path: Path, kg) -> None:
    expected = bundled_views[view]
    for fmt in ("graphml", "gexf"):
        target = tmp_path / f"{view}.{fmt}"
        result = kg("network", "--view", view, "-o", str(target), "-p", str(built_bundled))
        assert result.exit_code == 0 and f"wrote {target}" in result.stderr
        back = (nx.read_graphml(target, force_multigraph=expected.is_multigraph())
                if fmt == "graphml" else nx.read_gexf(target))
        assert back.is_directed() == expected.is_directed()
        assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
        keys = {"keys": True} if expected.is_multigraph() else {}
        found = sorted((a, b, *rest[:-1], _edge(rest[-1]))
                       for a, b, *rest in back.edges(data=True, **keys))
        wanted = sorted((a, b, *rest[:-1], _edge(rest[-1]))
                        for a, b, *rest in expected.edges(data=True, **keys))
        if not expected.is_directed():  # an undirected edge may be read back either way round
            found = sorted(tuple(sorted(e[:2])) + e[2:] for e in found)
            wanted = sorted(tuple(sorted(e[:2])) + e[2:] for e in wanted)
        assert found == wanted


def _edge(data: dict) -> tuple:
    """An edge's attributes as written: GEXF reads its weight back as a float and numbers
    the edges (`id`), keeping the multigraph key in `networkx_key` only while writing."""
    kept = {k: (float(v) if k == "weight" else v) for k, v in data.items() if k != "id"}
    return tuple(sorted(kept.items()))


def test_network_files_are_deterministic(built_bundled: Path, kg) -> None:
    for view in ("sources", "actors"):
        for fmt in ("graphml", "gexf", "json"):
            args = ("network", "--view", view, "-f", fmt, "-p", str(built_bundled))
            assert kg(*args).stdout_bytes == kg(*args).stdout_bytes


def test_usage_errors_exit_2(built_bundled: Path, tmp_path: Path, kg) -> None:
    project = ("-p", str(built_bundled))
    view = kg("network", "--view", "people", *project)
    assert view.exit_code == 2 and "unknown view 'people': use sources or actors" in view.stderr
    fmt = kg("network", "--format", "dot", *project)
    assert fmt.exit_code == 2 and "use graphml, json, gexf" in fmt.stderr
    odd = kg("network", "-o", str(tmp_path / "net.xyz"), *project)
    assert odd.exit_code == 2
    assert "net.xyz: cannot tell the format from its extension" in odd.stderr
    clash = kg("network", "-f", "gexf", "-o", str(tmp_path / "net.graphml"), *project)
    assert clash.exit_code == 2 and "is named like graphml" in clash.stderr
    assert not list(tmp_path.iterdir())  # nothing written


TINY = [
    claim("100-01", "deaths", 238, stated_by="org/officials"),
    claim("100-02", "deaths", "higher than 100-01", stated_by="org/rights-groups"),
    claim("100-03", "court", subject="trial/t", object="court/c1"),
    claim("100-04", "defendant", subject="trial/t", object="person/defendant-a"),
    claim("200-01", "court", subject="trial/t", object="court/c2"),
    claim("200-02", "location", subject="trial/t", object="place/city"),
    claim("200-03", "defendant", subject="trial/t", object="group/first-five",
          status="retracted"),
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_corpus(tmp_path_factory.mktemp("tiny"), TINY)
    assert CliRunner().invoke(app, ["build", "-p", str(root)]).exit_code == 0
    return root


def test_sources_view_of_a_tiny_corpus(tiny: Path) -> None:
    """Two articles; four speakers: officials and rights groups (100-01, 100-02 in 100_a),
    outlet A (its sheet's default, 100-03 and 100-04) and outlet B (all of 200_b). Four
    "states in" edges, one per speaker. Two conflicts: 100-02 disputes 100-01 (rights groups
    against officials, inside article 100_a: a self-loop), and two courts for trial T
    (100-03 against 200-01: outlet A against outlet B, 100_a against 200_b)."""
    graph = _network(tiny)
    assert _kinds(graph) == {"article": 2, "speaker": 4}
    assert _relations(graph) == {"states in": 4, "disagrees with": 4}
    assert graph.edges["org/outlet-a", "source/100_a"]["claims"] == 2
    assert graph.edges["org/outlet-b", "source/200_b"]["claims"] == 3
    assert graph.edges["org/officials", "org/rights-groups"]["reasons"] == "disputed 1"
    assert graph.edges["source/100_a", "source/100_a"]["reasons"] == "disputed 1"
    assert graph.edges["org/outlet-a", "org/outlet-b"]["reasons"] == "functional-mismatch 1"
    # disputes are numbered by their first claim: the death toll's (100-01) comes first
    assert graph.edges["source/100_a", "source/200_b"]["disputes"] == "dispute-2"


def test_actors_view_of_a_tiny_corpus(tiny: Path) -> None:
    """The 16 entities of tests/conflict_corpus.py; 6 part_of links (region-unrest, all-45,
    other-40, first-five, defendant-a, c1-chamber) and 4 edges from stated entity-valued
    claims: two courts, a defendant, a location. The retracted defendant (200-03) draws none;
    the death tolls are figures, not links."""
    graph = _network(tiny, "--view", "actors")
    assert graph.number_of_nodes() == 16
    assert _kinds(graph) == {"event": 2, "trial": 1, "group": 3, "person": 1, "place": 1,
                             "court": 3, "org": 5}
    assert _relations(graph) == {"part of": 6, "court": 2, "defendant": 1, "location": 1}
    assert not graph.has_edge("trial/t", "group/first-five")
    assert graph.edges["person/defendant-a", "group/other-40", "partOf"]["claims"] == 0
    assert graph.edges["trial/t", "court/c2", "court"] == {
        "relation": "court", "property": "court", "claims": 1, "sources": 1, "weight": 1}


def test_network_before_build_says_what_to_do(tmp_path: Path, kg) -> None:
    root = write_corpus(tmp_path / "unbuilt", TINY[:1])
    result = kg("network", "-p", str(root))
    assert result.exit_code == 2 and "kg build" in result.stderr
