"""The named queries as the query page offers them: each with its parameters' defaults, and
the exact text `kg query NAME --param name=value …` runs, made on the server.

The page must give the rows the command gives. So it never binds parameters itself: it asks
`GET /queries/NAME.rq?name=value` for the text, which is made here by the command's own two
steps, `kg.query.library.prepare` (the library's query, values read by their declared types,
the corpus's defaults from kg.toml) and `kg.query.library.with_values` (the terms as the
`VALUES` block `kg.query.library.run` adds before it runs the query). A JavaScript copy of
those rules would drift from them; there is nothing to drift here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespaces import prefixes_for
from kg.project import Project
from kg.query.library import NamedQuery, library, prepare, with_values
from kg.query.params import Defaults, Param, bindings_for, defaults_of

_NAME = re.compile(r"[A-Za-z0-9_-]+")  # a query's file stem as a page may name it: no path


class UnknownQuery(QueryError):
    """No named query of that name (HTTP 404)."""


@dataclass(frozen=True)
class NamedQueries:
    """The library as served: read once at start-up for the page's list; each text is made
    from the files on request, as `kg query` reads them when it runs."""

    directories: tuple[Path, ...]
    defaults: Defaults
    queries: dict[str, NamedQuery]

    @classmethod
    def of(cls, project: Project) -> NamedQueries:
        return cls(tuple(project.queries_dirs), defaults_of(project),
                   library(project.queries_dirs))

    @property
    def prefixes(self) -> dict[str, str]:
        """The prefixes the build's IRIs are written with (`qid:` is the corpus's base)."""
        return prefixes_for(self.defaults.base)

    def text(self, name: str, given: dict[str, str]) -> str:
        """The query text `kg query NAME` runs with these `--param name=value` values: an
        empty value is a parameter not given (its default, or unbound if optional)."""
        if not _NAME.fullmatch(name) or name not in self.queries:
            raise UnknownQuery(f"no named query {name!r}; known: {', '.join(self.queries)}")
        params = [f"{key}={value}" for key, value in given.items() if value.strip()]
        prepared = prepare(name, None, params, list(self.directories), self.defaults)
        return with_values(prepared.text, prepared.bindings)

    def catalogue(self) -> dict[str, dict]:
        """What the page lists: name -> title, description and parameters, each with the value
        its field starts with (the default as `kg query` reads it, None for none) and, when
        kg.toml cannot give that default, why."""
        return {query.name: {"title": query.title, "description": query.description,
                             "params": [self._field(query, param) for param in query.params]}
                for query in self.queries.values()}

    def _field(self, query: NamedQuery, param: Param) -> dict:
        field = {"name": param.name, "type": param.type, "required": param.required,
                 "description": param.description, "default": None, "problem": None}
        if param.default is None:
            return field
        alone = SimpleNamespace(name=query.name, params=[param])
        try:
            field["default"] = shown(bindings_for(alone, {}, self.defaults)[param.name],
                                     param, self.defaults.base)
        except QueryError as exc:
            field["problem"] = str(exc)
        return field


def shown(term: ox.Term, param: Param, base: str) -> str:
    """A term as a person would type it in the parameter's field, read back by
    kg.query.params.coerce as the same term: an IRI prefixed when a prefix fits
    (qid:event/x), a string in quotes (so spaces and quotes survive), else the lexical form."""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(prefixes_for(base).items(), key=lambda p: -len(p[1])):
            local = term.value.removeprefix(namespace)
            if local != term.value and re.fullmatch(r"[\w./-]*", local):
                return f"{prefix}:{local}"
        return str(term)
    if param.type == "string":
        return str(term)
    return term.value
