"""A named query's parameters: their types, their defaults and the RDF terms values become.

    # param: subject (IRI, default main_event): the subject
    # param: scope (IRI, default <scope/all>): what the figure counts of
    # param: name (string, optional): part of a name

A parameter has a type (IRI, string, integer, decimal, date, boolean) and is `required`,
`optional` (left unbound) or has a `default`. An IRI default may be relative (`<scope/all>`),
resolved against the corpus's base IRI, or `main_event`, the entity kg.toml's [dataset]
names: so a named query's defaults belong to whichever corpus it runs on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib.namespace import XSD

from kg.errors import QueryError
from kg.namespaces import DEFAULT_BASE, PREFIXES, prefixes_for
from kg.project import Project

_PARAM = re.compile(r"^\??(\w+)\s*\(\s*(\w+)\s*(?:,\s*(required|optional|default\s+(.+?)))?\s*\)"
                    r"\s*(?::\s*(.*))?$")
TYPES = {"iri": None, "string": XSD.string, "integer": XSD.integer, "decimal": XSD.decimal,
         "date": XSD.date, "boolean": XSD.boolean}
_LEXICAL = {"integer": r"[+-]?\d+", "decimal": r"[+-]?\d+(\.\d+)?", "date": r"\d{4}-\d\d-\d\d",
            "boolean": r"true|false"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # one of TYPES, lower case
    required: bool = False
    default: str | None = None
    description: str = ""

    def __str__(self) -> str:
        need = ("required" if self.required else
                f"default {self.default}" if self.default is not None else "optional")
        return f"{self.name} ({self.type}, {need})"


def param_from_header(path: Path, text: str) -> Param:
    """One `# param:` line of a query's header; QueryError when it cannot be read."""
    match = _PARAM.match(text)
    if not match or match.group(2).lower() not in TYPES:
        raise QueryError(f"{path}: cannot read '# param: {text}'; write 'name (TYPE, required|"
                         f"optional|default VALUE): what it is', TYPE one of {', '.join(TYPES)}")
    name, kind, need, default, description = match.groups()
    return Param(name, kind.lower(), need == "required", default, description or "")


class Declaring(Protocol):
    """What binding needs of a named query (kg.query.library.NamedQuery): its name and params."""

    name: str
    params: list[Param]


@dataclass(frozen=True)
class Defaults:
    """What a corpus gives its named queries' defaults: its base IRI, against which relative
    IRI defaults resolve, and its main event (`default main_event`)."""

    base: str = DEFAULT_BASE
    main_event: str | None = None


def defaults_of(project: Project) -> Defaults:
    return Defaults(project.settings.base_iri, project.settings.main_event)


def bindings_for(query: Declaring | None, given: dict[str, str],
                 defaults: Defaults = Defaults()) -> dict[str, ox.Term]:
    """The terms to bind: given values read by their declared type, plus declared defaults
    (read for the corpus `defaults` describes).

    A query without declared params (an ad hoc text) takes any variable, read by `parse_term`.
    """
    declared = {p.name: p for p in query.params} if query else {}
    if declared:
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r}; it takes: "
                             + ", ".join(str(p) for p in declared.values()))
    terms = {name: coerce(value, declared.get(name), defaults.base)
             for name, value in given.items()}
    for param in declared.values():
        if param.name in terms:
            continue
        if param.default is not None:
            terms[param.name] = _default(query, param, defaults)
        elif param.required:
            raise QueryError(f"query {query.name!r} needs --param {param.name}=VALUE "
                             f"({param.type}): {param.description}")
    return terms


def _default(query: Declaring, param: Param, defaults: Defaults) -> ox.Term:
    text = param.default or ""
    if text == "main_event":
        if defaults.main_event is None:
            raise QueryError(f"query {query.name!r} takes its {param.name} from the corpus's "
                             "main event, and kg.toml sets none: give --param "
                             f"{param.name}=<IRI>, or set main_event = \"event/<slug>\" in "
                             "kg.toml's [dataset]")
        return ox.NamedNode(defaults.base + defaults.main_event)
    if param.type == "iri" and text.startswith("<") and ":" not in text:
        return ox.NamedNode(defaults.base + text[1:-1])  # relative: the corpus's own resource
    return coerce(text, param, defaults.base)


def coerce(text: str, param: Param | None, base: str = DEFAULT_BASE) -> ox.Term:
    """A parameter value as the RDF term its declared type asks for (`qid:` naming the
    corpus's base IRI)."""
    if param is None or param.type == "string" and text.strip().startswith('"'):
        return parse_term(text, base)
    text = text.strip()
    if param.type == "iri":
        term = parse_term(text, base)
        if not isinstance(term, ox.NamedNode):
            raise QueryError(f"--param {param.name}: expected an IRI such as <https://...> or "
                             f"qid:event/bloody-january, got {text!r}")
        return term
    pattern = _LEXICAL.get(param.type)
    if pattern and not re.fullmatch(pattern, text):
        raise QueryError(f"--param {param.name}: {text!r} is not a valid {param.type}")
    return ox.Literal(text, datatype=ox.NamedNode(str(TYPES[param.type])))


def parse_term(text: str, base: str = DEFAULT_BASE) -> ox.NamedNode | ox.Literal:
    """`<iri>` or `qk:deaths` -> IRI (`qid:` is the corpus's `base`); `"x"@en`, `"1"^^<...>`
    or a bare number/word -> literal."""
    text = text.strip()
    prefix, colon, local = text.partition(":")
    if text.startswith("<") and text.endswith(">") or colon and prefix in PREFIXES:
        iri = text[1:-1] if text.startswith("<") else prefixes_for(base)[prefix] + local
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"cannot read parameter value {text!r} as an IRI: {exc}") from exc
    if text.startswith('"'):
        try:
            quad = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode(),
                                      format=ox.RdfFormat.N_TRIPLES)))
        except (SyntaxError, StopIteration) as exc:
            raise QueryError(f"cannot read parameter value {text!r} as an RDF literal") from exc
        return quad.object
    if re.fullmatch(r"-?\d+", text):
        return ox.Literal(text, datatype=ox.NamedNode(str(XSD.integer)))
    return ox.Literal(text)
