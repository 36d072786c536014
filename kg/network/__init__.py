"""Networks: the build as graphs for Gephi, Cytoscape or networkx (`kg network`): sources and
speakers joined by what they state and where they disagree, and the actors, trials, courts
and places joined by the claims that link them.

networkx is used here (STYLE.md: one home per third-party library; kg.conflicts.find only asks
it for connected components): kg.network.graphs builds the views, kg.network.files writes them.

Reads: the build through the engine (named queries `network-*` and `sources`, and the conflict
rules). Writes: the file given with `-o`, atomically (kg.engine.atomic), or standard output.
"""
