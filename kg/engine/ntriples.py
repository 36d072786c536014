"""N-Triples lines written directly as strings.

Building an rdflib Graph only to serialise it costs ~1.8 KB and tens of microseconds per triple,
and even an rdflib term per node costs more than the rest of compiling a claim; the build writes
tens of millions of triples at scale, so claims are formatted from plain strings here, in the
canonical N-Triples escaping (only \\, ", newline and carriage return are escaped). rdflib terms
are still accepted (`term`) for the small, global part (ontology, entities).
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_INTEGER = f"^^<{XSD.integer}>"
_DECIMAL = f"^^<{XSD.decimal}>"
TRUE = f'"true"^^<{XSD.boolean}>'
FALSE = f'"false"^^<{XSD.boolean}>'


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal: plain string, language-tagged, or typed (datatype IRI as a string)."""
    quoted = f'"{value.translate(_ESCAPES)}"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype is not None and datatype != str(XSD.string):
        return f"{quoted}^^<{datatype}>"
    return quoted


def integer(value: int) -> str:
    return f'"{value}"{_INTEGER}'


def boolean(value: bool) -> str:
    return TRUE if value else FALSE


def number(value: Decimal) -> str:
    """Whole numbers as xsd:integer, others as xsd:decimal, in canonical lexical form."""
    if value == value.to_integral_value():
        return integer(int(value))
    return f'"{format(value.normalize(), "f")}"{_DECIMAL}'


def term(node: object) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        return text(str(node), node.language, datatype)
    if isinstance(node, BNode):
        raise ValueError("blank nodes would make builds non-deterministic: give the node an IRI")
    raise TypeError(f"not an RDF term: {node!r}")


class Lines:
    """Collects triples as N-Triples lines: `add` takes rdflib terms (mirroring Graph.add),
    `put` takes terms already written as N-Triples strings (the fast path)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, triple: tuple[object, object, object]) -> None:
        subject, predicate, obj = triple
        self.lines.append(f"{term(subject)} {term(predicate)} {term(obj)} .")

    def put(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"{subject} {predicate} {obj} .")
