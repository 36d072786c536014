"""The named query library (`queries/*.rq`) and running SPARQL on the store.

Each file starts with a comment header (title, description, params), so the library documents
itself (`kg query --list`). Parameters are bound as RDF terms through Oxigraph's substitutions,
never pasted into query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import XSD

from kg.errors import QueryError

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def read_header(path: Path) -> NamedQuery:
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": []}
    last = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            last = match.group(1)
            fields[last].append(match.group(2).strip())
        elif last and line[1:].strip():
            fields[last][-1] += " " + line[1:].strip()
    return NamedQuery(path.stem, path, " ".join(fields["title"]),
                      " ".join(fields["description"]), fields["param"])


def library(directories: list[Path]) -> dict[str, NamedQuery]:
    """Named queries by name; an earlier directory shadows a later one."""
    found: dict[str, NamedQuery] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.rq")):
            found.setdefault(path.stem, read_header(path))
    return found


def resolve(name_or_path: str, directories: list[Path]) -> str:
    """The text of a named query, or of a .rq file given by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    queries = library(directories)
    if name_or_path not in queries:
        raise QueryError(f"no query named {name_or_path!r}; known: {', '.join(sorted(queries))}")
    return queries[name_or_path].text


def run(store: ox.Store, text: str, bindings: dict[str, str] | None = None):
    substitutions = {ox.Variable(k): parse_term(v) for k, v in (bindings or {}).items()}
    try:
        return store.query(text, substitutions=substitutions or None)
    except SyntaxError as exc:
        raise QueryError(f"query syntax error: {exc}") from exc


def parse_term(text: str) -> ox.NamedNode | ox.Literal:
    """`<iri>` -> IRI; `"x"@en`, `"1"^^<...>` or a bare number/word -> a literal."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
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
