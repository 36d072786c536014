"""Content negotiation and serialisation of query results, cut at `--max-rows`.

SELECT and ASK answer in the four W3C results formats, CONSTRUCT and DESCRIBE in Turtle,
N-Triples or JSON-LD, all written by Oxigraph's own serialisers. Oxigraph cannot serialise a
shortened solution sequence, so a cut SELECT is written as results JSON here (a dozen lines of
the W3C format) and, for the other formats, read back and re-serialised by Oxigraph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from kg.output.formats import ALIASES, GRAPH_ANSWERS, RDF_SYNTAX, RESULTS_SYNTAX

# The media types offered for each kind of answer, in order of preference for */*.
RESULTS_TYPES = {**{f.media_type: f.oxigraph for f in RESULTS_SYNTAX.values()},
                 **{alias: RESULTS_SYNTAX[name].oxigraph for alias, name in ALIASES.items()
                    if name in RESULTS_SYNTAX}}
RDF_TYPES = {**{RDF_SYNTAX[name].media_type: RDF_SYNTAX[name].oxigraph
                for name in GRAPH_ANSWERS},
             **{alias: RDF_SYNTAX[name].oxigraph for alias, name in ALIASES.items()
                if name in RDF_SYNTAX}}
# Present when rows were left out; its value is the limit. Exposed to browsers through CORS.
TRUNCATED_HEADER = "Qantar-Truncated"
DEFAULT_RESULTS = "application/sparql-results+json"
DEFAULT_RDF = "text/turtle"
# The datatypes results JSON leaves implicit (xsd:string, rdf:langString), as the engine names
# them; asked of Oxigraph rather than rdflib so that worker processes start without rdflib.
_PLAIN = {ox.Literal("").datatype.value, ox.Literal("", language="en").datatype.value}


@dataclass(frozen=True)
class Answer:
    """A serialised result; `cut_at` is the row limit when rows were left out, else None."""

    media_type: str
    body: bytes
    cut_at: int | None = None


@dataclass(frozen=True)
class Choice:
    """The media types the client accepts best for each kind of result (None: none of ours)."""

    results: str | None
    rdf: str | None


def negotiate(accept: str | None) -> Choice:
    """Pick the best results type and the best RDF type from an HTTP Accept header (RFC 9110)."""
    if not accept or not accept.strip():
        return Choice(DEFAULT_RESULTS, DEFAULT_RDF)
    ranges = []
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, position, media.lower()))
    ranges.sort()
    return Choice(_best(ranges, RESULTS_TYPES, DEFAULT_RESULTS), _best(ranges, RDF_TYPES,
                                                                        DEFAULT_RDF))


def _best(ranges: list[tuple[float, int, str]], offered: dict, default: str) -> str | None:
    for _, _, media in ranges:
        if media in offered:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            fitting = [offer for offer in offered if offer.startswith(media[:-1])]
            if fitting:
                return default if default in fitting else fitting[0]
    return None


def serialise(results: object, choice: Choice, max_rows: int) -> Answer | None:
    """The answer in the chosen type, at most `max_rows` rows or triples; None if unacceptable."""
    if isinstance(results, ox.QueryTriples):
        if choice.rdf is None:
            return None
        triples = list(islice(results, max_rows + 1))
        cut = max_rows if len(triples) > max_rows else None
        body = ox.serialize(triples[:max_rows], format=RDF_TYPES[choice.rdf])
        return Answer(_with_charset(choice.rdf), body, cut)
    if choice.results is None:
        return None
    target = RESULTS_TYPES[choice.results]
    media = _with_charset(choice.results)
    if isinstance(results, ox.QueryBoolean):
        return Answer(media, results.serialize(format=target))
    names = [v.value for v in results.variables]
    rows = list(islice(results, max_rows + 1))
    if len(rows) <= max_rows:
        document = _results_json(names, rows)
        cut = None
    else:
        document = _results_json(names, rows[:max_rows])
        cut = max_rows
    if target == ox.QueryResultsFormat.JSON:
        return Answer(media, document, cut)
    parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    return Answer(media, parsed.serialize(format=target), cut)


def _with_charset(media: str) -> str:
    return media if media.endswith("+json") or media == "application/json" else (
        media + "; charset=utf-8")


def _results_json(names: list[str], rows: list[ox.QuerySolution]) -> bytes:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    bindings = []
    for row in rows:
        bindings.append({name: _term(row[name]) for name in names if row[name] is not None})
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in _PLAIN:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term(term.subject),
                                            "predicate": _term(term.predicate),
                                            "object": _term(term.object)}}
    raise TypeError(f"unexpected term in query results: {term!r}")
