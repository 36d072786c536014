"""The dataset description that goes beside the dumps (`kg export --describe`): VoID and DCAT 3.

One node is both a `void:Dataset` and a `dcat:Dataset`, so VoID tools (triples, class
partitions, vocabularies, data dumps, SPARQL endpoint) and DCAT catalogues (title, licence,
creator, modified date, distributions with media type and byte size) read the same facts. Each
export format is a distribution whose download URL is the file name `kg.<ext>` relative to the
description itself (RFC 3986: a relative reference resolves against the document's own
location), so `void.ttl` describes the dumps in its own directory wherever it is published;
`--base-url` makes them absolute instead. Byte sizes are those `kg export --format <ext>` writes:
exports are deterministic, so the sizes hold for the files.

Title, description, licence and creator come from `[dataset]` in `kg.toml` when the project
sets them (title, description, license, creator, creator_url); else from the build: the
ontology's licence, a sentence counting sources and claims, and "Qantar KG contributors". The
dataset's IRI and its void:uriSpace are under the corpus's base IRI (`base_iri`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from kg.engine.terms import iri
from kg.export.dump import FORMATS, rdf_bytes
from kg.export.files import dump_file
from kg.namespaces import FORMATS as W3C_FORMATS
from kg.namespaces import IANA, ONTOLOGY_IRI, PREFIXES, QK, SD, Ids, prefixes_for
from kg.output.formats import RDF_SYNTAX
from kg.project import Project

# IANA's registry of media types names each type by IRI; DCAT 3 asks for them in dcat:mediaType.
MEDIA_TYPES = {name: RDF_SYNTAX[name].media_type for name in FORMATS}
# Stands in for the description's own location while Oxigraph writes relative references.
_HERE = "file:///kg-export-directory/"


@dataclass(frozen=True)
class DatasetFacts:
    """What the description says, gathered from the build and the project settings."""

    title: str
    description: str
    license: str | None
    creator: str
    creator_url: str | None
    modified: dt.date
    triples: int
    sources: int
    claims: int
    vocabularies: list[str]
    dump_sizes: dict[str, int]
    base: str  # the corpus's base IRI: the dataset's own IRI and its void:uriSpace


def dataset_facts(project: Project, store: ox.Store) -> DatasetFacts:
    """The facts of the last build: counts and vocabularies from its store, dump sizes from
    the dump files (kg.export.files)."""
    settings = dict(project.settings.dataset)
    sources, claims = _count(store, QK.Source), _count(store, QK.Claim)
    licence = next((q.object.value for q in store.quads_for_pattern(
        iri(ONTOLOGY_IRI), iri(DCTERMS.license), None, ox.DefaultGraph())), None)
    modified = dt.datetime.fromtimestamp(project.build_file.stat().st_mtime, dt.UTC).date()
    return DatasetFacts(
        title=settings.get("title", "Qantar KG"),
        description=settings.get("description", f"{claims} claims with their sources: each "
                                 f"tied to the exact words of one of {sources} articles, to who "
                                 "states it and to its interval reading."),
        license=settings.get("license", licence),
        creator=settings.get("creator", "Qantar KG contributors"),
        creator_url=settings.get("creator_url"), base=project.settings.base_iri,
        modified=modified, triples=len(store), sources=sources, claims=claims,
        vocabularies=_vocabularies(store),
        dump_sizes={fmt: _size(project, fmt) for fmt in FORMATS})


def _size(project: Project, fmt: str) -> int:
    """The dump's size in bytes, from its file (kg.export.files: written once per build)."""
    return dump_file(project, fmt).stat().st_size


def describe(facts: DatasetFacts, base_url: str | None = None,
             sparql_endpoint: str | None = None) -> bytes:
    """The description in Turtle; dumps relative to it unless `base_url` is given."""
    here = base_url if base_url else _HERE
    if base_url and not base_url.endswith("/"):
        here += "/"
    ids = Ids(facts.base)
    node, out = iri(ids.dataset), []

    def add(s: ox.Term, p: object, o: ox.Term) -> None:
        out.append(ox.Triple(s, iri(p), o))

    add(node, RDF.type, iri(VOID.Dataset))
    add(node, RDF.type, iri(DCAT.Dataset))
    add(node, DCTERMS.title, ox.Literal(facts.title, language="en"))
    add(node, DCTERMS.description, ox.Literal(facts.description, language="en"))
    if facts.license:
        add(node, DCTERMS.license, ox.NamedNode(facts.license))
    creator = (ox.NamedNode(facts.creator_url) if facts.creator_url
               else iri(ids.entity("dataset/creator")))
    add(node, DCTERMS.creator, creator)
    add(creator, RDF.type, iri(FOAF.Agent))
    add(creator, FOAF.name, ox.Literal(facts.creator))
    add(node, DCTERMS.modified, ox.Literal(facts.modified.isoformat(), datatype=iri(XSD.date)))
    add(node, VOID.triples, _integer(facts.triples))
    add(node, VOID.uriSpace, ox.Literal(facts.base))
    for vocabulary in facts.vocabularies:
        add(node, VOID.vocabulary, ox.NamedNode(vocabulary))
    for label, cls, count in (("sources", QK.Source, facts.sources),
                              ("claims", QK.Claim, facts.claims)):
        partition = ox.BlankNode(label)
        add(node, VOID.classPartition, partition)
        add(partition, VOID["class"], iri(cls))
        add(partition, VOID.entities, _integer(count))
    for fmt, size in facts.dump_sizes.items():
        dump, distribution = ox.NamedNode(f"{here}kg.{fmt}"), ox.BlankNode(f"dump-{fmt}")
        add(node, VOID.dataDump, dump)
        add(node, DCAT.distribution, distribution)
        add(distribution, RDF.type, iri(DCAT.Distribution))
        add(distribution, DCTERMS.title, ox.Literal(f"{RDF_SYNTAX[fmt].w3c.replace('_', '/')} dump",
                                                    language="en"))
        add(distribution, DCAT.downloadURL, dump)
        add(distribution, DCAT.mediaType, iri(IANA[MEDIA_TYPES[fmt]]))
        add(distribution, DCTERMS["format"], iri(W3C_FORMATS[RDF_SYNTAX[fmt].w3c]))
        add(distribution, DCAT.byteSize, ox.Literal(str(size),
                                                    datatype=iri(XSD.nonNegativeInteger)))
    if sparql_endpoint:
        endpoint = ox.NamedNode(sparql_endpoint)
        add(node, VOID.sparqlEndpoint, endpoint)
        add(endpoint, RDF.type, iri(DCAT.DataService))
        add(endpoint, RDF.type, iri(SD.Service))
        add(endpoint, DCAT.endpointURL, endpoint)
        add(endpoint, DCAT.servesDataset, node)
    prefixes = prefixes_for(facts.base)
    prefixes.update(void=str(VOID), dcat=str(DCAT), foaf=str(FOAF), sd=str(SD))
    rdf_type = iri(RDF.type)
    out.sort(key=lambda t: (t.subject != node, str(t.subject), t.predicate != rdf_type,
                            str(t.predicate), str(t.object)))
    data = rdf_bytes(out, "ttl", prefixes, base_iri=None if base_url else _HERE)
    if base_url:
        return data
    return data.replace(f"@base <{_HERE}> .\n".encode(), b"", 1)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=iri(XSD.integer))


def _count(store: ox.Store, cls: object) -> int:
    return len({q.subject for q in store.quads_for_pattern(None, iri(RDF.type), iri(cls),
                                                            ox.DefaultGraph())})


def _vocabularies(store: ox.Store) -> list[str]:
    """The namespaces of PREFIXES whose terms the data uses as predicates or classes."""
    namespaces = [str(ns) for prefix, ns in PREFIXES.items() if prefix not in ("qid", "wd")]
    used = {row["term"].value for row in store.query(
        "SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } }")}
    return [ns for ns in namespaces if any(term.startswith(ns) for term in used)]
