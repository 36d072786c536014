"""`kg export`: the build as Linked Data in Turtle, TriG, N-Triples, N-Quads or JSON-LD.

The full view is streamed from the build's chunks (`build/chunks.json`, kg.build.run): each chunk
is a sorted N-Triples file holding one named graph, so it is parsed and written on its own, in
the manifest's order, and the whole graph is never held in memory (tens of millions of triples
at a million claims). Turtle and TriG are written by Oxigraph's serialiser one chunk at a time,
on every core when the build is large; N-Triples is the chunks as they are, N-Quads the chunks
with their graph name on each line. JSON-LD is written here, one chunk at a time too, compacted
with the context that ships in the package (`kg/export/context.jsonld`, our prefixes).

Output is deterministic and reads top-down: the graphs in the build's order, and within each the
chunk's sorted lines, so a subject's triples are together (Turtle groups them with `;`):

    qid:graph/ontology          every subject of the ontology namespace (and the ontology itself)
    qid:graph/entities          events, trials, courts, people, places... and the build settings
    qid:graph/source/{stem}     one article: its source node, its claims and their quote nodes

Triples held in memory (the consensus view, CONSTRUCT and DESCRIBE results) go through the
same writer (`serialize`): partitioned by subject into those graphs (`partition`) and sorted as
the build sorts a chunk, so the store's triples give the bytes the chunks give.
"""

from __future__ import annotations

import mmap
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF

from kg.engine.chunks import current_chunks
from kg.engine.pool import ordered_map, workers_for
from kg.errors import QueryError
from kg.export.consensus import consensus_view
from kg.export.jsonld import jsonld_head, jsonld_nodes
from kg.namespaces import DEFAULT_IDS, OA, ONTOLOGY_IRI, QK, Ids, prefixes_for
from kg.output.formats import RDF_SYNTAX, format_for_file
from kg.project import Project

FORMATS = {name: fmt.oxigraph for name, fmt in RDF_SYNTAX.items()}  # what `kg export` writes
VIEWS = ("full", "consensus")

_NT = ox.RdfFormat.N_TRIPLES
_TYPE = ox.NamedNode(str(RDF.type))
_CLAIM, _SOURCE = ox.NamedNode(str(QK.Claim)), ox.NamedNode(str(QK.Source))
_DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
_IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))
_QUOTE, _SELECTOR = ox.NamedNode(str(QK.quote)), ox.NamedNode(str(OA.hasSelector))


@dataclass(frozen=True)
class Chunk:
    """One named graph of the export: `graph` is its name (`ontology`, `entities`,
    `source/{stem}`), `source` its sorted N-Triples, a build file or bytes."""

    graph: str
    source: Path | bytes
    triples: int

    def ntriples(self) -> bytes:
        return self.source.read_bytes() if isinstance(self.source, Path) else self.source


@dataclass(frozen=True)
class Export:
    data: bytes
    format: str
    view: str
    triples: int
    summary: str = ""  # for the consensus view: facts kept and what was left out, by reason


def build_chunks(project: Project) -> list[Chunk]:
    """The last build's named graphs in order (kg.engine.chunks checks they describe kg.nt)."""
    return [Chunk(c.graph, c.path, c.triples) for c in current_chunks(project)]


def write_full(project: Project, fmt: str, out: BinaryIO, workers: int | None = None) -> int:
    """Stream the full view of the last build to `out`; the number of triples written."""
    chunks = build_chunks(project)
    write(chunks, fmt, out, workers, project.ids)
    return sum(c.triples for c in chunks)


def write(chunks: list[Chunk], fmt: str, out: BinaryIO, workers: int | None = None,
          ids: Ids = DEFAULT_IDS) -> None:
    """The chunks, each its own named graph (under the corpus's base IRI, `ids`), in one
    format. `workers` caps the processes that write Turtle, TriG and JSON-LD (default: one per
    core once the chunks are large)."""
    if fmt in ("nt", "nq"):
        for chunk in chunks:
            out.write(chunk.ntriples() if fmt == "nt" else _nquads(chunk, ids))
        return
    if fmt == "rdf":  # one XML document: Oxigraph writes it as the triples stream in
        ox.serialize(_triples(chunks), out, format=ox.RdfFormat.RDF_XML,
                     prefixes=used_prefixes(chunks, ids=ids))
        return
    prefixes = used_prefixes(chunks, [str(ids.graph(c.graph)) for c in chunks]
                             if fmt == "trig" else (), ids)
    if fmt == "jsonld":
        out.write(jsonld_head())
    else:
        out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode())
    count = workers_for("export", sum(c.triples for c in chunks), workers)
    written = 0
    jobs = [(c.source, str(ids.graph(c.graph)), fmt, prefixes) for c in chunks]
    for part in ordered_map(_render, jobs, count):
        if part and fmt == "jsonld" and written:
            out.write(b",\n")
        out.write(part)
        written += bool(part)
    if fmt == "jsonld":
        out.write(b"\n ]\n}\n" if written else b"]\n}\n")


def _triples(chunks: list[Chunk]) -> Iterator[ox.Triple]:
    """Every chunk's triples in order, parsed one chunk at a time (RDF/XML has no graphs)."""
    for chunk in chunks:
        yield from (quad.triple for quad in ox.parse(chunk.ntriples(), format=_NT))


def used_prefixes(chunks: Iterable[Chunk], iris: Iterable[str] = (),
                  ids: Ids = DEFAULT_IDS) -> dict[str, str]:
    """Our prefixes, in the order of PREFIXES (`qid:` the corpus's base), whose namespace
    begins an IRI or datatype of the chunks or one of `iris`. One byte search per namespace that
    stops at its first hit, so only a namespace the build never uses costs a read of every
    chunk."""
    iris = list(iris)
    namespaces = prefixes_for(ids.base)
    pending = {p: b"<" + ns.encode() for p, ns in namespaces.items()
               if not any(iri.startswith(ns) for iri in iris)}
    for chunk in chunks:
        if not pending:
            break
        for prefix, needle in list(pending.items()):
            if _contains(chunk, needle):
                del pending[prefix]
    return {p: ns for p, ns in namespaces.items() if p not in pending}


def _contains(chunk: Chunk, needle: bytes) -> bool:
    if not isinstance(chunk.source, Path):
        return needle in chunk.source
    with chunk.source.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(needle) >= 0


def _render(job: tuple[Path | bytes, str, str, dict[str, str]]) -> bytes:
    """One chunk in Turtle, as a TriG graph block (its graph's IRI given), or as JSON-LD node
    objects; without prefix declarations, which the document has once."""
    source, graph, fmt, prefixes = job
    quads = ox.parse(path=str(source), format=_NT) if isinstance(source, Path) else ox.parse(
        source, format=_NT)
    if fmt == "jsonld":
        return jsonld_nodes(quads)
    body = _turtle_body(quads, prefixes)
    if fmt == "ttl" or not body:
        return body
    # the graph name as Oxigraph's TriG writer abbreviates it, then the triples indented
    name = ox.NamedNode(graph)
    label = _turtle_body([ox.Triple(name, name, name)], prefixes).split(b" ", 1)[0]
    return label + b" {\n\t" + body[:-1].replace(b"\n", b"\n\t") + b"\n}\n"


def _turtle_body(triples: Iterable, prefixes: dict[str, str]) -> bytes:
    """Oxigraph's Turtle without the prefix declarations it starts with (one line each)."""
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes or None)
    start = 0
    for _ in prefixes if data else ():
        start = data.index(b"\n", start) + 1
    return data[start:]


def _nquads(chunk: Chunk, ids: Ids) -> bytes:
    """The chunk's lines with its graph name before the final dot. Each line of Oxigraph's
    and the build's N-Triples ends in " .\\n" (a newline inside a literal is escaped); other
    N-Triples go through Oxigraph."""
    data = chunk.ntriples()
    name = ox.NamedNode(str(ids.graph(chunk.graph)))
    if data.count(b"\n") == data.count(b" .\n") and data.endswith(b"\n") or not data:
        return data.replace(b" .\n", f" {name} .\n".encode())
    quads = (ox.Quad(q.subject, q.predicate, q.object, name) for q in ox.parse(data, format=_NT))
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def consensus_export(store: ox.Store, fmt: str, queries_dirs: list[Path],
                     ids: Ids = DEFAULT_IDS) -> Export:
    """The consensus view (`kg.export.consensus`), in one named graph `qid:graph/consensus` for the
    quad formats. A query result, far smaller than the build, so it is made in memory."""
    consensus = consensus_view(store, queries_dirs, ids)
    triples = consensus.triples()
    return Export(serialize(triples, fmt, graph="consensus", ids=ids), fmt, "consensus",
                  len(set(triples)), consensus.summary())


def check_view(view: str) -> None:
    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}: use full or consensus")


def format_for(requested: str | None, output: Path | None) -> str:
    """The export's format: --format, else `-o`'s extension, else Turtle."""
    return format_for_file(requested, output,
                           {name: RDF_SYNTAX[name].extensions for name in FORMATS}, "ttl")


def serialize(triples: list[ox.Triple], fmt: str, graph: str | None = None,
              ids: Ids = DEFAULT_IDS) -> bytes:
    """Triples held in memory, written as the export writes the build: in the named graphs of
    `partition` (or all in the one `graph` names), each sorted like a build chunk."""
    if graph is None:
        groups = _groups(partition(triples, ids), ids)
    else:
        groups = [(graph, list(triples))]
    chunks = [Chunk(name, data, data.count(b"\n"))
              for name, group in groups if (data := _sorted_ntriples(group))]
    out = BytesIO()
    write(chunks, fmt, out, workers=1, ids=ids)
    return out.getvalue()


def _sorted_ntriples(triples: list[ox.Triple]) -> bytes:
    """N-Triples sorted and without duplicates, as the build writes a chunk."""
    data = ox.serialize(triples, format=_NT)
    return b"".join(sorted(set(data.splitlines(keepends=True))))


def _groups(quads: list[ox.Quad], ids: Ids) -> list[tuple[str, list[ox.Triple]]]:
    """The quads' triples by graph, graphs in the build's order: ontology, entities, sources."""
    by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
    graphs = str(ids.graph(""))
    for quad in quads:
        by_graph[quad.graph_name.value.removeprefix(graphs)].append(quad.triple)
    rank = {"ontology": 0, "entities": 1}
    return sorted(by_graph.items(), key=lambda item: (rank.get(item[0], 2), item[0]))


def partition(triples: list[ox.Triple], ids: Ids = DEFAULT_IDS) -> list[ox.Quad]:
    """The triples as quads in the named graphs the build's chunks are: a source's node, its
    claims and their quote and selector nodes in its graph, the ontology namespace in
    `ontology`, everything else in `entities`. A blank node, if any, goes to the graph of the
    subject that refers to it."""
    graph_of = _graphs_by_subject(triples, ids)
    return [ox.Quad(t.subject, t.predicate, t.object, graph_of[t.subject]) for t in triples]


def _graphs_by_subject(triples: list[ox.Triple], ids: Ids) -> dict[ox.Term, ox.NamedNode]:
    by_subject: dict[ox.Term, list[ox.Triple]] = defaultdict(list)
    for triple in triples:
        by_subject[triple.subject].append(triple)

    def first(subject: ox.Term, predicate: ox.NamedNode) -> ox.Term | None:
        return next((t.object for t in by_subject.get(subject, ()) if t.predicate == predicate),
                    None)

    graph_of: dict[ox.Term, object] = {}
    for subject, own in by_subject.items():
        types = {t.object for t in own if t.predicate == _TYPE}
        if _SOURCE in types:
            graph_of[subject] = _source_graph(subject, first(subject, _IDENTIFIER), ids)
    for subject, own in by_subject.items():
        if _CLAIM in {t.object for t in own if t.predicate == _TYPE}:
            article = first(subject, _DERIVED)
            graph = graph_of.get(article) or _source_graph(article, first(article, _IDENTIFIER),
                                                           ids)
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
            graph_of[subject] = ids.graph("ontology")
    _place_blank_nodes(by_subject, graph_of)
    for subject in by_subject:
        graph_of.setdefault(subject, ids.graph("entities"))
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


def _source_graph(article: ox.Term | None, identifier: ox.Term | None, ids: Ids):
    if identifier is not None:
        return ids.graph(f"source/{identifier.value}")
    tail = article.value.rsplit("/", 1)[-1] if isinstance(article, ox.NamedNode) else "unknown"
    return ids.graph(f"source/{tail}")


def rdf_bytes(items: list, fmt: str, prefixes: dict[str, str] | None = None,
              base_iri: str | None = None) -> bytes:
    """Oxigraph's serialisation of triples or quads in the order given (for small documents
    such as the VoID description). Turtle and TriG get our prefixes (only those used),
    declared in the order of PREFIXES so the bytes never vary."""
    if fmt in ("nt", "nq"):
        data = ox.serialize(items, format=FORMATS[fmt])
        return b"".join(sorted(set(data.splitlines(keepends=True))))
    namespaces = prefixes if prefixes is not None else prefixes_for()
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
