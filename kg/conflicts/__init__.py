"""Conflicts: the rules (`queries/conflict-*.rq`) run on the build, grouped into disputes and
explained in plain words with the quotes side by side.

Reads: the build through the engine. Writes: nothing (reports go to the command line).
"""
