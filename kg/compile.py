"""The corpus as N-Triples lines (DESIGN.md §4): ontology, entities, sources, claims.

Two parts, so the build can cache per article: `global_lines` (ontology, settings, entities)
and `source_lines` (one article and its claims). Quote and selector nodes get IRIs derived from
the claim id rather than blank nodes, so the same input always gives the same lines.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.claimsheets import Claim
from kg.entities import Entity
from kg.namespaces import OA, QK, SCHEMA, SETTINGS, WD, claim_iri, entity_iri, quote_iri, source_iri
from kg.ntriples import Lines
from kg.ontology import Ontology
from kg.project import Settings
from kg.sources import Source

QUALIFIERS = {
    "exact": QK.Exact, "more-than": QK.MoreThan, "at-least": QK.AtLeast,
    "less-than": QK.LessThan, "at-most": QK.AtMost, "nearly": QK.Nearly, "about": QK.About,
    "range": QK.Range, "spread": QK.Spread, "vague": QK.Vague, "higher-than": QK.HigherThanClaim,
}
STATUSES = {"stated": QK.Stated, "superseded": QK.Superseded, "retracted": QK.Retracted,
            "reported-false": QK.ReportedFalse}


def global_lines(ontology: Ontology, entities: dict[str, Entity],
                 settings: Settings) -> list[str]:
    """Ontology, settings and entities; part-of closures are materialised so rules stay joins."""
    graph = Lines()
    for triple in ontology.graph:
        graph.add(triple)
    graph.add((SETTINGS, RDF.type, QK.ProjectSettings))
    graph.add((SETTINGS, QK.tolerance, number(settings.tolerance)))
    graph.add((SETTINGS, QK.sameTimeWindowDays, number(Decimal(settings.same_time_window_days))))
    entity_parents = {e.ref: e.part_of for e in entities.values()}
    for entity in entities.values():
        _add_entity(graph, entity)
        for whole in _closure(entity.ref, entity_parents):
            graph.add((entity_iri(entity.ref), QK.partOfOrSelf, entity_iri(whole)))
    properties = list(ontology.properties.values())
    parents = {str(p.iri): str(p.part_of) if p.part_of else None for p in properties}
    for prop in properties:
        for whole in _closure(str(prop.iri), parents):
            graph.add((prop.iri, QK.partOfPropertyOrSelf, URIRef(whole)))
    return graph.lines


def source_lines(source: Source, claims: list[Claim], units: dict[str, URIRef]) -> list[str]:
    graph = Lines()
    _add_source(graph, source)
    for claim in claims:
        _add_claim(graph, claim, units)
    return graph.lines


def _closure(start: str, parent: dict[str, str | None]) -> list[str]:
    """`start` and everything it is part of, following one parent link at a time."""
    chain, node = [start], parent.get(start)
    while node and node not in chain:
        chain.append(node)
        node = parent.get(node)
    return chain


def _add_entity(graph: Lines, entity: Entity) -> None:
    node = entity_iri(entity.ref)
    graph.add((node, RDF.type, entity.rdf_class))
    graph.add((node, RDFS.label, Literal(entity.label, lang="en")))
    graph.add((node, SKOS.prefLabel, Literal(entity.label, lang="en")))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.wikidata:
        graph.add((node, SKOS.exactMatch, WD[entity.wikidata]))
    if entity.part_of:
        graph.add((node, QK.partOf, entity_iri(entity.part_of)))
    if entity.located_in:
        graph.add((node, QK.locatedIn, entity_iri(entity.located_in)))
    if entity.note:
        graph.add((node, RDFS.comment, Literal(entity.note, lang="en")))


def _add_source(graph: Lines, source: Source) -> None:
    node = source_iri(source.stem)
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
            graph.add((node, predicate, entity_iri(ref)))
    if source.url:
        graph.add((node, SCHEMA.url, URIRef(source.url)))


def _add_claim(graph: Lines, claim: Claim, units: dict[str, URIRef]) -> None:
    node, source = claim_iri(claim.id), source_iri(claim.source.stem)
    graph.add((node, RDF.type, QK.Claim))
    graph.add((node, DCTERMS.identifier, Literal(claim.id)))
    graph.add((node, QK.subject, entity_iri(claim.subject)))
    graph.add((node, QK.property, claim.prop.iri))
    graph.add((node, PROV.wasDerivedFrom, source))
    graph.add((node, QK.status, STATUSES[claim.status]))
    _add_quote(graph, claim, node, source)
    _add_value(graph, claim, node, units)
    _add_time(graph, claim, node)
    if claim.as_of:
        graph.add((node, QK.asOf, claim.as_of.literal()))
    optional = ((QK.statedBy, claim.stated_by), (QK.relayedBy, claim.relayed_by))
    for predicate, ref in optional:
        if ref:
            graph.add((node, predicate, entity_iri(ref)))
    for predicate, text in ((QK.asOfNote, claim.as_of_note), (QK.curatorNote, claim.note)):
        if text:
            graph.add((node, predicate, Literal(str(text), lang="en")))
    for target in claim.disputes:
        graph.add((node, QK.disputes, claim_iri(target)))


def _add_quote(graph: Lines, claim: Claim, node: URIRef, source: URIRef) -> None:
    quote, text_sel, position = (quote_iri(claim.id, p) for p in ("quote", "text", "position"))
    span = claim.span
    graph.add((node, QK.quote, quote))
    graph.add((quote, RDF.type, QK.Quote))
    graph.add((quote, RDF.type, OA.SpecificResource))
    graph.add((quote, OA.hasSource, source))
    graph.add((quote, OA.hasSelector, text_sel))
    graph.add((quote, OA.hasSelector, position))
    graph.add((text_sel, RDF.type, OA.TextQuoteSelector))
    graph.add((text_sel, OA.exact, Literal(span.exact)))
    graph.add((text_sel, OA.prefix, Literal(span.prefix)))
    graph.add((text_sel, OA.suffix, Literal(span.suffix)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    # xsd:integer, not the vocabulary's nonNegativeInteger: Oxigraph stores derived integer
    # types as xsd:integer, and the build file must say what the store holds.
    graph.add((position, OA.start, Literal(span.start, datatype=XSD.integer)))
    graph.add((position, OA.end, Literal(span.end, datatype=XSD.integer)))


def _add_value(graph: Lines, claim: Claim, node: URIRef, units: dict[str, URIRef]) -> None:
    if claim.object:
        graph.add((node, QK.object, entity_iri(claim.object)))
        return
    if claim.date_value:
        graph.add((node, QK.value, claim.date_value.literal()))
        graph.add((node, QK.firstDay, Literal(claim.date_value.first_day().toordinal())))
        graph.add((node, QK.lastDay, Literal(claim.date_value.last_day().toordinal())))
        return
    figure = claim.figure
    assert figure is not None  # a numeric claim always has its figure once loaded
    unit = units[claim.unit] if claim.unit else claim.prop.default_unit
    if unit is not None:
        graph.add((node, QK.unit, unit))
    graph.add((node, QK.qualifier, QUALIFIERS[figure.qualifier]))
    graph.add((node, QK.wording, Literal(figure.wording)))
    graph.add((node, QK.lowerExclusive, Literal(figure.lower_exclusive)))
    graph.add((node, QK.upperExclusive, Literal(figure.upper_exclusive)))
    if figure.lower is not None:
        graph.add((node, QK.lowerBound, number(figure.lower)))
    if figure.upper is not None:
        graph.add((node, QK.upperBound, number(figure.upper)))
    exact = (figure.lower == figure.upper and figure.qualifier != "spread"
             and not figure.lower_exclusive)
    if exact and figure.lower is not None:
        graph.add((node, QK.value, number(figure.lower)))


def _add_time(graph: Lines, claim: Claim, node: URIRef) -> None:
    """The day a figure holds at, as a day number, so rules compare integers portably
    (SPARQL date arithmetic differs between engines, DESIGN.md section 6)."""
    basis, date = "as-of", claim.as_of
    if date is None:
        basis, date = "published", claim.source.published
    if date is None:
        basis, date = "inferred", claim.source.inferred_date
    if date is None:
        return
    day = date.last_day()
    graph.add((node, QK.effectiveDate, Literal(day.isoformat(), datatype=XSD.date)))
    graph.add((node, QK.dayNumber, Literal(day.toordinal())))
    graph.add((node, QK.dateBasis, Literal(basis)))


def number(value: Decimal) -> Literal:
    """Whole numbers as xsd:integer, others as xsd:decimal, in canonical lexical form."""
    if value == value.to_integral_value():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)
