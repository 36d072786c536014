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

