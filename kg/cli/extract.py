"""`kg extract`: a draft claim sheet for an article, to check and correct before it builds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.curate.article import read_article
from kg.curate.draftsheet import render_draft
from kg.curate.extract import Extractor
from kg.engine.atomic import atomic_write_bytes
from kg.errors import InputError, Problem
from kg.output.words import counted


def command(
    article: Annotated[Path, typer.Argument(help="The article's text (UTF-8), e.g. "
                                            "data/sources/005_x.txt.", dir_okay=False)],
    metadata: Annotated[Path | None, typer.Option(
        "--metadata", "-m", dir_okay=False,
        help="Its metadata (default: the .yaml beside the article); `published`, else "
        "`inferred_date`, is what relative dates are read against.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", dir_okay=False,
        help="Write the draft here, e.g. data/claims/<stem>.yaml (default: standard output). "
        "An existing file is never replaced without --force.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the file -o names if it exists (a curated sheet is lost).")]
    = False,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Draft a claim sheet for an article: one claim per figure, with its exact quote, wording,
    and a guessed measure, scope, subject, speaker and as-of date, each claim with a `review:`
    line saying what to check and how sure the guess is. `kg build` refuses the sheet until
    every `review:` line is deleted; figures left out are listed in a comment at its end.

    Exits 2 when the article or its metadata is missing or unreadable, or -o exists (without
    --force).
    """
    with failing_cleanly(verbose):
        if output is not None and output.exists() and not force:
            raise InputError([Problem(output, None, "exists: kg extract does not replace a "
                                      "sheet (a curated one would be lost); give --force to "
                                      "replace it, or another -o")])
        if output is not None and not output.parent.is_dir():
            raise InputError([Problem(output, None, f"no folder {output.parent}: create it, or "
                                      "give another -o")])
        root = project_from(project)
        draft = Extractor(root).draft(read_article(article, metadata))
        text = render_draft(draft)
        if output is not None:
            atomic_write_bytes(output, text.encode("utf-8"))
    if output is None:
        typer.echo(text, nl=False)
    low = sum(c.confidence == "low" for c in draft.claims)
    where = f"wrote {output}" if output is not None else "printed it"
    say(f"drafted {counted(len(draft.claims), 'claim')} from {article.name} ({low} less sure: "
        f"'review: low'), {counted(len(draft.left_out), 'figure')} left out and listed at its "
        f"end; {where}. Check each claim, delete its review: line, then run kg build.")
    stem = draft.article.stem
    if output is not None and output.name != f"{stem}.yaml":
        say(f"note: kg build reads a sheet only as data/claims/{stem}.yaml")
    if not (root.sources_dir / f"{stem}.txt").is_file():
        say(f"note: kg build needs the article as {root.sources_dir / (stem + '.txt')}, with "
            "its metadata beside it")
