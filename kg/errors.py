"""The project's exceptions. The CLI maps each to an exit code (DESIGN.md §7).

    KgError                     code 1
    ├── InputError              code 2  bad corpus or usage: lists every problem found
    ├── QueryError              code 2  a query that does not parse or names no known query
    └── EndpointError           code 3  a remote SPARQL endpoint failed
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing to fix in one input file, located so an editor can jump to it."""

    path: Path | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path) + (f":{self.line}" if self.line else "")
            where += ": "
        return where + self.message


class KgError(Exception):
    exit_code = 1


class InputError(KgError):
    """Raised once per run with every problem found, so a curator fixes them in one pass."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class QueryError(KgError):
    exit_code = 2


class EndpointError(KgError):
    exit_code = 3
