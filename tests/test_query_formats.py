"""`kg query` output in every format, read back by strict parsers of the W3C specifications."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
CLAIMS_COLUMNS = ["claim", "source", "start", "end", "quote", "subject", "property", "value",
                  "lower", "upper", "stated_by", "scope"]


@pytest.fixture(scope="module")
def built(built_bundled: Path) -> str:
    return str(built_bundled)


def query(kg, built: str, *args: str) -> str:
    result = kg("query", *args, "-p", built)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")  # .stdout turns CRLF into LF


def test_json_follows_the_sparql_results_json_spec(kg, built) -> None:
    text = query(kg, built, "claims", "--format", "json")
    document = json.loads(text)
    assert document["head"]["vars"] == CLAIMS_COLUMNS
    bindings = document["results"]["bindings"]
    assert len(bindings) == 113
    row = next(b for b in bindings if b["claim"]["value"].endswith("/004-08"))
    assert row["value"] == {"type": "literal", "value": "238",
                            "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert row["subject"]["type"] == "uri"
    solutions = ox.parse_query_results(text, ox.QueryResultsFormat.JSON)
    assert len(list(solutions)) == 113


def test_xml_follows_the_sparql_results_xml_spec(kg, built) -> None:
    text = query(kg, built, "claims", "--format", "xml")
    root = ET.fromstring(text)
    assert root.tag == f"{RESULTS_NS}sparql"
    names = [v.get("name") for v in root.iter(f"{RESULTS_NS}variable")]
    assert names == CLAIMS_COLUMNS
    assert len(list(root.iter(f"{RESULTS_NS}result"))) == 113
    assert len(list(ox.parse_query_results(text, ox.QueryResultsFormat.XML))) == 113


def test_tsv_follows_the_sparql_results_tsv_spec(kg, built) -> None:
    text = query(kg, built, "claims", "--format", "tsv")
    header = text.split("\n", 1)[0]
    assert header.split("\t") == ["?" + c for c in CLAIMS_COLUMNS]
    assert "<https://w3id.org/qantar/id/claim/004-08>" in text  # terms in SPARQL/Turtle syntax
    assert len(list(ox.parse_query_results(text, ox.QueryResultsFormat.TSV))) == 113


def test_csv_follows_the_sparql_results_csv_spec(kg, built) -> None:
    text = query(kg, built, "claims", "--format", "csv")
    assert text.endswith("\r\n") and text.count("\r\n") == text.count("\n")  # CRLF, RFC 4180
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == CLAIMS_COLUMNS  # variable names without '?'
    assert len(rows) == 114
    row = next(r for r in rows if r[0].endswith("/004-08"))
    assert row[0] == "https://w3id.org/qantar/id/claim/004-08"  # IRIs bare, no <>
    assert row[7] == "238"  # literals as their lexical form
    assert row[11] == "https://w3id.org/qantar/id/scope/all"


def test_ask_in_json_and_xml(kg, built) -> None:
    ask = "ASK { ?c <https://w3id.org/qantar/ontology#value> 238 }"
    assert json.loads(query(kg, built, "--query", ask, "-f", "json"))["boolean"] is True
    assert bool(ox.parse_query_results(query(kg, built, "--query", ask, "-f", "xml"),
                                       ox.QueryResultsFormat.XML))
    assert query(kg, built, "--query", ask) == "true\n"


@pytest.mark.parametrize("fmt, rdf_format", [("ttl", ox.RdfFormat.TURTLE),
                                             ("nt", ox.RdfFormat.N_TRIPLES),
                                             ("jsonld", ox.RdfFormat.JSON_LD)])
def test_construct_prints_rdf(kg, built, fmt: str, rdf_format: ox.RdfFormat) -> None:
    text = query(kg, built, "claim-graph", "-f", fmt)
    triples = {q.triple for q in ox.parse(text.encode(), format=rdf_format)}
    assert len(triples) == 38  # 33, its scope set and within, its first day, its figure key
    default = query(kg, built, "claim-graph")
    assert default.startswith("@prefix") and "ns1:" not in default
    assert {q.triple for q in ox.parse(default.encode(), format=ox.RdfFormat.TURTLE)} == triples


def test_formats_that_do_not_fit_the_query_form_are_refused(kg, built) -> None:
    result = kg("query", "claim-graph", "-f", "csv", "-p", built)
    assert result.exit_code == 2 and "gives RDF: use --format ttl, nt or jsonld" in result.stderr
    result = kg("query", "sources", "-f", "ttl", "-p", built)
    assert result.exit_code == 2 and "is for CONSTRUCT and DESCRIBE" in result.stderr


def test_params_from_the_command_line(kg, built) -> None:
    text = query(kg, built, "timeline", "--param", "property=qk:peopleConvicted", "-f", "csv")
    assert text.count("\r\n") == 3 and "nearly 1,400" in text
    names = query(kg, built, "names", "--param", 'name="tokayev"', "-f", "csv")
    assert "kassym-jomart-tokayev" in names and "nazarbayev" not in names
    bad = kg("query", "timeline", "--param", "colour=red", "-p", built)
    assert bad.exit_code == 2 and "has no parameter 'colour'" in bad.stderr


def test_syntax_error_exit_2_with_line_and_column(kg, built) -> None:
    result = kg("query", "--query", "SELECT *\nWHERE { ?s ?p ?o }\nLIMT 5", "-p", built)
    assert result.exit_code == 2
    assert "query syntax error at line 3, column 1" in result.stderr


def test_list_shows_every_named_query_with_its_parameters(kg, built) -> None:
    text = query(kg, built, "--list")
    lines = text.splitlines()
    assert len([line for line in lines if not line.startswith("conflict-")]) >= 12
    assert any(line.startswith("timeline") and "[subject, property, scope]" in line
               for line in lines)
