"""The corpus as N-Triples lines (DESIGN.md §4), in the chunks the build caches and exports:

    ontology_lines   the ontology and the materialised qk:partOfPropertyOrSelf closure
    entity_lines     the project settings node and the entities, with qk:partOfOrSelf
    source_lines     one article, its claims and their quote nodes

The chunks are subject-disjoint, so each is one named graph of the export and can be replaced
in the store on its own. Quote and selector nodes get IRIs derived from the claim id rather than
blank nodes, so the same input always gives the same lines. Claims are the bulk of the build
(tens of millions of triples at scale) and are written from plain strings (kg.engine.ntriples).
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.corpus.dates import DateInterval
from kg.corpus.entities import Entity
from kg.corpus.ontology import Ontology
from kg.corpus.sheets import Claim
from kg.corpus.sources import Source
from kg.engine.ntriples import Lines, boolean, integer, iri, number, text
from kg.namespaces import OA, QK, SCHEMA, WD, Ids
from kg.project import Settings

QUALIFIERS = {
    "exact": QK.Exact, "more-than": QK.MoreThan, "at-least": QK.AtLeast,
    "less-than": QK.LessThan, "at-most": QK.AtMost, "nearly": QK.Nearly, "about": QK.About,
    "range": QK.Range, "spread": QK.Spread, "vague": QK.Vague, "higher-than": QK.HigherThanClaim,
}
STATUSES = {"stated": QK.Stated, "superseded": QK.Superseded, "retracted": QK.Retracted,
            "reported-false": QK.ReportedFalse}

_QUALIFIER = {name: iri(value) for name, value in QUALIFIERS.items()}
_STATUS = {name: iri(value) for name, value in STATUSES.items()}
_SCOPE_P, _SCOPE_SET, _SCOPE_WITHIN = (iri(p) for p in (QK.scope, QK.scopeSet, QK.scopeWithin))
(_TYPE, _IDENTIFIER, _SUBJECT, _PROPERTY, _DERIVED, _STATUS_P, _QUOTE, _AS_OF, _STATED_BY,
 _RELAYED_BY, _AS_OF_NOTE, _NOTE, _DISPUTES, _OBJECT, _VALUE, _FIRST_DAY, _LAST_DAY, _UNIT,
 _QUALIFIER_P, _WORDING, _LOWER_X, _UPPER_X, _LOWER, _UPPER, _EFFECTIVE, _DAY, _BASIS,
 _EFFECTIVE_START, _START_DAY, _AS_OF_WORDING) = (
    iri(p) for p in (
        RDF.type, DCTERMS.identifier, QK.subject, QK.property, PROV.wasDerivedFrom, QK.status,
        QK.quote, QK.asOf, QK.statedBy, QK.relayedBy, QK.asOfNote, QK.curatorNote, QK.disputes,
        QK.object, QK.value, QK.firstDay, QK.lastDay, QK.unit, QK.qualifier, QK.wording,
        QK.lowerExclusive, QK.upperExclusive, QK.lowerBound, QK.upperBound, QK.effectiveDate,
        QK.dayNumber, QK.dateBasis, QK.effectiveStart, QK.startDayNumber, QK.asOfWording))
(_CLAIM_CLASS, _QUOTE_CLASS, _SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR, _TEXT_SELECTOR, _EXACT,
 _PREFIX, _SUFFIX, _POSITION_SELECTOR, _START, _END) = (
    iri(p) for p in (
        QK.Claim, QK.Quote, OA.SpecificResource, OA.hasSource, OA.hasSelector,
        OA.TextQuoteSelector, OA.exact, OA.prefix, OA.suffix, OA.TextPositionSelector, OA.start,
        OA.end))
_DATE = str(XSD.date)
_REPLACED_BY = iri(DCTERMS.isReplacedBy)
_FIGURE_KEY = iri(QK.figureKey)


def ontology_lines(ontology: Ontology) -> list[str]:
    """The ontology, with each property's part-of closure materialised so rules stay joins."""
    graph = Lines()
    for triple in ontology.graph:
        graph.add(triple)
    properties = list(ontology.properties.values())
    parents = {str(p.iri): str(p.part_of) if p.part_of else None for p in properties}
    for prop in properties:
        for whole in _closure(str(prop.iri), parents):
            graph.add((prop.iri, QK.partOfPropertyOrSelf, URIRef(whole)))
    return graph.lines


def entity_lines(entities: dict[str, Entity], settings: Settings) -> list[str]:
    """The settings node and the entities, with each entity's part-of closure."""
    graph, ids = Lines(), Ids(settings.base_iri)
    node = ids.settings
    graph.add((node, RDF.type, QK.ProjectSettings))
    graph.add((node, QK.tolerance, _number_literal(settings.tolerance)))
    graph.add((node, QK.sameTimeWindowDays,
               _number_literal(Decimal(settings.same_time_window_days))))
    entity_parents = {e.ref: e.part_of for e in entities.values()}
    for entity in entities.values():
        _add_entity(graph, entity, ids)
        for whole in _closure(entity.ref, entity_parents):
            graph.add((ids.entity(entity.ref), QK.partOfOrSelf, ids.entity(whole)))
    return graph.lines


def source_lines(source: Source, claims: list[Claim], ontology: Ontology, ids: Ids) -> list[str]:
    graph = Lines()
    _add_source(graph, source, ids)
    unit_iris = {name: iri(value) for name, value in ontology.units.items()}
    scope_iris = {name: iri(value) for name, value in ontology.scopes.items()}
    for claim in claims:
        _add_claim(graph, claim, unit_iris, ids)
        _add_scope(graph, claim, scope_iris, ids)
        if claim.figure is not None:
            graph.put(f"<{ids.claim(claim.id)}>", _FIGURE_KEY, text(figure_key(claim)))
    return graph.lines


def figure_key(claim: Claim) -> str:
    """The figure as one string: subject, property, scope, unit and bounds with their open
    ends, so that "restates the disputed figure" is a join on equal literals. Spelled out in
    SPARQL (five bound values compared, two optional) it was a pattern per pair of claims: 18 s
    for the contradiction rule on 2,000 synthetic claims, 0.2 s with the key."""
    figure = claim.figure
    assert figure is not None

    def bound(value: Decimal | None) -> str:
        return "" if value is None else format(value.normalize(), "f")

    return "|".join((claim.subject, claim.prop.name, "+".join(claim.scope), claim.unit or "",
                     bound(figure.lower), "(" if figure.lower_exclusive else "[",
                     bound(figure.upper), ")" if figure.upper_exclusive else "]"))


def _number_literal(value: Decimal) -> Literal:
    if value == value.to_integral_value():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


def _closure(start: str, parent: dict[str, str | None]) -> list[str]:
    """`start` and everything it is part of, following one parent link at a time."""
    chain, node = [start], parent.get(start)
    while node and node not in chain:
        chain.append(node)
        node = parent.get(node)
    return chain


def _add_entity(graph: Lines, entity: Entity, ids: Ids) -> None:
    node = ids.entity(entity.ref)
    graph.add((node, RDF.type, entity.rdf_class))
    graph.add((node, RDFS.label, Literal(entity.label, lang="en")))
    graph.add((node, SKOS.prefLabel, Literal(entity.label, lang="en")))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.wikidata:
        graph.add((node, SKOS.exactMatch, WD[entity.wikidata]))
    if entity.part_of:
        graph.add((node, QK.partOf, ids.entity(entity.part_of)))
    if entity.located_in:
        graph.add((node, QK.locatedIn, ids.entity(entity.located_in)))
    if entity.note:
        graph.add((node, RDFS.comment, Literal(entity.note, lang="en")))


def _add_source(graph: Lines, source: Source, ids: Ids) -> None:
    node = ids.source(source.stem)
    graph.add((node, RDF.type, QK.Source))
    graph.add((node, DCTERMS.identifier, Literal(source.stem)))
    graph.add((node, DCTERMS.title, Literal(source.title, lang=source.language)))
    graph.add((node, DCTERMS.language, Literal(source.language, datatype=XSD.language)))
    graph.add((node, QK.sha256, Literal(source.sha256)))
    graph.add((node, SCHEMA.text, Literal(source.text)))
    if source.published:
        graph.add((node, DCTERMS.issued, source.published.literal()))
    else:
        graph.add((node, QK.publicationDateUnknown, Literal(True)))
    if source.inferred_date:
        graph.add((node, QK.inferredDate, source.inferred_date.literal()))
        graph.add((node, QK.dateInference, Literal(str(source.date_inference), lang="en")))
    for predicate, ref in ((DCTERMS.publisher, source.publisher), (QK.relays, source.relays),
                           (SCHEMA.publisher, source.republished_by)):
        if ref:
            graph.add((node, predicate, ids.entity(ref)))
    if source.url:
        graph.add((node, SCHEMA.url, URIRef(source.url)))


def _date(value: DateInterval) -> str:
    literal = value.literal()
    return text(str(literal), datatype=str(literal.datatype))


def _add_claim(graph: Lines, claim: Claim, units: dict[str, str], ids: Ids) -> None:
    put, entity = graph.put, ids.base
    node, source = f"<{ids.claim(claim.id)}>", f"<{ids.source(claim.source.stem)}>"
    put(node, _TYPE, _CLAIM_CLASS)
    put(node, _IDENTIFIER, text(claim.id))
    put(node, _SUBJECT, f"<{entity}{claim.subject}>")
    put(node, _PROPERTY, f"<{claim.prop.iri}>")
    put(node, _DERIVED, source)
    put(node, _STATUS_P, _STATUS[claim.status])
    _add_quote(graph, claim, node, source)
    _add_value(graph, claim, node, units, entity)
    _add_time(graph, claim, node)
    if claim.as_of:
        put(node, _AS_OF, _date(claim.as_of))
        if claim.as_of.wording:
            put(node, _AS_OF_WORDING, text(claim.as_of.wording))
    for predicate, ref in ((_STATED_BY, claim.stated_by), (_RELAYED_BY, claim.relayed_by)):
        if ref:
            put(node, predicate, f"<{entity}{ref}>")
    for predicate, note in ((_AS_OF_NOTE, claim.as_of_note), (_NOTE, claim.note)):
        if note:
            put(node, predicate, text(str(note), lang="en"))
    for target in claim.disputes:
        put(node, _DISPUTES, f"<{ids.claim(target)}>")
    for target in claim.replaced_by:
        put(node, _REPLACED_BY, f"<{ids.claim(target)}>")


def scope_set_iri(names: tuple[str, ...], ids: Ids) -> str:
    """The node standing for one whole scope (sorted names joined by '+'; `all` when empty), so
    that 'counts the same thing' is one join on qk:scopeSet in every rule and query."""
    return f"<{ids.base}scope/{'+'.join(names) if names else 'all'}>"


def _add_scope(graph: Lines, claim: Claim, scope_iris: dict[str, str], ids: Ids) -> None:
    """The claim's scope values, its scope set, and every scope set it narrows (each subset of
    its values: at most 2^MAX_SCOPE of them). Written on the claim, not on shared scope-set
    nodes, so each source's chunk stays subject-disjoint from every other."""
    node = f"<{ids.claim(claim.id)}>"
    for name in claim.scope:
        graph.put(node, _SCOPE_P, scope_iris.get(name) or f"<{ids.entity(name)}>")
    graph.put(node, _SCOPE_SET, scope_set_iri(claim.scope, ids))
    for size in range(len(claim.scope) + 1):
        for subset in itertools.combinations(claim.scope, size):
            graph.put(node, _SCOPE_WITHIN, scope_set_iri(subset, ids))


def _add_quote(graph: Lines, claim: Claim, node: str, source: str) -> None:
    put, span, base = graph.put, claim.span, node[:-1] + "/"
    quote, text_sel, position = f"{base}quote>", f"{base}text>", f"{base}position>"
    put(node, _QUOTE, quote)
    put(quote, _TYPE, _QUOTE_CLASS)
    put(quote, _TYPE, _SPECIFIC)
    put(quote, _HAS_SOURCE, source)
    put(quote, _HAS_SELECTOR, text_sel)
    put(quote, _HAS_SELECTOR, position)
    put(text_sel, _TYPE, _TEXT_SELECTOR)
    put(text_sel, _EXACT, text(span.exact))
    put(text_sel, _PREFIX, text(span.prefix))
    put(text_sel, _SUFFIX, text(span.suffix))
    put(position, _TYPE, _POSITION_SELECTOR)
    # xsd:integer, not the vocabulary's nonNegativeInteger: Oxigraph stores derived integer
    # types as xsd:integer, and the build file must say what the store holds.
    put(position, _START, integer(span.start))
    put(position, _END, integer(span.end))


def _add_value(graph: Lines, claim: Claim, node: str, units: dict[str, str],
               entity: str) -> None:
    put = graph.put
    if claim.object:
        put(node, _OBJECT, f"<{entity}{claim.object}>")
        return
    if claim.date_value:
        put(node, _VALUE, _date(claim.date_value))
        if claim.date_value.wording:
            put(node, _WORDING, text(claim.date_value.wording))
        put(node, _FIRST_DAY, integer(claim.date_value.first_day().toordinal()))
        put(node, _LAST_DAY, integer(claim.date_value.last_day().toordinal()))
        return
    figure = claim.figure
    assert figure is not None  # a numeric claim always has its figure once loaded
    default = claim.prop.default_unit
    unit = units[claim.unit] if claim.unit else (iri(default) if default is not None else None)
    if unit is not None:
        put(node, _UNIT, unit)
    put(node, _QUALIFIER_P, _QUALIFIER[figure.qualifier])
    put(node, _WORDING, text(figure.wording))
    put(node, _LOWER_X, boolean(figure.lower_exclusive))
    put(node, _UPPER_X, boolean(figure.upper_exclusive))
    if figure.lower is not None:
        put(node, _LOWER, number(figure.lower))
    if figure.upper is not None:
        put(node, _UPPER, number(figure.upper))
    exact = (figure.lower == figure.upper and figure.qualifier != "spread"
             and not figure.lower_exclusive)
    if exact and figure.lower is not None:
        put(node, _VALUE, number(figure.lower))


def _add_time(graph: Lines, claim: Claim, node: str) -> None:
    """The days a figure holds at, an interval from its first to its last day, each also as a
    day number, so rules compare integers portably (SPARQL date arithmetic differs between
    engines, DESIGN.md section 6): "before" is "ends before the other begins"."""
    basis, date = "as-of", claim.as_of
    if date is not None and date.basis:
        basis = f"as-of, read against {date.basis}"
    if date is None:
        basis, date = "published", claim.source.published
    if date is None:
        basis, date = "inferred", claim.source.inferred_date
    if date is None:
        return
    first, last = date.first_day(), date.last_day()
    graph.put(node, _EFFECTIVE_START, text(first.isoformat(), datatype=_DATE))
    graph.put(node, _START_DAY, integer(first.toordinal()))
    graph.put(node, _EFFECTIVE, text(last.isoformat(), datatype=_DATE))
    graph.put(node, _DAY, integer(last.toordinal()))
    graph.put(node, _BASIS, text(basis))
