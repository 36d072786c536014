"""The `kg` command: a thin typer layer over the library (one module per command)."""

from __future__ import annotations

import typer

from kg.cli import build, conflicts, export, push, query, serve, validate

app = typer.Typer(
    name="kg", no_args_is_help=True, add_completion=False,
    help="Qantar KG: a knowledge graph of claims with their sources.\n\n"
    "Exit codes: 0 ok; 1 findings at or above --fail-on; 2 bad input or usage; "
    "3 a remote endpoint failed.")
app.command("build")(build.command)
app.command("query")(query.command)
app.command("conflicts")(conflicts.command)
app.command("export")(export.command)
app.command("serve")(serve.command)
app.command("push")(push.command)
app.command("validate")(validate.command)


def main() -> None:
    app()
