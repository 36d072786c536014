"""The named query library: documented headers, strict parsing by two engines, the same rows on
Oxigraph and rdflib, and parameters bound as terms (never pasted into the text)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery
from rdflib.util import from_n3

from kg.build.run import build
from kg.engine.store import open_store
from kg.engine.subset import named_iris, selected_store
from kg.errors import QueryError
from kg.project import open_project
from kg.query.library import (
    check,
    library,
    prepare,
    read_header,
    run,
    with_values,
)
from kg.query.params import Defaults, bindings_for
from kg.shipped import shipped

QUERY_FILES = sorted((shipped("queries")).glob("*.rq"))
NAMED = {name: q for name, q in library([shipped("queries")]).items()
         if not name.startswith("conflict-")}
# rdflib orders claims.rq's type patterns first and joins them as a cross product (~1 min on the
# bundled corpus); its body is a contract other tools read, so it is compared on the mini corpus.
SLOW_ON_RDFLIB = {"claims"}
BUNDLED = Defaults(main_event="event/bloody-january")  # the bundled kg.toml's main event


@pytest.fixture(scope="module")
def built(built_bundled: Path):
    """The bundled corpus, built once for this module: (project, store, rdflib graph)."""
    project = open_project(built_bundled)
    graph = rdflib.Graph().parse(project.build_file, format="nt")
    return project, open_store(project), graph


def rows_of(results) -> list:
    """Oxigraph results as sorted comparable rows (N-Triples forms of the terms)."""
    if isinstance(results, ox.QueryBoolean):
        return [bool(results)]
    if isinstance(results, ox.QueryTriples):
        return sorted(str(t) for t in results)
    names = [v.value for v in results.variables]
    return sorted(tuple(None if s[n] is None else str(s[n]) for n in names) for s in results)


def as_ox(term: rdflib.term.Identifier | None) -> ox.Term | None:
    """An rdflib term as Oxigraph's, so both engines' answers print alike."""
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype or rdflib.XSD.string
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))


def rdflib_rows(result, names: list[str] | None) -> list:
    if result.type == "ASK":
        return [result.askAnswer]
    if result.type == "CONSTRUCT":
        return sorted(str(ox.Triple(*(as_ox(t) for t in triple))) for triple in result)
    return sorted(tuple(None if r[n] is None else str(as_ox(r[n])) for n in names)
                  for r in result)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_query_has_a_header_and_parses_in_both_engines(path: Path) -> None:
    query = read_header(path)
    assert query.title, f"{path.name}: add '# title: ...' as the first line"
    assert query.description, f"{path.name}: add '# description: ...'"
    for param in query.params:
        assert param.required or param.default is not None or "optional" in str(param)
    check(query.text, str(path))  # Oxigraph's strict parser
    prepareQuery(query.text)  # rdflib's


def test_at_least_twelve_documented_queries_besides_the_conflict_rules() -> None:
    assert len(NAMED) >= 12
    assert {"claims", "timeline", "trials", "people", "consensus"} <= set(NAMED)


def test_claims_keeps_its_columns(built) -> None:
    project, store, _ = built
    results = run(store, NAMED["claims"].text)
    assert [v.value for v in results.variables] == [
        "claim", "source", "start", "end", "quote", "subject", "property", "value", "lower",
        "upper", "stated_by", "scope"]


@pytest.mark.parametrize("name", sorted(NAMED))
def test_each_named_query_runs_on_the_bundled_corpus_with_its_defaults(built, name) -> None:
    _, store, _ = built
    query = NAMED[name]
    rows = rows_of(run(store, query.text, bindings_for(query, {}, BUNDLED)))
    assert rows, f"{name} found nothing"


@pytest.mark.parametrize("name", sorted(set(NAMED) - SLOW_ON_RDFLIB))
def test_named_queries_give_the_same_rows_on_rdflib_and_oxigraph(built, name) -> None:
    _, store, graph = built
    query = NAMED[name]
    terms = bindings_for(query, {}, BUNDLED)
    local = run(store, query.text, terms)
    names = [v.value for v in local.variables] if isinstance(local, ox.QuerySolutions) else None
    expected = rows_of(local)
    other = graph.query(with_values(query.text, terms))
    assert rdflib_rows(other, names) == expected
    bound = graph.query(query.text, initBindings={k: from_n3(str(v)) for k, v in terms.items()})
    assert rdflib_rows(bound, names) == expected, "VALUES and rdflib's initBindings differ"


def test_claims_gives_the_same_rows_on_rdflib_and_oxigraph(mini: Path) -> None:
    project = open_project(mini)
    build(project)
    graph = rdflib.Graph().parse(project.build_file, format="nt")
    text = NAMED["claims"].text
    local = run(open_store(project), text)
    names = [v.value for v in local.variables]
    assert rdflib_rows(graph.query(text), names) == rows_of(local)


def test_values_binding_agrees_with_oxigraph_substitution(built) -> None:
    """For a projected variable Oxigraph can substitute natively; both must agree."""
    _, store, _ = built
    subject = ox.NamedNode("https://w3id.org/qantar/id/event/bloody-january")
    text = NAMED["claims"].text
    native = store.query(text, substitutions={ox.Variable("subject"): subject})
    assert rows_of(run(store, text, {"subject": subject})) == rows_of(native)


def test_consensus_and_left_out_split_the_stated_claims(built) -> None:
    _, store, _ = built
    agreed = {row["claim"] for row in run(store, NAMED["consensus"].text)}
    left = {row["claim"] for row in run(store, NAMED["consensus-left-out"].text)}
    stated = {q.subject for q in store.quads_for_pattern(
        None, ox.NamedNode("https://w3id.org/qantar/ontology#status"),
        ox.NamedNode("https://w3id.org/qantar/ontology#Stated"))}
    assert agreed and left and not agreed & left
    assert agreed | left == stated


def test_consensus_leaves_the_disputed_death_toll_out(built) -> None:
    _, store, _ = built
    rows = list(run(store, NAMED["consensus"].text))
    assert not [r for r in rows if r["property"].value.endswith("#deaths")]
    assert not [r for r in rows if r["value"] == ox.Literal("238", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))]
    left = {(r["claim"].value.rsplit("/", 1)[-1], r["reason"].value)
            for r in run(store, NAMED["consensus-left-out"].text)}
    assert {("004-08", "disputed"), ("004-11", "disputed")} <= left


def test_timeline_orders_the_death_toll_by_date(built) -> None:
    _, store, _ = built
    query = NAMED["timeline"]
    rows = list(run(store, query.text, bindings_for(query, {}, BUNDLED)))
    dates = [r["date"].value for r in rows]
    assert dates == sorted(dates) and len(rows) == 4
    assert {r["claim"].value.rsplit("/", 1)[-1] for r in rows} == {
        "000-05", "004-01", "004-08", "004-11"}


def test_a_parameter_is_read_by_its_declared_type() -> None:
    query = NAMED["timeline"]
    terms = bindings_for(query, {"property": "qk:peopleConvicted"}, BUNDLED)
    assert terms["property"] == ox.NamedNode("https://w3id.org/qantar/ontology#peopleConvicted")
    assert terms["subject"].value.endswith("/event/bloody-january")  # the default
    source = bindings_for(NAMED["by-source"], {"source": "003_a092b713cc7d5c78"})["source"]
    assert source == ox.Literal("003_a092b713cc7d5c78")
    with pytest.raises(QueryError, match="expected an IRI"):
        bindings_for(query, {"property": "deaths"})
    with pytest.raises(QueryError, match="has no parameter 'nope'; it takes: subject"):
        bindings_for(query, {"nope": "1"})
    with pytest.raises(QueryError, match="cannot read parameter value '<not an iri>' as an IRI"):
        bindings_for(query, {"property": "<not an iri>"})


def test_a_required_parameter_must_be_given(tmp_path: Path) -> None:
    path = tmp_path / "one.rq"
    path.write_text("# title: One\n# description: d\n# param: n (integer, required): a count\n"
                    "SELECT ?n WHERE { ?s ?p ?n }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="needs --param n=VALUE"):
        prepare(str(path), None, [], [])
    assert prepare(str(path), None, ["n=3"], []).bindings["n"].value == "3"
    with pytest.raises(QueryError, match="not a valid integer"):
        prepare(str(path), None, ["n=three"], [])


def test_a_malformed_param_line_says_how_to_write_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("# title: Bad\n# param: just words\nASK {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"write 'name \(TYPE, required\|optional\|default"):
        read_header(path)


def test_header_fields_other_than_the_documented_ones_are_kept_apart(tmp_path: Path) -> None:
    path = tmp_path / "rule.rq"
    path.write_text("# title: Rule\n# description: first line\n#   second line\n"
                    "# severity: warning\nASK {}\n", encoding="utf-8")
    query = read_header(path)
    assert query.description == "first line second line"
    assert query.fields["severity"] == "warning"


def test_a_syntax_error_names_line_and_column() -> None:
    with pytest.raises(QueryError) as error:
        check("SELECT *\nWHERE { ?s ?p ?o }\nLIMT 5\n", "my.rq")
    message = str(error.value)
    assert message.startswith("my.rq: query syntax error at line 3, column 1 (at 'LIMT'): "
                              "expected one of")
    assert message.endswith("line 3: LIMT 5")


@pytest.mark.parametrize("text, expected", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { VALUES"),
    ("SELECT * { ?s ?p ?o }", "SELECT * { VALUES"),
    ("# a comment with { braces }\nSELECT * WHERE { ?s ?p ?o }", "WHERE { VALUES"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "} WHERE { VALUES"),
    ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", "} { VALUES"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }\nVALUES"),
    ("PREFIX ex: <http://example.org/#x>\nASK { ?s ?p \"{\" }", "ASK { VALUES"),
    ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "WHERE { VALUES"),
])
def test_values_open_the_where_group(text: str, expected: str) -> None:
    bound = with_values(text, {"s": ox.NamedNode("http://example.org/a"),
                               "o": ox.Literal('say "hi"\n')})
    assert expected in bound
    assert 'VALUES (?o ?s) { ("say \\"hi\\"\\n" <http://example.org/a>) }' in bound
    check(bound)


def test_a_value_cannot_inject_query_text(built) -> None:
    _, store, _ = built
    hostile = '"x" } ; DROP ALL ; SELECT * { '
    results = run(store, "SELECT ?id WHERE { ?c <http://purl.org/dc/terms/identifier> ?id }",
                  {"id": ox.Literal(hostile)})
    assert rows_of(results) == []


@pytest.mark.parametrize("name", sorted(NAMED))
def test_each_named_query_gives_the_same_rows_in_memory(kg, built, name) -> None:
    """`--in-memory` loads only the triples the query names (kg.engine.subset), or runs on
    the build's store when it could read any: the rows are the same either way."""
    project, _, _ = built
    graph = check(NAMED[name].text) in ("CONSTRUCT", "DESCRIBE")
    args = ("query", name, "--format", "nt" if graph else "csv", "-p", str(project.root))
    on_disk, in_memory = kg(*args), kg(*args, "--in-memory")
    assert on_disk.exit_code == in_memory.exit_code == 0, in_memory.stdout
    lines = on_disk.stdout.splitlines()
    assert len(lines) > (0 if graph else 1), f"{name} found nothing"
    assert in_memory.stdout.splitlines()[:1] == lines[:1] or graph  # the CSV header
    assert sorted(in_memory.stdout.splitlines()) == sorted(lines)


def test_claims_in_memory_loads_a_part_of_the_build(built) -> None:
    project, store, _ = built
    named = named_iris([NAMED["claims"].text])
    assert named is not None
    part = selected_store(project, named)
    assert 0 < len(part) < len(store)


def test_defaults_belong_to_the_corpus_the_query_runs_on() -> None:
    other = Defaults("https://floods.example.org/id/", "event/valley-floods")
    terms = bindings_for(NAMED["timeline"], {}, other)
    assert terms["subject"] == ox.NamedNode("https://floods.example.org/id/event/valley-floods")
    assert terms["scope"] == ox.NamedNode("https://floods.example.org/id/scope/all")
    given = bindings_for(NAMED["timeline"], {"subject": "qid:event/dam"}, other)
    assert given["subject"] == ox.NamedNode("https://floods.example.org/id/event/dam")
    with pytest.raises(QueryError, match="main_event"):
        bindings_for(NAMED["timeline"], {}, Defaults())
