"""`kg entities`: the entities of a corpus, found by any spelling of their names."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.options import ProjectOption, VerboseOption, failing_cleanly, project_from, say
from kg.corpus.entities import KIND_CLASSES, load_entities
from kg.curate.match import EntityMatcher
from kg.errors import InputError, Problem
from kg.output.grid import text_grid

app = typer.Typer(name="entities", no_args_is_help=True,
                  help="The entities of data/entities.yaml, by any spelling of their names.")


@app.command("suggest")
def suggest(
    name: Annotated[str, typer.Argument(help="A name as an article spells it, e.g. Toqaev, "
                                        "Токаев or 'Taldykorgan City Court'.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="At most this many entities.")] = 5,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", "-k", help="Only entities of this kind (person, org, place, ...); "
        "repeatable.")] = None,
    project: ProjectOption = None,
    verbose: VerboseOption = False,
) -> None:
    """The entities NAME most likely means, best first, each with a score from 0 to 1 and the
    label or alias that matched: spellings are compared after transliteration (Latin and
    Cyrillic; zh/j, kh/h/q, y/i, double letters), then by spelling distance.

    Exits 1 when no entity's name is near, 2 on bad input.
    """
    with failing_cleanly(verbose):
        unknown = [k for k in kind or () if k not in KIND_CLASSES]
        if unknown:
            raise InputError([Problem(None, None, f"--kind {unknown[0]}: expected one of "
                                      f"{', '.join(KIND_CLASSES)}")])
        root = project_from(project)
        entities, problems = load_entities(root.entities_file)
        if problems:
            raise InputError(problems)
        found = EntityMatcher(entities).suggest(name, limit, kind)
    if not found:
        say(f"no entity's name is near {name!r} in {root.entities_file}")
        raise typer.Exit(1)
    rows = [[f"{s.score:.2f}", s.ref, s.label, s.name if s.name != s.label else ""]
            for s in found]
    typer.echo("\n".join(text_grid(["score", "entity", "label", "matched"], rows, 60)))
