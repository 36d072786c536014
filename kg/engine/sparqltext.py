"""Facts about a SPARQL text that need no parser, each read in one linear pass.

Oxigraph's parser recurses once per nested bracket and overflows its stack on a few thousand
(measured with pyoxigraph 0.5.13: 4,000 nested groups end the process with SIGSEGV), so a
caller that must not crash (`kg query`, the serve workers) measures the nesting first.
"""

from __future__ import annotations

import re

_OPEN = "({["
_NOT_BRACKET = re.compile(r"[^(){}\[\]]+")
MAX_DEPTH = 256  # far beyond any query people write, far below what crashes the parser


def depth_problem(text: str) -> str | None:
    """A sentence when the query nests deeper than the parser can safely read, else None."""
    depth = nesting_depth(text)
    if depth <= MAX_DEPTH:
        return None
    return (f"the query nests brackets {depth} deep; at most {MAX_DEPTH} are read (deeper "
            "nesting crashes the SPARQL parser)")


def nesting_depth(text: str) -> int:
    """The deepest nesting of ( { [, counted on every bracket of the text, those in strings,
    IRIs and comments too: a scanner that skipped them would have to agree with the parser on
    where each ends (`<urn:it's>` holds a quote), and one that disagreed would under-count.
    Over-counting refuses only a query whose strings hold hundreds of brackets. Unbalanced
    brackets count as written: 10,000 `{` have depth 10,000."""
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", text):
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def string_end(text: str, start: int) -> int:
    """Where the SPARQL string starting at `start` ends (one quote or three, ' or "), its
    backslash escapes skipped; the text's end if it never closes."""
    quote = text[start] * 3 if text.startswith(text[start] * 3, start) else text[start]
    i = start + len(quote)
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i + len(quote)
        i += 1
    return len(text)



# IRIREF as the grammar has it; `<` not followed by one is an operator or `<<`
IRIREF = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def undo_escapes(text: str) -> str:
    """Every codepoint escape written out, in strings and IRIs too: the reading a check for a
    keyword must also make (`\\u0053ERVICE`, `\\u004fRDER BY`), whatever the parser does."""
    return CODEPOINT.sub(_written, text)


def _written(escape: re.Match[str]) -> str:
    value = int(escape.group(1) or escape.group(2), 16)
    return chr(value) if value <= 0x10FFFF else escape.group(0)


def decode_escapes(text: str) -> str:
    """The text with the codepoint escapes Oxigraph 0.5.13 refuses outside strings and IRIs
    written out: `\\uXXXX` and `\\UXXXXXXXX` are processed before the grammar (SPARQL 1.1
    §19.2), so `?x\\u0078` is the variable ?xx (W3C tests syntax-esc-04 and -05). Strings and
    IRIs are left as written: Oxigraph reads their escapes itself. Elsewhere a backslash starts
    a local name's escape (`\\#`, `\\'`, kept) or is a syntax error, so a text that parsed
    before means the same after. One pass, linear."""
    if "\\" not in text:
        return text
    out: list[str] = []
    i = start = 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = string_end(text, i)
        elif c == "<" and (iri := IRIREF.match(text, i)):
            i = iri.end()
        elif c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif c == "\\" and (escape := CODEPOINT.match(text, i)):
            out.append(text[start:i] + _written(escape))
            i = start = escape.end()
        elif c == "\\":
            i += 2  # a local name's other escapes (`\#`, `\'`, …): Oxigraph reads them
        else:
            i += 1
    out.append(text[start:])
    return "".join(out)
