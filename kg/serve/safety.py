"""What a public endpoint refuses before a query reaches the engine.

Oxigraph follows `SERVICE` to any address (measured: a query naming a loopback server made two
requests to it) and pyoxigraph offers no switch to stop it, so `SERVICE` is refused here, by
looking at the query's tokens. SPARQL Update is refused too, with a clearer message than the
query parser's "expected CONSTRUCT". `FROM <file:...>` needs no rule: Oxigraph reads `FROM` as
the name of a graph in the store and never dereferences it (tested in tests/test_serve.py).

The check reads tokens, not text, so a string, an IRI, a comment, a variable or a prefixed name
that merely contains the word (`"self-service"`, `ex:service`) is not refused. It tokenises the
query twice: as written, the way Oxigraph reads it (escapes such as `\\u0022` count only inside
IRIs, strings and names, so `"\\u0022"` is a one-character string, not the start of a long
string that could hide what follows), and after undoing every `\\uXXXX` escape, as the SPARQL
specification describes (so `\\u0053ERVICE` is refused like `SERVICE`). A word seen in either
reading is refused: the check errs on the side of refusing; the parser still decides validity.
"""

from __future__ import annotations

import re

from kg.errors import KgError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"  # IRIs (no spaces,
    # so `?a < ?b` is two operators), with the escapes an IRI may hold
    r"|#[^\n\r]*"  # comments
    r"|[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+"  # variables
    r"|[\w.-]*:(?:[\w.:%-]|\\.)*"  # prefixed names and blank node labels (`ex:a\#b`)
    r"|[A-Za-z]+"  # keywords and other words
    r"|.",
    re.DOTALL,
)
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                    "WITH"}
_PROLOGUE = {"PREFIX", "BASE"}


class RefusedQuery(KgError):
    """A query this endpoint will not run, whatever its syntax (HTTP 403)."""

    exit_code = 2


def check_query(text: str) -> None:
    """Raise RefusedQuery for SPARQL Update and for SERVICE; return for anything else."""
    readings = [[token.upper() for token in _words(view)] for view in (text, _unescape(text))]
    for words in readings:
        first = next((w for w in words if w not in _PROLOGUE), "")
        if first in _UPDATE_KEYWORDS:
            raise RefusedQuery("this endpoint is read-only: SPARQL Update is refused")
    if any("SERVICE" in words for words in readings):
        raise RefusedQuery("SERVICE is refused: this endpoint makes no requests to other "
                           "servers; query each endpoint yourself")


def _unescape(text: str) -> str:
    def codepoint(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(codepoint, text)


def _words(text: str) -> list[str]:
    """The bare words of a query: keywords, function names, `a`, `true`; nothing quoted."""
    return [m.group(0) for m in _TOKEN.finditer(text) if m.group(0)[0].isalpha()
            and ":" not in m.group(0)]
