"""YAML that remembers line numbers, so every input error can name its file and line.

Only plain YAML is read: anchors and aliases (`&name`, `*name`, and the `<<` merges they make)
are refused with their line, so a kilobyte of nested aliases cannot expand to gigabytes (a
"billion laughs"); so are keys that are lists or mappings, and integers of more than
MAX_DIGITS digits (a count that large is a typo, and Python will not print one of 5,000).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError, Problem

MAX_DIGITS = 16  # 10**15 still reads: more than any count, or any sum in tenge
_ALIASES = ("anchors and aliases (&name, *name) are not accepted; write each value out in full")
_INT_PREFIX = re.compile(r"^[-+]?(?:0[xob])?")


class Mapping(dict):
    """A YAML mapping with the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when present (about ten times faster on large sheets), the same marks either way
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict, set)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a word or a number, not a list or a mapping",
                key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}: a second value would silently replace "
                "the first", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    """Dates stay strings: `2022-12-20` and `2024-03` must read alike."""
    return str(loader.construct_scalar(node))


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    digits = _INT_PREFIX.sub("", str(node.value)).replace("_", "").replace(":", "")
    if len(digits) > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {len(digits)} digits: a count that large is a typo (at "
            f"most {MAX_DIGITS} digits); write the figure as the article gives it",
            node.start_mark)
    return loader.construct_yaml_int(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _alias_line(text: str) -> int | None:
    """The line of the first anchor or alias, if the text has one (the events say, before any
    value is built; only looked for when the text holds an '&' or a '*')."""
    if "&" not in text and "*" not in text:
        return None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return event.start_mark.line + 1
    return None


def not_text(mapping: Mapping, keys: Iterable[str]) -> list[tuple[str, str]]:
    """(key, what is wrong) for each of `keys` that holds a list or a mapping, or a binary or
    set value, where one text (or number) is wanted."""
    found = []
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, list):
            found.append((key, f"{key} is a list; write one text (in quotes if it starts with "
                          "'[' or holds ': ')"))
        elif isinstance(value, (dict, set, bytes)):
            found.append((key, f"{key} is a {'mapping' if isinstance(value, dict) else 'set'}"
                          "; write one text (in quotes if it starts with '{' or holds ': ')"))
    return found


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError([Problem(path, None, "file not found")]) from exc
    except UnicodeDecodeError as exc:
        raise InputError([Problem(path, None, f"not UTF-8 text (byte {exc.start}); "
                                  "save it as UTF-8")]) from exc
    try:
        line = _alias_line(text)
        if line is not None:
            raise InputError([Problem(path, line, f"YAML {_ALIASES}")])
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError as exc:
        raise InputError([Problem(path, None, "YAML nested too deeply: write lists and mappings "
                                  "a few levels deep")]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InputError([Problem(path, line, f"YAML syntax error: {what}")]) from exc
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise InputError([Problem(path, line, f"character U+{exc.character:04X} is not allowed "
                                  f"in YAML ({exc.reason}); remove it, or write it as "
                                  f"\\u{exc.character:04x} inside double quotes")]) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, None, f"YAML syntax error: {exc}")]) from exc
