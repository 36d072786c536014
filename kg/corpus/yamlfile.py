"""YAML that remembers line numbers, so every input error can name its file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError, Problem


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


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError([Problem(path, None, "file not found")]) from exc
    except UnicodeDecodeError as exc:
        raise InputError([Problem(path, None, f"not UTF-8 text (byte {exc.start}); "
                                  "save it as UTF-8")]) from exc
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InputError([Problem(path, line, f"YAML syntax error: {what}")]) from exc
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, None, f"YAML syntax error: {exc}")]) from exc
