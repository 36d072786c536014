"""What may stand in an IRI: the rules for every name a corpus makes identifiers of.

Claim ids, entity slugs and article file stems become parts of IRIs (`qid:claim/{id}`,
`qid:{kind}/{slug}`, `qid:source/{stem}`), written into N-Triples as they are; a source's `url`
is written as an IRI whole. So each is checked here, by the loaders, before anything is built:
a space, a quote or a `>` in one of them would otherwise make the build file unparseable.

    claim id, slug, stem   letters, digits, '.', '_' and '-', starting with a letter or digit
                           (what the bundled corpus uses: 004-12, bloody-january,
                           004_ae2c329ed266d90a); an IRI needs no escaping for any of them
    url                    an absolute http or https IRI with a host, without white space,
                           control characters, <>"{}|\\^ or a backtick (RFC 3987), and with
                           every '%' starting two hexadecimal digits
    language               a BCP 47 tag: en, kk-Cyrl, ru-KZ

Each check returns None when the value is good, else what is wrong and what to write instead,
as the end of a sentence the loader starts with the file, line and what it names.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit"
_IRI_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f]")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
EXAMPLES = {"claim id": "004-12", "slug": "bloody-january", "file name": "004_ae2c329ed266d90a"}


def name_problem(value: object, what: str) -> str | None:
    """Whether `value` (a claim id, slug or file stem: `what`) can stand in an IRI."""
    example = EXAMPLES.get(what, "004-12")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return (f"{what} is {_kind(value)}; write one {what} of {_NAME_RULE}, such as "
                f"{example}")
    text = str(value)
    if _NAME.fullmatch(text):
        return None
    if not text:
        return f"{what} is empty; write one such as {example}"
    bad = next((c for c in text if not (c.isascii() and (c.isalnum() or c in "._-"))), None)
    said = f"{what} {text!r}"
    if bad is None:
        return f"{said} starts with {text[0]!r}; start it with a letter or digit, such as {example}"
    return (f"{said} holds {_character(bad)}; use only {_NAME_RULE}, such as "
            f"{_suggest(text) or example}")


def url_problem(value: object) -> str | None:
    """Whether `value` is an absolute http(s) IRI that N-Triples can hold as it is."""
    rule = "write an absolute http or https address, such as https://example.org/news/1"
    if not isinstance(value, str):
        return f"url is {_kind(value)}; {rule}, or null when unknown"
    bad = _IRI_FORBIDDEN.search(value)
    if bad:
        return (f"url {value!r} holds {_character(bad.group())}, which an IRI cannot; write it "
                "percent-encoded (a space as %20)")
    if _PERCENT.search(value):
        return f"url {value!r} has a '%' not followed by two hexadecimal digits; write '%' as %25"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return f"url {value!r} is not an address ({exc}); {rule}"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"url {value!r} is not an absolute http(s) address; {rule}"
    return None


def base_iri_problem(value: object) -> str | None:
    """Whether `value` can be a corpus's base IRI: an absolute http(s) IRI ending in '/' or
    '#', since every resource IRI is the base plus a path such as claim/004-08."""
    trouble = url_problem(value)
    if trouble:
        return trouble.replace("url ", "", 1)
    if not str(value).endswith(("/", "#")):
        return f"{value!r} must end in '/' or '#' (e.g. https://example.org/floods/id/)"
    return None


def language_problem(value: object) -> str | None:
    if isinstance(value, str) and _LANGUAGE.fullmatch(value):
        return None
    return f"language {value!r} is not a BCP 47 language tag; write one such as en, ru or kk"


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else f"not text ({type(value).__name__})"


def _character(char: str) -> str:
    names = {" ": "a space", "\n": "a line break", "\t": "a tab", '"': 'a double quote (")'}
    return names.get(char, f"{char!r}")


def _suggest(text: str) -> str:
    """The name with each run of characters it may not hold made one '-'."""
    suggestion = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")
    return suggestion if _NAME.fullmatch(suggestion) else ""
