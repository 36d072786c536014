"""The one text grid of the command line: `kg query`'s table and `kg conflicts`' claim rows."""

from __future__ import annotations

from collections.abc import Sequence

from kg.output.words import clipped


def text_grid(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int,
              indent: str = "") -> list[str]:
    """Left-aligned columns two spaces apart under a dashed rule, each at most `width`
    characters (longer cells are cut, ending in an ellipsis: the full text is in the JSON and
    CSV formats)."""
    widths = [min(width, max([len(h)] + [len(row[i]) for row in rows]))
              for i, h in enumerate(headers)]
    lines = [indent + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
             indent + "  ".join("-" * w for w in widths)]
    lines += [indent + "  ".join(clipped(c, w).ljust(w) for c, w in zip(row, widths, strict=True))
              for row in rows]
    return lines
