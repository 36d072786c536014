"""Hostile input for `kg build` (issue 22 item 5): each case edits a copy of the bundled corpus
in one way that once crashed, hung or was published wrongly. Shared by
tests/test_hostile_input.py and bench/hostile_input.py, so the table in BENCHMARKS.md is what
the tests check.

A case names the file its message must name (relative to the project) and a fragment of the
message; `line` says whether the message can name a line (a file's own name has none).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHEET = "data/claims/004_ae2c329ed266d90a.yaml"
META = "data/sources/004_ae2c329ed266d90a.yaml"
ARTICLE = "data/sources/004_ae2c329ed266d90a.txt"
ENTITIES = "data/entities.yaml"
LAST_ID = "  - id: 004-12\n"
LAST_NOTE = "    note: \"'a year on' is loose"


@dataclass(frozen=True)
class Case:
    name: str
    edit: Callable[[Path], None]
    path: str  # the file the message names, relative to the project
    message: str  # a fragment of the message
    line: bool = True


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drifted: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: replace_in(root / relative, old, new)


def _replace_line(relative: str, start: str, new: str) -> Callable[[Path], None]:
    """Replace the whole line that starts with `start`."""
    def edit(root: Path) -> None:
        path = root / relative
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        found = [i for i, line in enumerate(lines) if line.startswith(start)]
        assert found, f"fixture drifted: no line starting {start!r} in {path}"
        lines[found[0]] = new
        path.write_text("".join(lines), encoding="utf-8")
    return edit


def _bomb(relative: str, start: str, field: str) -> Callable[[Path], None]:
    """The alias bomb at the top of the file, and the line starting `start` made its use."""
    use = _replace_line(relative, start, f"{field}*a8\n")

    def edit(root: Path) -> None:
        path = root / relative
        path.write_text(alias_bomb() + path.read_text(encoding="utf-8"), encoding="utf-8")
        use(root)
    return edit


def _copy_article(stem: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for suffix in (".txt", ".yaml"):
            shutil.copy(root / ARTICLE.replace(".txt", suffix),
                        root / "data" / "sources" / f"{stem}{suffix}")
    return edit


def _link_article(root: Path) -> None:
    article = root / ARTICLE
    article.unlink()
    os.symlink("/etc/hostname", article)


def alias_bomb(levels: int = 9) -> str:
    """About 1 KB of YAML that expands to 9**levels strings ("billion laughs")."""
    rows = ["bomb0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"bomb{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(rows) + "\n"


HUGE_QUOTE = " ".join(f"word{n}" for n in range(150_000))[:1_000_000]  # 1 MB, not in the article

CASES = [
    Case("claim id is a list", _replace(SHEET, LAST_ID, "  - id: [004-12, 004-13]\n"), SHEET,
         "claim id"),
    Case("claim id holds a space", _replace(SHEET, LAST_ID, "  - id: 004 12\n"), SHEET,
         "claim id '004 12'"),
    Case('claim id holds "', _replace(SHEET, LAST_ID, "  - id: '004\"12'\n"), SHEET,
         "claim id"),
    Case("claim id holds >", _replace(SHEET, LAST_ID, "  - id: 004>12\n"), SHEET,
         "claim id '004>12'"),
    Case("claim id holds a newline", _replace(SHEET, LAST_ID, '  - id: "004-12\\nx"\n'), SHEET,
         "claim id"),
    Case("entity slug holds a space",
         _replace(ENTITIES, "event:\n", "event:\n  bad slug:\n    label: A bad slug\n"),
         ENTITIES, "slug 'bad slug'"),
    Case("article file name holds a space", _copy_article("005 copy"),
         "data/sources/005 copy.txt", "file name", line=False),
    Case("article file name holds >", _copy_article("005>copy"),
         "data/sources/005>copy.txt", "file name", line=False),
    Case("url holds a space", _replace(META, "url: null", 'url: "https://example.org/a b"'),
         META, "url"),
    Case("url is not absolute http(s)", _replace(META, "url: null", "url: javascript:alert(1)"),
         META, "url"),
    Case("YAML alias bomb in a claim sheet", _bomb(SHEET, LAST_NOTE, "    note: "), SHEET,
         "aliases"),
    Case("YAML alias bomb in entities.yaml",
         _bomb(ENTITIES, "    label: January 2022 unrest", "    label: "), ENTITIES, "aliases"),
    Case("1 MB quote not in the article",
         _replace(SHEET, 'quote: "but a year on"', f'quote: "{HUGE_QUOTE}"'), SHEET,
         "longer than the article"),
    Case("value contradicts its quote (239 for '238 people')",
         _replace(SHEET, 'value: "238"', 'value: "239"'), SHEET, "239"),
    Case("part_of cycle",
         _replace(ENTITIES, "    located_in: place/kazakhstan\n", "    located_in: place/kazakhstan"
                  "\n    part_of: event/hrw-statement-2022-12-20\n"),
         ENTITIES, "event/bloody-january -> event/hrw-statement-2022-12-20 -> "
         "event/bloody-january"),
    Case("entity label is a list",
         _replace(ENTITIES, "label: January 2022 unrest in Kazakhstan",
                  "label: [January 2022 unrest, Kazakhstan]"), ENTITIES, "label"),
    Case("source title is a list",
         _replace(META, 'title: "HRW says Kazakhstan failed to investigate January unrest '
                  'effectively"', "title: [HRW says, Kazakhstan failed]"), META, "title"),
    Case("claim note is a list", _replace_line(SHEET, LAST_NOTE, "    note: [a, b]\n"),
         SHEET, "note"),
    Case("claim note is a mapping", _replace_line(SHEET, LAST_NOTE, "    note: {a: b}\n"),
         SHEET, "note"),
    Case("defaults is a list",
         _replace(SHEET, "defaults:\n  stated_by: org/rferl",
                  "defaults:\n  - stated_by: org/rferl"),
         SHEET, "defaults"),
    Case("a 5,001-digit integer", _replace(SHEET, 'value: "238"', f"value: {'9' * 5001}"), SHEET,
         "digits"),
    Case("publisher is a list", _replace(META, "publisher: org/rferl", "publisher: [org/rferl]"),
         META, "publisher"),
    Case("symbolic link for an article", _link_article, ARTICLE, "symbolic link", line=False),
]


def digest_tree(directory: Path) -> dict[str, str]:
    """Every file under `directory` by its path, with the SHA-256 of its bytes."""
    if not directory.exists():
        return {}
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}
