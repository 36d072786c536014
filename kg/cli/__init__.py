"""The `kg` command line (typer): one module per command, each a thin layer that parses options,
calls its stage and prints; the stages never print or exit.
"""
