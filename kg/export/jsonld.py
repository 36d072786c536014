"""Compact JSON-LD, written here because Oxigraph writes only the expanded form: the context
that ships in the package (`kg/export/context.jsonld`, our prefixes) is embedded so the file parses
offline, and node objects are written a chunk at a time, one per line, so an export streams.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

CONTEXT_FILE = Path(__file__).resolve().with_name("context.jsonld")
_TYPE = ox.NamedNode(str(RDF.type))


def context() -> dict:
    """The shipped JSON-LD context (`kg/export/context.jsonld`): our prefixes."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def jsonld_head() -> bytes:
    """`{"@context": ..., "@graph": [` laid out as json.dumps(indent=1) lays out a document."""
    head = json.dumps({"@context": context()}, ensure_ascii=False, indent=1)
    return (head[:-2] + ',\n "@graph": [\n').encode("utf-8")


def jsonld_nodes(quads: Iterable[ox.Quad]) -> bytes:
    """Compact JSON-LD node objects for one chunk, one line each (json's C encoder, several
    times faster than its indenting one): one per subject, sorted, IRIs shortened with the
    shipped context's prefixes, literals with their datatype or language. Chunks are
    subject-disjoint, so a subject never needs two node objects."""
    compact = _compactor()
    nodes: dict[str, dict] = {}
    for quad in quads:
        node = nodes.setdefault(str(quad.subject), {"@id": _node_id(quad.subject, compact)})
        if quad.predicate == _TYPE and isinstance(quad.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(quad.object.value))
            continue
        node.setdefault(compact(quad.predicate.value), []).append(_value(quad.object, compact))
    texts = []
    for key in sorted(nodes):
        node = nodes[key]
        ordered = {k: node[k] for k in ("@id", "@type") if k in node}
        for predicate in sorted(k for k in node if not k.startswith("@")):
            values = node[predicate]
            ordered[predicate] = sorted(values, key=json.dumps) if len(values) > 1 else values
        if "@type" in ordered:
            ordered["@type"] = sorted(ordered["@type"])
        texts.append("  " + json.dumps(ordered, ensure_ascii=False))
    return ",\n".join(texts).encode("utf-8")


@cache
def _compactor() -> Callable[[str], str]:
    """IRI -> `prefix:rest` by the longest namespace of the context that it starts with."""
    prefixes = {ns: p for p, ns in context().items() if isinstance(ns, str)}
    longest_first = re.compile("|".join(re.escape(ns) for ns in sorted(prefixes, key=len,
                                                                       reverse=True)))

    def compact(iri: str) -> str:
        found = longest_first.match(iri)
        if found is None:
            return iri
        rest = iri[found.end():]
        return f"{prefixes[found.group()]}:{rest}" if rest and rest[:2] != "//" else iri

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
