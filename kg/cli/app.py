"""The `kg` command: a thin typer layer over the library (one module per command)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from kg.cli import (
    build,
    conflicts,
    coverage,
    entities,
    export,
    extract,
    init,
    network,
    push,
    query,
    report,
    serve,
    validate,
)

app = typer.Typer(
    name="kg", no_args_is_help=True, add_completion=True,
    help="Qantar KG: a knowledge graph of claims with their sources.\n\n"
    "Exit codes: 0 ok; 1 findings at or above --fail-on; 2 bad input or usage; "
    "3 a remote endpoint failed.")


def _version(wanted: bool) -> None:
    if wanted:
        try:
            typer.echo(f"kg {version('qantar-kg')}")
        except PackageNotFoundError:
            typer.echo("kg (not installed as a package)")
        raise typer.Exit()


@app.callback()
def options(show_version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")]
        = False) -> None:
    """Qantar KG: a knowledge graph of claims with their sources."""


app.command("init")(init.command)
app.command("build")(build.command)
app.command("query")(query.command)
app.command("conflicts")(conflicts.command)
app.command("export")(export.command)
app.command("serve")(serve.command)
app.command("push")(push.command)
app.command("validate")(validate.command)
app.command("coverage")(coverage.command)
app.command("network")(network.command)
app.command("extract")(extract.command)
app.command("report")(report.command)
app.add_typer(entities.app, name="entities")


def main() -> None:
    app()
