"""The named query library (`queries/*.rq`) and running SPARQL on the store.

Each file starts with a comment header, so the library documents itself (`kg query --list`):

    # title: One figure across sources over time
    # description: ... (continuation lines are indented: "#   more text")
    # param: subject (IRI, default main_event): the subject
    # param: scope (IRI, default <scope/all>): what the figure counts of
    # param: name (string, optional): part of a name

Parameters, their types and defaults are kg.query.params. Values are bound as RDF terms,
never pasted into the query text as typed: a `VALUES` block built from the terms opens the
WHERE group (`with_values`), the same text on the local store, on rdflib and on a remote
endpoint.
"""

from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.engine.sparqltext import decode_escapes, depth_problem, string_end
from kg.errors import QueryError
from kg.query.params import Defaults, Param, bindings_for, param_from_header, parse_term
from kg.query.strict import departure

# A field starts right after "#" (at most one space); continuation lines are indented further.
_FIELD = re.compile(r"^#\s?([a-z][a-z_-]*):\s*(.*)$")
_POSITION = re.compile(r"error at (\d+):(\d+):?\s*")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # every header field, e.g. severity

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def read_header(path: Path) -> NamedQuery:
    """The comment header of a .rq file; raises QueryError on a malformed `# param:` line."""
    entries: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            entries.append([match.group(1), match.group(2).strip()])
        elif entries and line[1:].strip():
            entries[-1][1] += " " + line[1:].strip()
    fields = {key: value for key, value in entries if key != "param"}
    params = [param_from_header(path, value) for key, value in entries if key == "param"]
    return NamedQuery(path.stem, path, fields.get("title", ""), fields.get("description", ""),
                      params, fields)


def library(directories: list[Path]) -> dict[str, NamedQuery]:
    """Named queries by name; an earlier directory shadows a later one."""
    found: dict[str, NamedQuery] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.rq")):
            if path.stem not in found:
                found[path.stem] = read_header(path)
    return found


def find(name_or_path: str, directories: list[Path]) -> NamedQuery:
    """A named query, or a .rq file given by path (its header, if any, declares its params)."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return read_header(path)
    queries = library(directories)
    if name_or_path not in queries:
        near = difflib.get_close_matches(name_or_path, queries, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise QueryError(f"no query named {name_or_path!r}; {hint}known: "
                         f"{', '.join(sorted(queries))}")
    return queries[name_or_path]


def resolve(name_or_path: str, directories: list[Path]) -> str:
    """The text of a named query, or of a .rq file given by path."""
    return find(name_or_path, directories).text


@dataclass(frozen=True)
class Prepared:
    """A query ready to run: its text, the terms to bind, and where it came from (for errors)."""

    text: str
    bindings: dict[str, ox.Term]
    origin: str


def prepare(name_or_path: str | None, text: str | None, params: list[str],
            directories: list[Path], defaults: Defaults | None = None) -> Prepared:
    """A named query, a .rq file or a query text, with `name=value` parameters read as terms."""
    if (name_or_path is None) == (text is None):
        raise QueryError("give a query name, a .rq file or --query TEXT (one of them)")
    given = dict(_assignment(p) for p in params)
    if text is not None:
        return Prepared(text, bindings_for(None, given), "--query")
    query = find(name_or_path, directories)
    return Prepared(query.text, bindings_for(query, given, defaults or Defaults()),
                    str(query.path))


def _assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise QueryError(f"--param {text!r}: write name=value")
    return name.strip().lstrip("?$"), value


def run(store: ox.Store, text: str, bindings: dict[str, object] | None = None,
        origin: str | None = None, base: str | None = None):
    """Run a query on the store, each binding as a `VALUES` block (see `with_values`): the same
    text a remote endpoint gets, and Oxigraph's substitutions would only take projected
    variables. Values that are still strings are read by `parse_term`. Relative IRIs resolve
    against `base` (none: a relative IRI is an error)."""
    terms = {k: v if not isinstance(v, str) else parse_term(v) for k, v in (bindings or {}).items()}
    text = decode_escapes(text)
    too_deep = depth_problem(text)
    if too_deep is not None:
        raise QueryError(f"{origin or 'query'}: {too_deep}")
    if terms:
        check(text, origin, base)  # report syntax errors at their place in the text as written
        text = with_values(text, terms)
    try:
        return store.query(text, base_iri=base)
    except SyntaxError as exc:
        raise syntax_error(exc, text, origin, base) from exc
    except RuntimeError as exc:  # "The custom function <…> is not supported"
        raise QueryError(f"{origin or 'query'}: {exc}") from exc


def check(text: str, origin: str | None = None, base: str | None = None) -> str:
    """The query's form (SELECT, ASK, CONSTRUCT or DESCRIBE); raises QueryError if it does not
    parse (relative IRIs resolved against `base`), or if it is one of the texts SPARQL's grammar
    refuses and Oxigraph's parser reads anyway (kg.query.strict). Oxigraph parses it strictly
    and evaluates nothing (`_read`). A function Oxigraph does not know is a valid call (an
    extension function, SPARQL 1.1 §17.6): it is stood in for by one that returns nothing, so
    only the syntax is judged here; running the query still says the function is unknown.
    Escapes Oxigraph refuses outside strings and IRIs are written out first, as `run` does
    (kg.engine.sparqltext.decode_escapes)."""
    text = decode_escapes(text)
    too_deep = depth_problem(text)
    if too_deep is not None:
        raise QueryError(f"{origin or 'query'}: {too_deep}")
    try:
        results = _read(text, base)
    except SyntaxError as exc:
        raise syntax_error(exc, text, origin, base) from exc
    except RuntimeError as exc:
        raise QueryError(f"{origin or 'query'}: {exc}") from exc
    found = departure(text, lambda copy: _reads(copy, base))
    if found is not None:
        line = text.count("\n", 0, found.at) + 1
        column = found.at - (text.rfind("\n", 0, found.at) + 1) + 1
        shown = text.splitlines()[line - 1].strip() if text.splitlines() else ""
        raise QueryError(f"{origin + ': ' if origin else ''}query syntax error at line {line}, "
                         f"column {column}: {found.why}\n  line {line}: {shown}")
    if isinstance(results, ox.QueryBoolean):
        return "ASK"
    if isinstance(results, ox.QueryTriples):
        return "DESCRIBE" if "DESCRIBE" in _top_level_words(text) else "CONSTRUCT"
    if results is None:  # read, not run: the form is the first of the four words
        words = [value for kind, value, _ in _top_level(text) if kind == "word"
                 and value in _FORMS]
        return words[0] if words else "SELECT"
    return "SELECT"


# A variable no query names, substituted: Oxigraph parses the query, then refuses to substitute
# a variable its projection lacks before evaluating anything. So even an ORDER BY over inline
# VALUES, which can abort the process (kg.query.apart), is only read.
_UNREAD = ox.Variable("kg_syntax_check_only")
_NOT_PROJECTED = re.compile(r"does not contains? variable \?kg_syntax_check_only")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _read(text: str, base: str | None) -> object | None:
    """Oxigraph's reading of the text: None once parsed (nothing evaluated), or the results of
    an empty store should a later Oxigraph evaluate anyway. Raises SyntaxError, or RuntimeError
    for what is not a matter of syntax."""
    stand_ins: dict[ox.NamedNode, object] = {}
    while True:
        try:
            return ox.Store().query(text, base_iri=base, custom_functions=stand_ins,
                                    substitutions={_UNREAD: ox.Literal("")})
        except RuntimeError as exc:
            if _NOT_PROJECTED.search(str(exc)):
                return None
            unknown = _UNKNOWN_FUNCTION.search(str(exc))
            if unknown is None or len(stand_ins) >= 64:
                raise
            stand_ins[ox.NamedNode(unknown.group(1))] = lambda *_: None


def _reads(text: str, base: str | None) -> bool:
    """Whether Oxigraph parses the text (a changed copy the strict checks ask about)."""
    try:
        _read(text, base)
    except SyntaxError:
        return False
    except RuntimeError:
        return True
    return True


_UNKNOWN_FUNCTION = re.compile(r"custom function <([^>]*)> is not supported")


def syntax_error(exc: SyntaxError, text: str, origin: str | None,
                 base: str | None = None) -> QueryError:
    """Oxigraph's verdict as a sentence naming line and column, and showing the line.

    Oxigraph reports where its parser gave up, which is often past the mistake (the end of the
    query for a misspelt LIMIT); rdflib's parser, asked only where it stops, names the token it
    could not read. Its place is shown when it has one, Oxigraph's otherwise, with Oxigraph's
    list of what was expected either way."""
    message = str(exc)
    match = _POSITION.search(message)
    expected = message[match.end():] if match else message
    place = _rdflib_place(text) or (
        (int(match.group(1)), int(match.group(2)), None) if match else None)
    where = f"{origin}: " if origin else ""
    if place is None:
        return QueryError(f"{where}query syntax error: {message}")
    line, column, found = place
    lines = text.splitlines()
    shown = f"\n  line {line}: {lines[line - 1].strip()}" if 0 < line <= len(lines) else ""
    near = f" (at {found})" if found else ""
    relative = None if base else _RELATIVE_IRI.search(text)
    hint = (f"\n  (a relative IRI such as {relative.group()} resolves only against a base: "
            "give --base)") if relative else ""
    return QueryError(f"{where}query syntax error at line {line}, column {column}{near}: "
                      f"{expected or 'unexpected text'}{shown}{hint}")


# an IRI without a scheme, outside the strings a query may hold: what fails for want of a base
_RELATIVE_IRI = re.compile(r"(?<![\w\"'])<(?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\s\"{}|^`\\=]*>")


_RDFLIB_PARSER = threading.Lock()  # rdflib's grammar is not safe to first use from two threads


def _rdflib_place(text: str) -> tuple[int, int, str | None] | None:
    """(line, column, the text found there) where rdflib's parser stops, if it stops."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    with _RDFLIB_PARSER:
        try:
            parseQuery(text)
        except ParseException as exc:
            found = re.search(r"found (\S+)", str(exc))
            return exc.lineno, exc.col, found.group(1) if found else None
        except Exception:  # a second opinion only: Oxigraph's verdict stands
            return None
    return None


def with_values(text: str, bindings: dict[str, ox.Term]) -> str:
    """The query with a `VALUES` block first in its WHERE group binding each variable to its
    term, for endpoints that cannot take substitutions. Terms are written by Oxigraph in their
    N-Triples form, which SPARQL reads as the same term: nothing a user typed is pasted. The
    short form `CONSTRUCT WHERE { triples }` admits no VALUES inside; it gets a trailing one."""
    if not bindings:
        return text
    names = sorted(bindings)
    return with_rows(text, names, [[bindings[name] for name in names]])


def with_rows(text: str, names: list[str], rows: list[list[ox.Term]]) -> str:
    """The query with a `VALUES` block of several rows (as `with_values` places one)."""
    body = " ".join(f"({' '.join(str(term) for term in row)})" for row in rows)
    block = f"VALUES ({' '.join('?' + name for name in names)}) {{ {body} }}"
    at = _where_brace(text)
    if at is None:
        return f"{text.rstrip()}\n{block}\n"
    return f"{text[:at + 1]} {block} {text[at + 1:]}"


def _where_brace(text: str) -> int | None:
    """Index of the `{` opening the query's WHERE group: the first top-level brace after the
    WHERE keyword, else the first (the second for a CONSTRUCT with a template); None for the
    CONSTRUCT WHERE short form."""
    braces: list[int] = []
    after_where: int | None = None
    construct = False
    for kind, value, at in _top_level(text):
        if kind == "word" and value == "CONSTRUCT":
            construct = True
        elif kind == "word" and value == "WHERE":
            after_where = len(braces)
            if construct and not braces:
                return None
        elif kind == "brace":
            braces.append(at)
            if after_where is not None and len(braces) > after_where:
                return at
    if not braces:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return braces[1] if construct and len(braces) > 1 else braces[0]


def _top_level_words(text: str) -> set[str]:
    return {value for kind, value, _ in _top_level(text) if kind == "word"}


def _top_level(text: str):
    """Keywords and group-opening braces outside comments, strings, IRIs and nested groups."""
    depth, i = 0, 0
    while i < len(text):
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if char in "\"'":
            i = string_end(text, i)
            continue
        if char == "<":
            iri = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>").match(text, i)
            i = iri.end() if iri else i + 1
            continue
        if char in "{(":
            if depth == 0 and char == "{":
                yield "brace", char, i
            depth += 1
        elif char in "})":
            depth -= 1
        elif depth == 0 and (char.isalpha() or char in "?$"):
            word = re.compile(r"[?$]?[\w:.-]+").match(text, i)
            if word is not None:
                if char.isalpha():
                    yield "word", word.group().upper(), i
                i = word.end()
                continue
        i += 1
