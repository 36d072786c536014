"""SPARQL results in the W3C formats (JSON, XML, CSV, TSV) via Oxigraph's own serialisers,
plus a plain table for people; CONSTRUCT/DESCRIBE results as RDF (Turtle by default, with our
prefixes and in a stable order, as `kg export` writes it).

Local and remote answers render alike: both are Oxigraph results objects (or, for a remote
CONSTRUCT, a list of triples).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QueryError
from kg.export.dump import serialize
from kg.namespaces import DEFAULT_IDS, Ids, short_name
from kg.output.formats import GRAPH_ANSWERS, RESULTS_SYNTAX
from kg.output.grid import text_grid

FORMATS = {name: fmt.oxigraph for name, fmt in RESULTS_SYNTAX.items()}
RDF_FORMATS = GRAPH_ANSWERS


def render(results: object, output_format: str, ids: Ids = DEFAULT_IDS) -> str:
    """The results in `output_format`; a table shows the corpus's own resources (under `ids`'s
    base IRI) as kind/slug, and CONSTRUCT results keep their named graphs under it."""
    if isinstance(results, (ox.QueryTriples, list)):
        return _graph(list(results), output_format, ids)
    if output_format in RDF_FORMATS:
        raise QueryError(f"--format {output_format} is for CONSTRUCT and DESCRIBE; a SELECT or "
                         "ASK gives table, json, xml, csv or tsv")
    if output_format in FORMATS:
        return results.serialize(format=FORMATS[output_format]).decode("utf-8")
    if output_format != "table":
        raise QueryError(f"unknown format {output_format!r}: use table, json, xml, csv or tsv "
                         "(ttl, nt or jsonld for CONSTRUCT and DESCRIBE)")
    if isinstance(results, ox.QueryBoolean):
        return f"{bool(results)}\n".lower()
    return _table(results, ids.base)


def _graph(triples: list[ox.Triple], output_format: str, ids: Ids) -> str:
    fmt = "ttl" if output_format == "table" else output_format
    if fmt not in RDF_FORMATS:
        raise QueryError(f"a CONSTRUCT or DESCRIBE gives RDF: use --format ttl, nt or jsonld, "
                         f"not {output_format}")
    return serialize(triples, fmt, ids=ids).decode("utf-8")


def _table(solutions: ox.QuerySolutions, base: str) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[_cell(solution[name], base) for name in names] for solution in solutions]
    lines = text_grid(names, rows, 60)
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(term: object, base: str) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short_name(term.value, base=base)
    return " ".join(str(getattr(term, "value", term)).split())
