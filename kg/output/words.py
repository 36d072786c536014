"""Words for counts and cut text, so that every command says "1 source" and "2 sources", and
shows where it cut a text ("…")."""

from __future__ import annotations

ELLIPSIS = "…"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`counted(1, "source")` -> "1 source"; `counted(2, "entity", "entities")` -> "2 entities"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def clipped(text: str, width: int) -> str:
    """`text` in at most `width` characters, the last one an ellipsis when it was cut."""
    return text if len(text) <= width else text[:max(0, width - 1)] + ELLIPSIS
