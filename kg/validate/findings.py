"""A W3C SHACL validation report read into findings a curator can act on.

A report names focus nodes, often a quote's selector or (for our SHACL-SPARQL shapes) a
predicate, and values, often blank nodes or claims. A curator needs the claim: its id, its
source and its quote. So each result is traced to the claim it is about (the node itself, the
claim owning a quote or selector, or the claim a result reports as its value) and shown with
that claim's quote. Results about an entity list the claims that point at it. Works on any
engine's report (pySHACL, Jena, rudof), since it reads only the standard vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, SH
from rdflib.term import Node

from kg.namespaces import DEFAULT_BASE, OA, PROV, QK, base_of, short_name
from kg.output.findings import Finding, Quote, sort_findings

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
_ENTITY_LINKS = (QK.subject, QK.object, QK.statedBy, QK.relayedBy)
_IRI_IN_TEXT = re.compile(r"<?(https?://[^\s<>\"'(),]+)>?")
_SKOLEM = "/.well-known/genid/"
_MAX_ENTITY_CLAIMS = 20


def findings_from_report(results: Graph, data: Graph, shapes: Graph) -> list[Finding]:
    """One finding per distinct result, worst first; `data` is the graph that was validated.

    Only the report's own results count: an engine may add the nested results that explain one
    (`sh:detail`, e.g. the inside of an `sh:node`), which would repeat it in its own words."""
    details = set(results.objects(None, SH.detail))
    base = corpus_base(data)
    found = {_finding(results, result, data, shapes, base)
             for result in results.subjects(RDF.type, SH.ValidationResult)
             if result not in details}
    return sort_findings(found)


def corpus_base(data: Graph) -> str:
    """The base IRI of the corpus `data` holds, as its claims are named (<base>claim/<id>), so
    findings show its resources as kind/slug whatever the base; the Qantar one by default."""
    for claim in data.subjects(RDF.type, QK.Claim):
        identifier = data.value(claim, DCTERMS.identifier)
        base = base_of(str(claim), str(identifier)) if identifier is not None else None
        if base is not None:
            return base
    return DEFAULT_BASE


def _finding(results: Graph, result: Node, data: Graph, shapes: Graph, base: str) -> Finding:
    focus = results.value(result, SH.focusNode)
    value = results.value(result, SH.value)
    shape = results.value(result, SH.sourceShape)
    involved = [c for c in (claim_of(data, focus), claim_of(data, value)) if c is not None]
    claims = list(dict.fromkeys(involved))
    if claims:
        shown = claims[0]
    else:
        shown = focus
        claims = _claims_pointing_at(data, focus)
    quotes = tuple(q for q in (quote_of(data, c, base) for c in dict.fromkeys(involved)) if q)
    return Finding(
        check=_check(shapes, shape, results.value(result, SH.sourceConstraintComponent)),
        severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "violation"),
        focus=_node_text(data, shown, base),
        message=_message(results, result, shapes, shape, base),
        claims=tuple(_claim_id(data, c, base) for c in claims),
        quotes=quotes,
        path=_path_text(results, results.value(result, SH.resultPath)),
        value="" if value in claims else _value_text(data, value, base),
    )


def claim_of(data: Graph, node: Node | None) -> Node | None:
    """The claim a node belongs to: itself, the claim of its quote, or of its quote's selector."""
    if node is None or isinstance(node, Literal):
        return None
    if (node, RDF.type, QK.Claim) in data:
        return node
    for quote in (node, *data.subjects(OA.hasSelector, node)):
        claim = data.value(None, QK.quote, quote)
        if claim is not None:
            return claim
    return None


def quote_of(data: Graph, claim: Node, base: str = DEFAULT_BASE) -> Quote | None:
    quote = data.value(claim, QK.quote)
    source = data.value(claim, PROV.wasDerivedFrom) or data.value(quote, OA.hasSource)
    exact, start, end = "", None, None
    for selector in data.objects(quote, OA.hasSelector) if quote is not None else ():
        exact = str(data.value(selector, OA.exact) or exact)
        start = _integer(data.value(selector, OA.start), start)
        end = _integer(data.value(selector, OA.end), end)
    if source is None and not exact:
        return None
    stem = data.value(source, DCTERMS.identifier) if source is not None else None
    where = str(stem) if stem is not None else _node_text(data, source, base)
    return Quote(_claim_id(data, claim, base), where, exact, start, end)


def _claims_pointing_at(data: Graph, node: Node | None) -> list[Node]:
    if node is None or isinstance(node, Literal):
        return []
    claims = {c for link in _ENTITY_LINKS for c in data.subjects(link, node)}
    return sorted(claims, key=lambda c: str(data.value(c, DCTERMS.identifier) or c)
                  )[:_MAX_ENTITY_CLAIMS]


def _claim_id(data: Graph, claim: Node, base: str) -> str:
    identifier = data.value(claim, DCTERMS.identifier)
    if identifier is not None:
        return str(identifier)
    return _node_text(data, claim, base).removeprefix("claim/")


def _check(shapes: Graph, shape: Node | None, component: Node | None) -> str:
    """The shape's local name, else its sh:name, else the constraint component's name."""
    if isinstance(shape, URIRef):
        return re.split(r"[#/]", str(shape))[-1]
    name = shapes.value(shape, SH.name) if shape is not None else None
    if name is not None:
        return "-".join(str(name).lower().split())
    return str(component or "shape").rsplit("#", 1)[-1].removesuffix("ConstraintComponent")


def _message(results: Graph, result: Node, shapes: Graph, shape: Node | None,
             base: str) -> str:
    """The engine's message (placeholders filled), else the shape's own sh:message."""
    found = [m for m in results.objects(result, SH.resultMessage)
             if isinstance(m, Literal) and m.language in (None, "en")]
    if not found and shape is not None:
        found = list(shapes.objects(shape, SH.message))
    if not found:
        found = list(results.objects(result, SH.resultMessage))
    text = max((str(m) for m in found), key=len, default="")
    return _shorten(text, base) or "the node does not conform to the shape"


def _shorten(text: str, base: str) -> str:
    return _IRI_IN_TEXT.sub(lambda m: short_name(m.group(1), base=base), text)


def _node_text(data: Graph, node: Node | None, base: str) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef) and _SKOLEM not in str(node):
        return short_name(node, base=base)
    kind = data.value(node, RDF.type)
    return f"a node without an IRI ({short_name(kind)})" if kind else "a node without an IRI"


def _value_text(data: Graph, value: Node | None, base: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    return _node_text(data, value, base)


def _path_text(results: Graph, path: Node | None) -> str:
    """A SHACL property path as SPARQL writes it: `qk:quote/oa:hasSource`, `^qk:quote`."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return short_name(path)
    if (path, RDF.first, None) in results:
        return "/".join(_path_text(results, p) for p in _items(results, path))
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(results, inverse)
    alternative = results.value(path, SH.alternativePath)
    if alternative is not None:
        return "(" + "|".join(_path_text(results, p) for p in _items(results, alternative)) + ")"
    for suffix, predicate in (("*", SH.zeroOrMorePath), ("+", SH.oneOrMorePath),
                              ("?", SH.zeroOrOnePath)):
        inner = results.value(path, predicate)
        if inner is not None:
            return _path_text(results, inner) + suffix
    return ""


def _items(graph: Graph, head: Node) -> Iterator[Node]:
    return iter(Collection(graph, head)) if isinstance(head, (BNode, URIRef)) else iter(())


def _integer(term: Node | None, default: int | None) -> int | None:
    try:
        return int(str(term)) if term is not None else default
    except ValueError:
        return default
