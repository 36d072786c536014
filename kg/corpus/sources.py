"""The articles of a corpus and their metadata (`data/sources/<stem>.txt` + `<stem>.yaml`).

An article is kept verbatim on disk, but read as a reader sees it (`as_read`): without a
leading byte-order mark and with every line ending a line feed, so an article saved with CRLF
line ends or a BOM gives the offsets of the same article saved plainly. Offsets, the quote's
exact words, prefix and suffix are all taken from that text, which is also the text the graph
publishes (schema:text), so offsets index into what a reader of the graph holds; qk:sha256
stays the digest of the file's bytes, which identifies the file a curator received.

Articles and their metadata must be regular files inside data/sources/: a symbolic link (to
/etc/passwd, say) or a pipe or device is refused, so a build publishes only what was put there.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kg.corpus.dates import DateInterval, parse_date
from kg.corpus.identifiers import language_problem, name_problem, url_problem
from kg.corpus.quotes import NormalText, normalise
from kg.corpus.yamlfile import Mapping, not_text, read_yaml
from kg.errors import InputError, Problem

REQUIRED = ("title", "language", "published")
OPTIONAL = ("publisher", "url", "inferred_date", "date_inference", "relays", "republished_by",
            "title_note")


@dataclass(frozen=True)
class Source:
    stem: str
    text_path: Path
    meta_path: Path
    text: str
    sha256: str
    title: str
    language: str
    published: DateInterval | None
    inferred_date: DateInterval | None
    date_inference: str | None
    publisher: str | None
    url: str | None
    relays: str | None
    republished_by: str | None
    meta: Mapping

    @cached_property
    def normal(self) -> NormalText:
        """Normalised once per article: every quote of its sheet is searched in it."""
        return normalise(self.text)


def load_sources(directory: Path) -> tuple[dict[str, Source], list[Problem]]:
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    if not directory.is_dir():
        return {}, [Problem(directory, None, "missing directory of source articles")]
    for meta_path in sorted(directory.glob("*.yaml")):
        if not os.path.lexists(meta_path.with_suffix(".txt")):  # a link is refused below
            problems.append(Problem(meta_path, None, f"metadata without its article: "
                                    f"{meta_path.with_suffix('.txt').name} is missing"))
    for text_path in sorted(directory.glob("*.txt")):
        trouble = name_problem(text_path.stem, "file name")
        if trouble:
            problems.append(Problem(text_path, None, f"{trouble} (the article's file name is "
                                    "part of its IRI); rename the .txt and .yaml files, and the "
                                    "claim sheet"))
            continue
        try:
            sources[text_path.stem] = _load_source(text_path)
        except InputError as exc:
            problems.extend(exc.problems)
    return sources, problems


def as_read(text: str) -> str:
    """The article as a reader sees it: without a leading byte-order mark, and with CRLF and
    lone CR line ends made LF (one line end for one, so line numbers do not change)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _load_source(text_path: Path) -> Source:
    raw = _read_regular(text_path, "article")
    try:
        text = as_read(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = as_read(raw[:exc.start].decode("utf-8")).count("\n") + 1
        raise InputError([Problem(text_path, line, f"not UTF-8 (byte {exc.start}): convert the "
                                  "article to UTF-8 without changing its words")]) from exc
    meta_path = text_path.with_suffix(".yaml")
    if not os.path.lexists(meta_path):
        raise InputError([Problem(meta_path, None, f"missing metadata for {text_path.name}: add "
                                  "title, publisher, url, published (or unknown), language")])
    _read_regular(meta_path, "metadata file")
    meta = read_yaml(meta_path)
    if not isinstance(meta, Mapping):
        raise InputError([Problem(meta_path, 1, "expected a mapping of metadata fields")])
    problems = [Problem(meta_path, meta.line, f"missing field {key!r}")
                for key in REQUIRED if meta.get(key) in (None, "")]
    problems += [Problem(meta_path, meta.line_of(key), f"unknown field {key!r}; expected one of "
                         f"{', '.join(REQUIRED + OPTIONAL)}")
                 for key in meta if key not in REQUIRED + OPTIONAL]
    problems += [Problem(meta_path, meta.line_of(key), message)
                 for key, message in not_text(meta, REQUIRED + OPTIONAL)]
    if problems:
        raise InputError(problems)
    for key, check in (("url", url_problem), ("language", language_problem)):
        trouble = check(meta[key]) if meta.get(key) is not None else None
        if trouble:
            problems.append(Problem(meta_path, meta.line_of(key), trouble))
    published = inferred = None
    try:
        if str(meta.get("published")) != "unknown" and meta.get("published") is not None:
            published = parse_date(meta["published"])
        if meta.get("inferred_date") is not None:
            inferred = parse_date(meta["inferred_date"])
    except ValueError as exc:
        problems.append(Problem(meta_path, meta.line_of("published"), str(exc)))
    if str(meta.get("published")) == "unknown" and (inferred is None
                                                    or not meta.get("date_inference")):
        problems.append(Problem(meta_path, meta.line_of("published"), "published is unknown: "
                                "give inferred_date and date_inference (how it was inferred)"))
    if problems:
        raise InputError(problems)
    return Source(
        stem=text_path.stem, text_path=text_path, meta_path=meta_path, text=text,
        sha256=hashlib.sha256(raw).hexdigest(), title=str(meta["title"]),
        language=str(meta["language"]), published=published, inferred_date=inferred,
        date_inference=meta.get("date_inference"), publisher=meta.get("publisher"),
        url=meta.get("url"), relays=meta.get("relays"),
        republished_by=meta.get("republished_by"), meta=meta,
    )


def _read_regular(path: Path, what: str) -> bytes:
    """The bytes of `path` if it is a regular file of its own, not a link to one elsewhere
    (opened without following a link, and without waiting on a pipe, then checked)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    rule = f"{what}s must be regular files inside data/sources/"
    if path.is_symlink():
        raise InputError([Problem(path, None, f"{path.name} is a symbolic link (to "
                                  f"{os.readlink(path)}): {rule}; copy the {what} there")])
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        raise InputError([Problem(path, None, f"cannot read {path.name}: {exc.strerror}; "
                                  f"{rule}")]) from exc
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise InputError([Problem(path, None, f"{path.name} is not a regular file (a "
                                  f"directory, pipe or device): {rule}")])
    with os.fdopen(handle, "rb") as file:
        return file.read()
