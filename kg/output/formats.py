"""Every RDF and SPARQL results format the tool reads or writes, in one table.

Each format has the short name a user types (`--format ttl`), the file extensions that imply
it, its IANA media type, its IRI in the W3C's format registry (https://www.w3.org/ns/formats/,
used by the VoID/DCAT description and the service description) and Oxigraph's serialiser.
`kg export`, `kg query`, `kg serve`'s negotiation and descriptions all read their formats here,
so a format is added once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    w3c: str  # the local name in http://www.w3.org/ns/formats/
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat
    extensions: tuple[str, ...] = ()


RDF_SYNTAX = {f.name: f for f in (
    Format("ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE, (".ttl", ".turtle")),
    Format("trig", "application/trig", "TriG", ox.RdfFormat.TRIG, (".trig",)),
    Format("nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES, (".nt",)),
    Format("nq", "application/n-quads", "N-Quads", ox.RdfFormat.N_QUADS, (".nq",)),
    Format("jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD,
           (".jsonld", ".json")),
    Format("rdf", "application/rdf+xml", "RDF_XML", ox.RdfFormat.RDF_XML, (".rdf", ".owl")),
)}
RESULTS_SYNTAX = {f.name: f for f in (
    Format("json", "application/sparql-results+json", "SPARQL_Results_JSON",
           ox.QueryResultsFormat.JSON),
    Format("xml", "application/sparql-results+xml", "SPARQL_Results_XML",
           ox.QueryResultsFormat.XML),
    Format("csv", "text/csv", "SPARQL_Results_CSV", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", "SPARQL_Results_TSV",
           ox.QueryResultsFormat.TSV),
)}
# What a query's graph answer (CONSTRUCT, DESCRIBE) can be given as: triples, no graphs.
GRAPH_ANSWERS = ("ttl", "nt", "jsonld")
# Media types clients send for the same formats under older names.
ALIASES = {"application/json": "json", "application/xml": "xml", "text/plain": "nt"}


def by_extension(suffix: str) -> Format | None:
    """The RDF format a file name's extension (".ttl") implies, if any."""
    return next((f for f in RDF_SYNTAX.values() if suffix.lower() in f.extensions), None)


def format_for_file(requested: str | None, output: Path | None,
                    extensions: Mapping[str, tuple[str, ...]], default: str) -> str:
    """The format asked for, else the one `-o`'s extension names (`extensions`: each format's
    file extensions), else `default`. An extension that names none of them is refused, so
    `-o out.xyz` never silently holds the default; --format and -o must agree."""
    implied = next((name for name, endings in extensions.items()
                    if output is not None and output.suffix.lower() in endings), None)
    if requested is not None and requested not in extensions:
        raise QueryError(f"unknown format {requested!r}: use {', '.join(extensions)}")
    if output is not None and implied is None and requested is None:
        known = ", ".join(e for endings in extensions.values() for e in endings)
        raise QueryError(f"{output.name}: cannot tell the format from its extension; name the "
                         f"file {known}, or give --format")
    if requested and implied and requested != implied:
        raise QueryError(f"--format {requested} but {output.name} is named like {implied}: "
                         "make them agree or drop --format")
    return requested or implied or default
