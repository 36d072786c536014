"""The one text grid of the command line: `kg query`'s table and `kg conflicts`' claim rows,
and the same rows delimited for a spreadsheet (`kg conflicts --format csv|tsv`)."""

from __future__ import annotations

import csv
import io
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


def delimited(headers: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """The same columns for a spreadsheet, uncut, under a line of headers: `csv` (RFC 4180
    quoting) or `tsv`, which has no quoting, so white space inside a cell becomes one space
    (as `kg validate`'s findings are written)."""
    if fmt == "tsv":
        lines = ["\t".join(headers)]
        lines += ["\t".join(" ".join(cell.split()) for cell in row) for row in rows]
        return "\n".join(lines) + "\n"
    if fmt != "csv":
        raise ValueError(f"unknown delimited format {fmt!r}: use csv or tsv")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()
