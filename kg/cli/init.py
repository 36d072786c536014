"""`kg init`: start a corpus of one's own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.options import VerboseOption, failing_cleanly
from kg.corpus.scaffold import create_corpus, slug_of


def command(
    directory: Annotated[Path, typer.Argument(help="Where to create it (new or empty).",
                                              file_okay=False)],
    name: Annotated[str | None, typer.Option(
        "--name", help="The corpus's title (default: the directory's name).")] = None,
    event: Annotated[str | None, typer.Option(
        "--event", help="The main event's slug, e.g. floods-2024 (default: from --name).")]
    = None,
    event_label: Annotated[str | None, typer.Option(
        "--event-label", help="The main event's label (default: --name).")] = None,
    base_iri: Annotated[str | None, typer.Option(
        "--base-iri", help="Where the corpus's resources live as IRIs, e.g. "
        "https://example.org/floods/id/ (default: the Qantar namespace; kg.toml says how to "
        "change it later).")] = None,
    verbose: VerboseOption = False,
) -> None:
    """Create a new corpus: kg.toml, data/entities.yaml with its main event and an example of
    every kind of entity, data/sources/ and data/claims/ (each with a README), and a README.

    `kg build`, `kg validate` and `kg conflicts` work in it at once.
    """
    title = name or directory.resolve().name
    with failing_cleanly(verbose):
        written = create_corpus(directory, title, event or slug_of(title) or "main-event",
                                event_label or title, base_iri)
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: add an article to {directory / 'data' / 'sources'}, then `kg build` in "
               f"{directory}")
