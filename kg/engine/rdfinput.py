"""RDF a partner hands over, read strictly, and the part of a graph that belongs to one source.

rdflib's parsers accept many malformed files (DESIGN.md §6), so every file is parsed by Oxigraph
first: a broken file is refused with its line, never half-read. The graph is then handed to
rdflib, which is what pySHACL takes. One source's part of a graph (`source_part`) is cut out with
SPARQL on Oxigraph, so validating a source never needs rdflib to read the whole graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.engine.terms import rdflib_term, to_ox
from kg.errors import InputError, Problem
from kg.namespaces import OA, PROV, QK, SCHEMA

_ENTITY_LINKS = (QK.subject, QK.object, QK.statedBy, QK.relayedBy)
_SOURCE_LINKS = (DCTERMS.publisher, QK.relays, SCHEMA.publisher)


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise InputError([Problem(path, None, "cannot tell the RDF format from the extension: "
                                  "use .ttl, .nt, .nq, .trig, .rdf, .jsonld or .n3")])
    return fmt


def load_file(path: Path, base: str | None = None) -> ox.Store:
    """The file in an in-memory Oxigraph store (named graphs kept); refused with its line.
    Relative IRIs resolve against `base`, by default the file's own URI (RFC 3986 §5.1.3)."""
    if not path.is_file():
        raise InputError([Problem(path, None, "no such file")])
    fmt = rdf_format(path)
    store = ox.Store()
    base = base or path.resolve().as_uri()
    try:
        store.load(path=str(path), format=fmt, base_iri=base)
    except SyntaxError as exc:
        message = exc.args[0] if exc.args else str(exc)
        line, column = exc.lineno, None
        if line is None:  # RDF/XML's errors carry no position: find where the parser stops
            line, column = _stop(path, fmt, base) or (None, None)
        at = f" (line {line}, column {column}, where the parser stopped)" if column else ""
        raise InputError([Problem(path, line, f"not valid {fmt.name}: {message}{at}")]) from exc
    except (OSError, ValueError) as exc:
        raise InputError([Problem(path, None, f"cannot read it as {fmt.name}: {exc}")]) from exc
    if fmt == ox.RdfFormat.RDF_XML:
        ill_formed = _xml_problem(path)
        if ill_formed is not None:
            line, column, reason = ill_formed
            raise InputError([Problem(path, line, f"not valid {fmt.name}: not well-formed XML, "
                                      f"{reason} (line {line}, column {column})")])
    return store


def _xml_problem(path: Path) -> tuple[int, int, str] | None:
    """(line, column, what) where the file stops being well-formed XML, or None. Oxigraph 0.5.13
    reads an RDF/XML file cut short (its elements never closed) as complete; expat, which
    fetches nothing from outside the file, does not."""
    parser = expat.ParserCreate()
    try:
        with path.open("rb") as data:
            parser.ParseFile(data)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        if reason == "no element found":
            reason = "the file ends before its elements are closed (cut short?)"
        return exc.lineno, exc.offset + 1, reason
    return None


_STOP_MAX_BYTES = 256 << 20  # past this a broken file is refused without its line
_FAST_READ = 1 << 16


class _Feed:
    """A file's bytes handed to a parser as it asks for them up to `slow_from`, then one at a
    time, counting what was handed: when the parser raises, it has read up to the end of the
    markup it refused (its XML reader asks for bytes only when it needs them). Never more than
    `size` at once: pyoxigraph 0.5.13 aborts the process when a read returns more."""

    def __init__(self, data: bytes, slow_from: int) -> None:
        self.data, self.slow_from, self.handed, self.last_start = data, slow_from, 0, 0

    def read(self, size: int = -1) -> bytes:
        asked = size if size is not None and size > 0 else _FAST_READ
        step = 1 if self.handed >= self.slow_from else min(asked, _FAST_READ,
                                                          self.slow_from - self.handed)
        self.last_start = self.handed
        chunk = self.data[self.handed:self.handed + step]
        self.handed += len(chunk)
        return chunk


def _stop(path: Path, fmt: ox.RdfFormat, base: str) -> tuple[int, int] | None:
    """(line, column), counted from 1, of the last byte the parser had read when it refused the
    file, or None if it cannot be told (a file too large to read again, or one that now
    parses). Oxigraph 0.5.13's RDF/XML parser says what is wrong but not where; reading the
    file again, handed over a byte at a time near the error, shows where it stops: the end of
    the element, attribute or text it refused. Twice more than a plain parse at worst: once in
    the pieces the parser asks for, to find the piece, then byte by byte within it."""
    try:
        if path.stat().st_size > _STOP_MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    feed = _Feed(data, len(data))
    if _parses(feed, fmt, base):
        return None
    feed = _Feed(data, feed.last_start)
    if _parses(feed, fmt, base):
        return None
    before = data[:feed.handed]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", "replace"))
    return before.count(b"\n") + 1, max(column, 1)


def _parses(feed: _Feed, fmt: ox.RdfFormat, base: str) -> bool:
    try:
        deque(ox.parse(feed, format=fmt, base_iri=base), maxlen=0)
    except SyntaxError:
        return False
    return True


def ntriples_problem(data: bytes) -> str | None:
    """Why `data` is not N-Triples that Oxigraph's strict parser reads, with the line and the
    line's beginning; None when it parses (the build checks each chunk before using it)."""
    try:
        deque(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), maxlen=0)
    except SyntaxError as exc:
        message = exc.args[0] if exc.args else str(exc)
        lines = data.splitlines()
        line = lines[exc.lineno - 1][:120].decode("utf-8", "replace") \
            if exc.lineno and exc.lineno <= len(lines) else ""
        return f"{message} (in {line!r})" if line else message
    return None


def read_graph(path: Path) -> Graph:
    """A small RDF file (shapes, an ontology) as an rdflib graph, parsed strictly first."""
    return to_rdflib(load_file(path).quads_for_pattern(None, None, None))


def to_rdflib(quads: Iterable[ox.Quad | ox.Triple], graph: Graph | None = None) -> Graph:
    """Oxigraph triples (or the union of quads' graphs) as an rdflib graph."""
    graph = Graph() if graph is None else graph
    add = graph.add
    for quad in quads:
        add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    return graph


@dataclass(frozen=True)
class SourcePart:
    """One source's nodes and their triples, plus the types of the nodes they point at.

    `own` are the source, its claims, their quotes and selectors and the entities they name: the
    nodes to validate. `graph` also holds `rdf:type` of claims of other sources that a claim
    disputes, so a class check on `qk:disputes` still sees a claim there.
    """

    graph: Graph
    own: frozenset[URIRef | BNode]


_SOURCE_BY_STEM = """
SELECT * WHERE { ?source a ?sourceClass ; ?identifier ?stem }
"""

_OWN = """
CONSTRUCT { ?node ?p ?o } WHERE {
    { ?source ?p ?o . BIND (?source AS ?node) }
    UNION { ?node ?derivedFrom ?source . ?node ?p ?o }
    UNION { ?claim ?derivedFrom ?source . ?claim ?quote ?node . ?node ?p ?o }
    UNION { ?claim ?derivedFrom ?source . ?claim ?quote ?q . ?q ?hasSelector ?node .
            ?node ?p ?o }
    UNION { ?claim ?derivedFrom ?source . ?claim ?link ?node . ?node ?p ?o
            VALUES ?link { } }
    UNION { ?source ?sourceLink ?node . ?node ?p ?o VALUES ?sourceLink { } }
}
"""

_CONTEXT = """
CONSTRUCT { ?other ?type ?class } WHERE {
    ?claim ?derivedFrom ?source . ?claim ?disputes ?other . ?other ?type ?class .
}
"""


def source_part(store: ox.Store, stems: Sequence[str], where: Path) -> SourcePart:
    """The part of the graph about the sources with these stems (`dcterms:identifier`)."""
    graph = Graph()
    own: set[URIRef | BNode] = set()
    own_query = _values(_OWN, {"link": _ENTITY_LINKS, "sourceLink": _SOURCE_LINKS})
    for stem in stems:
        source = _source_node(store, stem, where)
        bound = {"source": source, "derivedFrom": to_ox(PROV.wasDerivedFrom),
                 "quote": to_ox(QK.quote), "hasSelector": to_ox(OA.hasSelector)}
        for triple in _construct(store, own_query, bound):
            subject = rdflib_term(triple.subject)
            own.add(subject)  # type: ignore[arg-type]  # a subject is never a literal
            graph.add((subject, rdflib_term(triple.predicate), rdflib_term(triple.object)))
        context = {"source": source, "derivedFrom": to_ox(PROV.wasDerivedFrom),
                   "disputes": to_ox(QK.disputes), "type": to_ox(RDF.type)}
        to_rdflib(_construct(store, _CONTEXT, context), graph)
    return SourcePart(graph, frozenset(own))


def _source_node(store: ox.Store, stem: str, where: Path) -> ox.NamedNode | ox.BlankNode:
    bound = {"sourceClass": to_ox(QK.Source), "identifier": to_ox(DCTERMS.identifier),
             "stem": ox.Literal(stem)}
    rows = list(store.query(_SOURCE_BY_STEM, substitutions=_variables(bound),
                            use_default_graph_as_union=True))
    if not rows:
        known = sorted(str(row["stem"].value) for row in store.query(
            "SELECT * WHERE { ?s a ?sourceClass ; ?identifier ?stem }",
            substitutions=_variables({"sourceClass": to_ox(QK.Source),
                                      "identifier": to_ox(DCTERMS.identifier)}),
            use_default_graph_as_union=True))
        hint = f"; known: {', '.join(known)}" if known else ""
        raise InputError([Problem(where, None, f"no source with the stem {stem!r}{hint}")])
    return rows[0]["source"]


def _construct(store: ox.Store, query: str, bound: dict[str, object]) -> Iterable[ox.Triple]:
    return store.query(query, substitutions=_variables(bound), use_default_graph_as_union=True)


def _values(query: str, lists: dict[str, Sequence[URIRef]]) -> str:
    """Fill `VALUES ?name { }` with IRIs: the one place terms enter a query's text, as N-Triples
    terms made by Oxigraph, never by pasting user input."""
    for name, terms in lists.items():
        cells = " ".join(str(to_ox(term)) for term in terms)
        query = query.replace(f"VALUES ?{name} {{ }}", f"VALUES ?{name} {{ {cells} }}")
    return query


def _variables(bound: dict[str, object]) -> dict[ox.Variable, object]:
    return {ox.Variable(name): term for name, term in bound.items()}


