"""Figures left out of the claims on purpose: `data/coverage.yaml`, read and checked.

    # data/coverage.yaml
    dates: report            # report (default): dates and years are figures; skip: not checked
    left_out:
      - source: 001_8625e6b7dc8f5e2d       # the article's file stem
        words: "stepped down in 2019"       # its own words, holding the figures left out
        reason: a date of an earlier, unrelated event
        occurrence: 2                       # optional: only that occurrence of the words

Why a file of its own, not a field of the claim sheets: a left-out is no claim, and the build
neither reads nor publishes it, so declaring one needs no rebuild and changes no triple; the
sheets stay the build's format alone (kg.corpus.sheets), and a reviewer reads every deliberate
omission of the corpus in one place. The words are matched as quotes are (kg.corpus.quotes:
typographic quotes and white space normalised); every figure inside them is left out, in every
occurrence unless `occurrence:` names one. Every problem is reported with the file's line, as
the build reports a sheet's, and nothing is judged while one remains.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from kg.corpus.quotes import normal_form
from kg.corpus.yamlfile import Mapping, not_text, read_yaml
from kg.errors import InputError, Problem
from kg.project import Project

FILE_NAME = "coverage.yaml"
KEYS = ("dates", "left_out")
FIELDS = ("source", "words", "reason", "occurrence")
DATES = ("report", "skip")


@dataclass(frozen=True)
class LeftOut:
    """One passage whose figures are not claimed, on purpose, and why; `line` is its entry's
    line in the file."""

    source: str
    words: str
    reason: str
    occurrence: int | None
    line: int


@dataclass(frozen=True)
class Declared:
    """What a project says about its coverage: whether dates count, and what is left out."""

    path: Path
    dates: str = "report"
    left_out: tuple[LeftOut, ...] = ()


def left_out_file(project: Project) -> Path:
    return project.data / FILE_NAME


def read_declared(project: Project, articles: Collection[str]) -> Declared:
    """The project's data/coverage.yaml (none: dates are figures and nothing is left out),
    checked against the article stems `articles`; raises InputError with every problem."""
    path = left_out_file(project)
    if not path.exists():
        return Declared(path)
    if not path.is_file():
        raise InputError([Problem(path, None, "not a file: data/coverage.yaml declares what "
                                  "is left out, as a YAML file")])
    document = read_yaml(path)
    if document is None:
        return Declared(path)
    if not isinstance(document, Mapping):
        raise InputError([Problem(path, 1, "expected 'dates: report|skip' and a list under "
                                  "'left_out:' of entries, each with source:, words: and "
                                  "reason:")])
    problems = [Problem(path, document.line_of(k), f"unknown key {k!r}; expected one of "
                        f"{', '.join(KEYS)}") for k in document if k not in KEYS]
    dates = document.get("dates", "report")
    if dates not in DATES:
        problems.append(Problem(path, document.line_of("dates"), f"dates: {dates!r}; write "
                                "report (dates and years are figures) or skip (they are not "
                                "checked)"))
    entries = document.get("left_out") or []
    if not isinstance(entries, list):
        problems.append(Problem(path, document.line_of("left_out"), "left_out is a list of "
                                "entries, each '- source:', 'words:' and 'reason:'"))
        entries = []
    left_out: list[LeftOut] = []
    seen: dict[tuple[str, str, int | None], int] = {}
    for entry in entries:
        if not isinstance(entry, Mapping):
            problems.append(Problem(path, document.line_of("left_out"), "each entry of "
                                    "left_out is a mapping with source:, words: and reason:"))
            continue
        found, trouble = _entry(entry, articles)
        problems += [Problem(path, line, message) for line, message in trouble]
        if found is None:
            continue
        key = (found.source, normal_form(found.words.strip()), found.occurrence)
        if key in seen:
            problems.append(Problem(path, entry.line, f"the words {found.words!r} of "
                                    f"{found.source} are listed twice (first at line "
                                    f"{seen[key]})"))
            continue
        seen[key] = entry.line
        left_out.append(found)
    if problems:
        raise InputError(problems)
    return Declared(path, str(dates), tuple(left_out))


def _entry(entry: Mapping, articles: Collection[str]) -> tuple[LeftOut | None,
                                                               list[tuple[int, str]]]:
    """One entry, or None and what is wrong with it, each with its line."""
    trouble = [(entry.line_of(k), f"unknown field {k!r}; expected one of {', '.join(FIELDS)}")
               for k in entry if k not in FIELDS]
    trouble += [(entry.line_of(k), message)
                for k, message in not_text(entry, ("source", "words", "reason"))]
    for key, what in (("source", "the article's file stem"), ("words", "the article's own "
                      "words that hold the figures"), ("reason", "why they are not claimed")):
        value = entry.get(key)
        if value is None or isinstance(value, str) and not value.strip():
            trouble.append((entry.line_of(key), f"missing {key!r}: give {what}"))
    occurrence = entry.get("occurrence")
    if occurrence is not None and (isinstance(occurrence, bool)
                                   or not isinstance(occurrence, int) or occurrence < 1):
        trouble.append((entry.line_of("occurrence"), f"occurrence: {occurrence!r}; give which "
                        "occurrence of the words is meant, 1 for the first"))
    stem = str(entry.get("source", "")).strip()
    if stem and not trouble and stem not in articles:
        trouble.append((entry.line_of("source"), unknown_article(stem, articles)))
    if trouble:
        return None, trouble
    return LeftOut(stem, str(entry["words"]), str(entry["reason"]).strip(), occurrence,
                   entry.line), []


def unknown_article(stem: str, articles: Collection[str]) -> str:
    """'no article 004_x (data/sources/004_x.txt); did you mean '004_y'?'."""
    near = difflib.get_close_matches(stem, list(articles), n=1, cutoff=0.6)
    if near:
        hint = f"; did you mean {near[0]!r}?"
    elif len(articles) <= 10:
        hint = f"; the articles are {', '.join(sorted(articles)) or 'none yet'}"
    else:
        hint = "; `kg query sources` lists the articles"
    return f"no article {stem!r} (data/sources/{stem}.txt){hint}"
