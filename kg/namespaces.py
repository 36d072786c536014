"""Every IRI the project spells lives here, so identifiers change in one place (DESIGN.md §3)."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

QK = Namespace("https://w3id.org/qantar/ontology#")
QID = Namespace("https://w3id.org/qantar/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
ONTOLOGY_IRI = URIRef("https://w3id.org/qantar/ontology")
SETTINGS = QID["settings"]
CONFLICT_SHAPES = Namespace("https://w3id.org/qantar/shapes/conflicts#")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DATASET = QID["dataset"]

PREFIXES: dict[str, Namespace] = {
    "qk": QK,
    "qid": QID,
    "oa": OA,
    "prov": PROV,
    "schema": SCHEMA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
    "wdt": WDT,
}


def entity_iri(ref: str) -> URIRef:
    """`court/karasai-district-court` -> its resource IRI (the claim sheets' way of naming)."""
    return QID[ref]


def source_iri(stem: str) -> URIRef:
    return QID[f"source/{stem}"]


def graph_iri(name: str) -> URIRef:
    """A named graph of the published dataset: `ontology`, `entities`, `source/{stem}`."""
    return QID[f"graph/{name}"]


def short_name(iri: object, ontology: str = "qk:") -> str:
    """An IRI as people read it: `…/id/claim/004-05` -> `claim/004-05`, `…/ontology#deaths` ->
    `qk:deaths` (or `ontology` + `deaths`: conflict views say plain `deaths`), another known
    namespace by its prefix (`rdf:type`); any other IRI in full. The one shortener of the tool:
    findings, conflict views and query tables all read IRIs through it."""
    text = str(iri)
    if text.startswith(str(QID)):
        return text[len(str(QID)):]
    if text.startswith(str(QK)):
        return ontology + text[len(str(QK)):]
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return text
