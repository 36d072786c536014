"""A second, independent SHACL engine (rudof, via pyrudof) and the verdicts both engines give.

The shapes are the model's documentation in a standard partners run with their own engines, so
every fixture must get the same verdict from pySHACL and from rudof (issue 3). A verdict is the
set of (focus node, source shape) pairs of the results whose shape has an IRI; blank-node shapes
are the insides of sh:or lists, which engines report differently.
"""

from __future__ import annotations

import pyrudof
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

Verdict = frozenset[tuple[str, str]]


def rudof_verdict(data_turtle: str, shapes: Graph, ontology: Graph) -> Verdict:
    """Validate with rudof; the ontology is merged into the data, as kg.validate.run does."""
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    engine.read_data(data_turtle, format=pyrudof.RDFFormat.Turtle,
                     reader_mode=pyrudof.ReaderMode.Strict)
    engine.read_data(ontology.serialize(format="turtle"), format=pyrudof.RDFFormat.Turtle,
                     merge=True)
    engine.read_shacl(shapes.serialize(format="turtle"))
    report = engine.validate_shacl()
    pairs = {(_plain(v.focus_node), _plain(v.source_shape)) for v in report.violations}
    return frozenset((focus, shape) for focus, shape in pairs if shape.startswith("http"))


def pyshacl_verdict(results: Graph) -> Verdict:
    """The same pairs from a W3C validation report graph (what kg.validate.run's Report keeps)."""
    pairs = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        if isinstance(shape, URIRef):
            pairs.add((str(results.value(result, SH.focusNode)), str(shape)))
    return frozenset(pairs)


def _plain(term: object) -> str:
    """rudof prints IRIs bare or in <...>; compare them bare."""
    text = str(term)
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text
