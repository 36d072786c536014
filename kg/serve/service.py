"""The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/),
returned when the endpoint is fetched with no query, so clients learn what it speaks. The
dataset's VoID description is kg/describe.py's, shared with `kg export --describe`.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, VOID, XSD

from kg.namespaces import FORMATS, SD
from kg.output.formats import GRAPH_ANSWERS, RDF_SYNTAX, RESULTS_SYNTAX
from kg.output.results import RDF_TYPES

RESULT_FORMATS = (*(f.w3c for f in RESULTS_SYNTAX.values()),
                  *(RDF_SYNTAX[name].w3c for name in GRAPH_ANSWERS))


def service_description(endpoint: str, triples: int) -> bytes:
    """sd:Service for this endpoint, in Turtle: language, formats, the default graph's size."""
    graph = Graph()
    for prefix, namespace in (("sd", SD), ("void", VOID), ("formats", FORMATS)):
        graph.bind(prefix, namespace)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    dataset, default = BNode("dataset"), BNode("default")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return graph.serialize(format="turtle", encoding="utf-8")


def turtle_as(turtle: bytes, media_type: str) -> bytes:
    """A Turtle document in another of the RDF types the endpoint offers."""
    if media_type == "text/turtle":
        return turtle
    triples = [quad.triple for quad in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    return ox.serialize(triples, format=RDF_TYPES[media_type])
