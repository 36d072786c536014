"""Every IRI the project spells lives here, so identifiers change in one place (DESIGN.md §3)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

QK = Namespace("https://w3id.org/qantar/ontology#")
DEFAULT_BASE = "https://w3id.org/qantar/id/"
QID = Namespace(DEFAULT_BASE)  # the bundled corpus's resources; another corpus's: Project.ids
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
ONTOLOGY_IRI = URIRef("https://w3id.org/qantar/ontology")
CONFLICT_SHAPES = Namespace("https://w3id.org/qantar/shapes/conflicts#")
IANA = Namespace("https://www.iana.org/assignments/media-types/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

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


def prefixes_for(base: str = DEFAULT_BASE) -> dict[str, str]:
    """PREFIXES as strings, `qid:` naming the corpus's own base IRI."""
    return {prefix: base if prefix == "qid" else str(ns) for prefix, ns in PREFIXES.items()}


@dataclass(frozen=True)
class Ids:
    """The IRIs a corpus mints for its resources, under its base IRI (`base_iri` in kg.toml's
    [dataset]; the bundled corpus's is DEFAULT_BASE), so a new corpus publishes under its own
    name while the vocabulary (qk:) stays the project's."""

    base: str = DEFAULT_BASE

    def entity(self, ref: str) -> URIRef:
        """`court/karasai-district-court` -> its IRI (the claim sheets' way of naming)."""
        return URIRef(self.base + ref)

    def source(self, stem: str) -> URIRef:
        return URIRef(f"{self.base}source/{stem}")

    def claim(self, claim_id: str) -> URIRef:
        return URIRef(f"{self.base}claim/{claim_id}")

    def graph(self, name: str) -> URIRef:
        """A named graph of the published dataset: `ontology`, `entities`, `source/{stem}`."""
        return URIRef(f"{self.base}graph/{name}")

    @property
    def settings(self) -> URIRef:
        return URIRef(self.base + "settings")

    @property
    def dataset(self) -> URIRef:
        return URIRef(self.base + "dataset")


DEFAULT_IDS = Ids()


def base_of(claim_iri: str, claim_id: str) -> str | None:
    """The base IRI a claim is named under (<base>claim/<id>), so that a reader of any build
    (conflict views, validation findings) can show that corpus's resources as kind/slug."""
    tail = f"claim/{claim_id}"
    return claim_iri[:-len(tail)] if claim_iri.endswith(tail) else None


def short_name(iri: object, ontology: str = "qk:", base: str = DEFAULT_BASE) -> str:
    """An IRI as people read it: `…/id/claim/004-05` -> `claim/004-05`, `…/ontology#deaths` ->
    `qk:deaths` (or `ontology` + `deaths`: conflict views say plain `deaths`), another known
    namespace by its prefix (`rdf:type`); any other IRI in full. The one shortener of the tool:
    findings, conflict views and query tables all read IRIs through it. `base` is the corpus's
    base IRI, whose resources are shown as `kind/slug`."""
    text = str(iri)
    if text.startswith(base):
        return text[len(base):]
    if text.startswith(str(QK)):
        return ontology + text[len(str(QK)):]
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return text
