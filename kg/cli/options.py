"""Option bundles shared by every command, defined once, and the error-to-exit-code mapping."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.heartbeat import heartbeat, wipe
from kg.errors import InputError, KgError
from kg.project import Project, find_project, open_project
from kg.shipped import bundled_root

ProjectOption = Annotated[Path | None, typer.Option(
    "--project", "-p", help="Project directory (default: the current directory if it has "
    "data/, else the bundled corpus).", file_okay=False)]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v",
                                             help="Show tracebacks on errors.")]


def say(message: str) -> None:
    """Progress and diagnostics go to stderr so stdout stays machine-readable."""
    wipe(sys.stderr)
    typer.echo(message, err=True)


@contextmanager
def failing_cleanly(verbose: bool = False, working: str | None = "working") -> Iterator[None]:
    """Turn the library's exceptions into a message and the exit code of DESIGN.md §7; while
    the command runs over 2 s, say on a terminal that it is `working` (None: never, for a
    command that runs until stopped)."""
    try:
        if working is None:
            yield
        else:
            with heartbeat(f"{_command()} is {working}"):
                yield
    except InputError as exc:
        if verbose:
            traceback.print_exc()
        count = len(exc.problems)
        for problem in exc.problems:
            say(f"error: {problem}")
        say(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        raise typer.Exit(exc.exit_code) from None
    except KgError as exc:
        if verbose:
            traceback.print_exc()
        say(f"error: {exc}")
        raise typer.Exit(exc.exit_code) from None


def _command() -> str:
    """The command as typed, for the heartbeat ("kg conflicts")."""
    words = [w for w in sys.argv[1:3] if not w.startswith("-")][:1]
    return " ".join(["kg", *words])


def project_from(option: Path | None) -> Project:
    """The project of -p, else the one the current directory is in, else the bundled example
    corpus, which is said on standard error so nobody edits one corpus and builds another."""
    if option is None and find_project() is None:
        say(f"note: no kg.toml or data/ here or above; using the bundled example corpus "
            f"({bundled_root()}). `kg init DIR` starts a corpus of your own.")
    return open_project(option)


def progress_printer() -> Callable[[str], None]:
    """Progress lines on standard error, only when a person is watching it (a terminal)."""
    return (lambda message: say(f"... {message}")) if sys.stderr.isatty() else (lambda _: None)
