"""What SPARQL's grammar refuses and Oxigraph 0.5.13's parser accepts (issue 22).

Three departures, found by the W3C syntax suites (SPARQL 1.1 and 1.2), each judged after
Oxigraph has read the text, in one linear pass over its tokens (comments, strings and IRIs
skipped as the grammar reads them) and, where the pass cannot tell alone, by asking Oxigraph
again about one changed copy of the text:

- **An IRI token read as two comparisons.** The grammar's tokens are matched longest first, and
  `<?a&&?b>` is an IRIREF (no space, quote or brace inside), so `FILTER (?x<?a&&?b>?y)` holds the
  IRI `<?a&&?b>` between two variables: no valid query. Oxigraph's parser backtracks and reads
  `?x < ?a && ?b > ?y`. Every IRI token is replaced by a plain IRI; when Oxigraph then refuses
  the copy, it had read one of them as something else.
- **An aggregate inside an aggregate** (`COUNT(COUNT(*))`): the argument of an aggregate may
  not hold one (SPARQL 1.2 makes it a syntax error; a subquery inside EXISTS is its own scope).
- **A triple term in an expression whose subject is a triple term or a literal**
  (`BIND(<<( <<(:s :p :o)>> :q :z )>> AS ?x)`, `BIND(<<( "literal" :q :z )>> AS ?x)`):
  an expression's triple term takes an IRI or a variable as subject. Oxigraph refuses these in
  VALUES and allows triple-term subjects in patterns, as the grammar does; whether a triple term
  stands in an expression is asked of Oxigraph, with `STR(1)` (an expression, and nothing else)
  in its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kg.engine.sparqltext import IRIREF, string_end

_WORD = re.compile(r"[?$]?[^\s<>\"'{}()\[\],;#\\^|`=!&+*/]+")
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
_LITERAL_START = re.compile(r"[\"'0-9+\-.]|(?:true|false)$")
MASK = "<urn:kg:masked-iri>"


@dataclass(frozen=True)
class Departure:
    """Where the text departs from the grammar (an offset into it) and why, as a sentence."""

    at: int
    why: str


@dataclass(frozen=True)
class _Token:
    kind: str  # iri, string, word, open (one of `( { [ <<(`), close (`) } ] )>>`), other
    text: str
    at: int


def departure(text: str, parses: Callable[[str], bool]) -> Departure | None:
    """The first of the three departures in a text Oxigraph has read, or None. `parses(text)`
    says whether Oxigraph reads a changed copy (relative IRIs as the original's base)."""
    tokens = list(_tokens(text))
    return (_nested_aggregate(tokens) or _iri_read_otherwise(text, tokens, parses)
            or _triple_term_subject(text, tokens, parses))


def _tokens(text: str) -> Iterator[_Token]:
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "#":
            newline = text.find("\n", i)
            i = end if newline < 0 else newline
        elif char in "\"'":
            stop = string_end(text, i)
            yield _Token("string", text[i:stop], i)
            i = stop
        elif char == "\\":  # an escape in a local name (`ex:a\#b`): never a comment or string
            i += 2
        elif text.startswith("<<(", i):
            yield _Token("open", "<<(", i)
            i += 3
        elif text.startswith(")>>", i):
            yield _Token("close", ")>>", i)
            i += 3
        elif char == "<" and (iri := IRIREF.match(text, i)):
            yield _Token("iri", iri.group(), i)
            i = iri.end()
        elif char in "({[":
            yield _Token("open", char, i)
            i += 1
        elif char in ")}]":
            yield _Token("close", char, i)
            i += 1
        elif word := _WORD.match(text, i):
            yield _Token("word", word.group(), i)
            i = word.end()
        else:
            yield _Token("other", char, i)
            i += 1



def _nested_aggregate(tokens: list[_Token]) -> Departure | None:
    """An aggregate opened while another one's argument is open, in the same group."""
    frames: list[str] = []  # one per open bracket: "aggregate", "group" ({) or "other"
    for index, token in enumerate(tokens):
        if token.kind == "open":
            name = tokens[index - 1].text.upper() if index and tokens[index - 1].kind == "word" \
                else ""
            aggregate = token.text == "(" and name in _AGGREGATES
            if aggregate and _inside_aggregate(frames):
                return Departure(tokens[index - 1].at, f"an aggregate ({name}) inside another "
                                 "aggregate's argument, which SPARQL does not allow: aggregate "
                                 "in a subquery first")
            frames.append("aggregate" if aggregate else "group" if token.text == "{" else "other")
        elif token.kind == "close" and frames:
            frames.pop()
    return None


def _inside_aggregate(frames: list[str]) -> bool:
    """Whether an aggregate's argument is open since the innermost group ({) opened."""
    for frame in reversed(frames):
        if frame != "other":
            return frame == "aggregate"
    return False


def _iri_read_otherwise(text: str, tokens: list[_Token],
                        parses: Callable[[str], bool]) -> Departure | None:
    """An IRI token that Oxigraph read as something else (`?x<?a&&?b>?y`)."""
    iris = [token for token in tokens if token.kind == "iri" and token.text != MASK]
    if not iris or parses(_replaced(text, iris, MASK)):
        return None
    for token in iris:  # which one: only when one was misread, so rarely
        if not parses(_replaced(text, [token], MASK)):
            return Departure(token.at, f"{token.text} is an IRI by SPARQL's grammar (an IRI is "
                             "whatever lies between < and > without a space, quote or brace), "
                             "not the comparisons it looks like: put spaces around < and > "
                             "used as operators")
    return None


def _triple_term_subject(text: str, tokens: list[_Token],
                         parses: Callable[[str], bool]) -> Departure | None:
    """A triple term in an expression whose subject is a triple term or a literal."""
    depth, outer = 0, 0
    for index, token in enumerate(tokens):
        if token.text == "<<(":
            if depth == 0:
                outer = index
            depth += 1
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and (following.text == "<<(" or following.kind == "string"
                                          or _LITERAL_START.match(following.text)):
                end = _close_of(tokens, outer)
                if end is not None and parses(text[:tokens[outer].at] + "STR(1)"
                                              + text[end:]):
                    kind = "triple term" if following.text == "<<(" else "literal"
                    return Departure(following.at, f"a triple term in an expression has a "
                                     f"{kind} as its subject; it takes an IRI or a variable "
                                     "there (RDF 1.2 has no other subjects)")
        elif token.text == ")>>":
            depth = max(0, depth - 1)
    return None


def _close_of(tokens: list[_Token], start: int) -> int | None:
    """The offset just past the `)>>` closing the `<<(` at tokens[start]."""
    depth = 0
    for token in tokens[start:]:
        if token.text == "<<(":
            depth += 1
        elif token.text == ")>>":
            depth -= 1
            if depth == 0:
                return token.at + 3
    return None


def _replaced(text: str, tokens: list[_Token], by: str) -> str:
    parts, last = [], 0
    for token in tokens:
        parts += [text[last:token.at], by]
        last = token.at + len(token.text)
    parts.append(text[last:])
    return "".join(parts)
