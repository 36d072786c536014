"""`kg export`: the build as Linked Data in Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Every format is written by Oxigraph's own serialisers except JSON-LD, which Oxigraph writes only
in expanded form; it is written here, compacted with the context that ships in the package
(`kg/context.jsonld`, our prefixes), embedded so the file parses offline.

Output is deterministic: the same triples give the same bytes whatever order they came in. They
are partitioned by subject into named graphs (`partition`) and sorted within each, so Turtle
reads top-down (ontology, entities, then each article with its claims) and TriG/N-Quads put:

    qid:graph/ontology          every subject of the ontology namespace (and the ontology itself)
    qid:graph/entities          events, trials, courts, people, places... and the build settings
    qid:graph/source/{stem}     one article: its source node, its claims and their quote nodes

A blank node, if a future build has any, goes to the graph of the subject that refers to it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from kg.consensus import consensus_view
from kg.errors import QueryError
from kg.namespaces import OA, ONTOLOGY_IRI, PREFIXES, QK, graph_iri

CONTEXT_FILE = Path(__file__).resolve().with_name("context.jsonld")
FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
           "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
EXTENSIONS = {".ttl": "ttl", ".turtle": "ttl", ".trig": "trig", ".nt": "nt", ".nq": "nq",
              ".jsonld": "jsonld", ".json": "jsonld"}
QUAD_FORMATS = ("trig", "nq")
VIEWS = ("full", "consensus")

_TYPE = ox.NamedNode(str(RDF.type))
_CLAIM, _SOURCE = ox.NamedNode(str(QK.Claim)), ox.NamedNode(str(QK.Source))
_DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
_IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))
_QUOTE, _SELECTOR = ox.NamedNode(str(QK.quote)), ox.NamedNode(str(OA.hasSelector))


@dataclass(frozen=True)
class Export:
    data: bytes
    format: str
    view: str
    triples: int
    summary: str = ""  # for the consensus view: facts kept and what was left out, by reason


def export(store: ox.Store, fmt: str, view: str, queries_dirs: list[Path]) -> Export:
    """The bytes of one export: the full build, or the consensus view (`kg.consensus`) in
    one named graph `qid:graph/consensus` for the quad formats."""
    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}: use full or consensus")
    if view == "full":
        triples = store_triples(store)
        return Export(serialize(triples, fmt), fmt, view, len(set(triples)))
    consensus = consensus_view(store, queries_dirs)
    triples = consensus.triples()
    return Export(serialize(triples, fmt, graph="consensus"), fmt, view, len(set(triples)),
                  consensus.summary())


def format_for(requested: str | None, output: Path | None) -> str:
    """The format asked for, else the one `-o`'s extension names, else Turtle."""
    implied = EXTENSIONS.get(output.suffix.lower()) if output else None
    if requested is not None and requested not in FORMATS:
        raise QueryError(f"unknown format {requested!r}: use {', '.join(FORMATS)}")
    if requested and implied and requested != implied:
        raise QueryError(f"--format {requested} but {output.name} is named like {implied}: "
                         "make them agree or drop --format")
    return requested or implied or "ttl"


def store_triples(store: ox.Store) -> list[ox.Triple]:
    """Every triple of the build's store (the build is one default graph)."""
    return [quad.triple for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]


def partition(triples: list[ox.Triple]) -> list[ox.Quad]:
    """The triples as quads in their named graphs, sorted: graphs in reading order (ontology,
    entities, sources by stem), then subject, predicate (rdf:type first) and object."""
    graph_of = _graphs_by_subject(triples)
    return _sorted([ox.Quad(t.subject, t.predicate, t.object, graph_of[t.subject])
                    for t in triples])


def in_graph(triples: list[ox.Triple], graph: str) -> list[ox.Quad]:
    """All the triples in one named graph (`graph_iri(graph)`), sorted."""
    name = ox.NamedNode(str(graph_iri(graph)))
    return _sorted([ox.Quad(t.subject, t.predicate, t.object, name) for t in triples])


def _sorted(quads: list[ox.Quad]) -> list[ox.Quad]:
    rank = {str(graph_iri("ontology")): "0", str(graph_iri("entities")): "1"}
    return sorted(set(quads), key=lambda q: (rank.get(q.graph_name.value, "2"),
                                             str(q.graph_name), str(q.subject),
                                             q.predicate != _TYPE, str(q.predicate),
                                             str(q.object)))


def _graphs_by_subject(triples: list[ox.Triple]) -> dict[ox.Term, ox.NamedNode]:
    by_subject: dict[ox.Term, list[ox.Triple]] = defaultdict(list)
    for triple in triples:
        by_subject[triple.subject].append(triple)

    def first(subject: ox.Term, predicate: ox.NamedNode) -> ox.Term | None:
        return next((t.object for t in by_subject.get(subject, ()) if t.predicate == predicate),
                    None)

    graph_of: dict[ox.Term, ox.NamedNode] = {}
    for subject, own in by_subject.items():
        types = {t.object for t in own if t.predicate == _TYPE}
        if _SOURCE in types:
            graph_of[subject] = _source_graph(subject, first(subject, _IDENTIFIER))
    for subject, own in by_subject.items():
        if _CLAIM in {t.object for t in own if t.predicate == _TYPE}:
            article = first(subject, _DERIVED)
            graph = graph_of.get(article) or _source_graph(article, first(article, _IDENTIFIER))
            graph_of[subject] = graph
            for quote in (t.object for t in own if t.predicate == _QUOTE):
                graph_of[quote] = graph
                for t in by_subject.get(quote, ()):
                    if t.predicate == _SELECTOR:
                        graph_of[t.object] = graph
    ontology = str(QK)
    for subject in by_subject:
        if subject not in graph_of and isinstance(subject, ox.NamedNode) and (
                subject.value.startswith(ontology) or subject.value == str(ONTOLOGY_IRI)):
            graph_of[subject] = graph_iri("ontology")
    _place_blank_nodes(by_subject, graph_of)
    for subject in by_subject:
        graph_of.setdefault(subject, graph_iri("entities"))
    return {s: ox.NamedNode(str(g)) for s, g in graph_of.items()}


def _place_blank_nodes(by_subject: dict, graph_of: dict) -> None:
    pending = sorted((s for s in by_subject if isinstance(s, ox.BlankNode) and s not in graph_of),
                     key=str)
    for _ in range(len(pending)):  # a chain of blank nodes needs one pass per link
        for subject, own in sorted(by_subject.items(), key=lambda item: str(item[0])):
            for triple in own:
                if triple.object in pending and subject in graph_of:
                    graph_of.setdefault(triple.object, graph_of[subject])
        pending = [s for s in pending if s not in graph_of]
        if not pending:
            return


def _source_graph(article: ox.Term | None, identifier: ox.Term | None):
    if identifier is not None:
        return graph_iri(f"source/{identifier.value}")
    tail = article.value.rsplit("/", 1)[-1] if isinstance(article, ox.NamedNode) else "unknown"
    return graph_iri(f"source/{tail}")


def serialize(triples: list[ox.Triple], fmt: str, graph: str | None = None) -> bytes:
    """The triples in one format, deterministically. Quad formats carry the named graphs of
    `partition`, or put everything in one graph when `graph` names it; JSON-LD is the union."""
    quads = partition(triples) if graph is None else in_graph(triples, graph)
    if fmt == "jsonld":
        return jsonld(quads)
    if fmt in QUAD_FORMATS:
        return rdf_bytes(quads, fmt)
    return rdf_bytes([q.triple for q in quads], fmt)


def rdf_bytes(items: list, fmt: str, prefixes: dict[str, str] | None = None,
              base_iri: str | None = None) -> bytes:
    """Oxigraph's serialisation of triples or quads in the order given. Turtle and TriG get our
    prefixes (only those used), declared in the order of PREFIXES so the bytes never vary."""
    if fmt in ("nt", "nq"):
        data = ox.serialize(items, format=FORMATS[fmt])
        return b"".join(sorted(set(data.splitlines(keepends=True))))
    namespaces = prefixes if prefixes is not None else {k: str(v) for k, v in PREFIXES.items()}
    used = {p: ns for p, ns in namespaces.items() if _uses(items, ns)}
    text = ox.serialize(items, format=FORMATS[fmt], prefixes=used or None,
                        base_iri=base_iri).decode("utf-8")
    lines = text.split("\n")
    head = 0
    while head < len(lines) and lines[head].startswith(("@prefix ", "@base ")):
        head += 1
    declared = [f"@prefix {p}: <{ns}> ." for p, ns in used.items()]
    if base_iri:
        declared.insert(0, f"@base <{base_iri}> .")
    return "\n".join(declared + lines[head:]).encode("utf-8")


def _uses(items: list, namespace: str) -> bool:
    for item in items:
        terms = [item.subject, item.predicate, item.object]
        if isinstance(item, ox.Quad):
            terms.append(item.graph_name)
        for term in terms:
            if isinstance(term, ox.Literal):
                term = term.datatype
            if isinstance(term, ox.NamedNode) and term.value.startswith(namespace):
                return True
    return False


def context() -> dict:
    """The shipped JSON-LD context (`kg/context.jsonld`): our prefixes."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def jsonld(quads: list[ox.Quad]) -> bytes:
    """Compact JSON-LD of the union of the graphs: one node object per subject, IRIs shortened
    with the shipped context's prefixes, literals with their datatype or language."""
    ctx = context()
    compact = _compactor(ctx)
    nodes: dict[str, dict] = {}
    for quad in quads:
        node = nodes.setdefault(str(quad.subject), {"@id": _node_id(quad.subject, compact)})
        if quad.predicate == _TYPE and isinstance(quad.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(quad.object.value))
            continue
        node.setdefault(compact(quad.predicate.value), []).append(_value(quad.object, compact))
    graph = []
    for key in sorted(nodes):
        node = nodes[key]
        ordered = {k: node[k] for k in ("@id", "@type") if k in node}
        for predicate in sorted(k for k in node if not k.startswith("@")):
            ordered[predicate] = sorted(node[predicate], key=lambda v: json.dumps(v))
        if "@type" in ordered:
            ordered["@type"] = sorted(ordered["@type"])
        graph.append(ordered)
    document = {"@context": ctx, "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _compactor(ctx: dict):
    prefixes = sorted(((ns, p) for p, ns in ctx.items() if isinstance(ns, str)),
                      key=lambda item: -len(item[0]))

    def compact(iri: str) -> str:
        for namespace, prefix in prefixes:
            rest = iri[len(namespace):]
            if iri.startswith(namespace) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return iri

    return compact


def _node_id(term: ox.Term, compact) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)


def _value(term: ox.Term, compact) -> dict | str:
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"@id": _node_id(term, compact)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == str(XSD.string):
        return term.value
    return {"@value": term.value, "@type": compact(term.datatype.value)}
