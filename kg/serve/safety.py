"""What a public endpoint refuses, decided in the query worker under the time limit.

Three layers, from the one a user sees to the one that holds whatever the others miss:

1. **Nesting** deeper than kg.engine.sparqltext.MAX_DEPTH brackets is refused: Oxigraph's
   parser recurses, and a few thousand nested groups overflow its stack (the process dies).
2. **SERVICE** is refused with a sentence. A text in which neither reading (as written, and
   after undoing `\\uXXXX` escapes as the SPARQL specification describes), under either Unicode
   case mapping, holds the letters of the keyword cannot name it, and is passed on at once.
   Any other text is parsed by a real SPARQL parser (rdflib's) and runs only when that parser
   reads it and finds no SERVICE pattern in its algebra: a prefixed name, a string or a
   variable called "service" is fine; a spelling the parser cannot read is refused (a token
   scan was bypassed by seven such spellings, issue 22).
3. **The worker cannot open a network socket** at all (kg.engine.sandbox), so a spelling that
   reaches Oxigraph as SERVICE anyway reaches nothing.

`gate` adds one more check before a query runs: texts SPARQL's grammar refuses and Oxigraph's
parser reads anyway (kg.query.strict: `FILTER (?x<?a&&?b>?y)`, `COUNT(COUNT(*))`, triple-term
subjects in expressions) are answered HTTP 400 with the place and the reason, as `kg query`
refuses them with exit 2, so the endpoint and the command line agree on what is SPARQL.

SPARQL Update is refused with a clearer message than the query parser's "expected CONSTRUCT".
`FROM <file:...>` needs no rule: Oxigraph reads `FROM` as the name of a graph in the store and
never dereferences it (tested in tests/test_serve.py). Every check here is linear in the text.
"""

from __future__ import annotations

import re

from kg.engine.sparqltext import depth_problem, undo_escapes
from kg.engine.workers import Failure
from kg.errors import QueryError
from kg.query.library import check

_UPDATE = re.compile(
    r"(?:\s+|#[^\n\r]*|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*+"  # possessive: linear
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
SERVICE_REFUSED = ("SERVICE is refused: this endpoint makes no requests to other servers; "
                   "query each endpoint yourself")
UPDATE_REFUSED = "this endpoint is read-only: SPARQL Update is refused"


def gate(text: str) -> Failure | None:
    """What the query worker answers instead of running the text: 403 for what this endpoint
    refuses (`refusal`), 400 for a text that is not SPARQL, or None to run it."""
    why = refusal(text)
    if why is not None:
        return Failure(403, why)
    try:
        check(text)
    except QueryError as exc:
        return Failure(400, str(exc))
    return None


def refusal(text: str) -> str | None:
    """Why this endpoint will not run the query (a sentence for HTTP 403), or None."""
    too_deep = depth_problem(text)
    if too_deep is not None:
        return too_deep
    readings = (text, undo_escapes(text))
    if any(_UPDATE.match(reading) for reading in readings):
        return UPDATE_REFUSED
    if any("SERVICE" in reading.upper() or "service" in reading.lower()
           for reading in readings) and not _parsed_without_service(text):
        return SERVICE_REFUSED
    return None


def _parsed_without_service(text: str) -> bool:
    from rdflib.plugins.sparql import prepareQuery  # ~0.3 s to import: only when needed

    try:
        algebra = prepareQuery(text).algebra
    except Exception:  # noqa: BLE001 - any failure to read it: refused, not guessed
        return False
    return not _has_service(algebra)


def _has_service(node: object) -> bool:
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_has_service(value) for value in node.values())
    if isinstance(node, (list, tuple)):
        return any(_has_service(item) for item in node)
    return False

