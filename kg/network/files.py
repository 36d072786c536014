"""Network files: GraphML, GEXF and networkx's node-link JSON, all written by networkx.

GraphML (yEd, Cytoscape, igraph, networkx) and GEXF (Gephi) keep every node and edge attribute
with its type; the JSON is networkx's node-link format (`nx.node_link_graph` reads it back,
and so does d3). The format comes from `--format`, else from `-o`'s extension; an extension
that names none is refused, as `kg export` refuses one, so `-o net.xyz` never silently holds
GraphML. Output is deterministic: nodes and edges in the order the graph was built (sorted),
and GEXF's `lastmodifieddate`, which networkx sets to the day it writes, is the build's date.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from kg.errors import QueryError
from kg.output.formats import format_for_file

EXTENSIONS = {"graphml": (".graphml",), "json": (".json",), "gexf": (".gexf",)}
FORMATS = tuple(EXTENSIONS)
_MODIFIED = re.compile(r'lastmodifieddate="[^"]*"')


def network_format(requested: str | None, output: Path | None) -> str:
    """The format asked for, else the one `-o`'s extension names, else GraphML."""
    return format_for_file(requested, output, EXTENSIONS, "graphml")


def network_bytes(graph: nx.Graph, fmt: str, modified: str | None = None) -> bytes:
    """The graph in `fmt` (one of FORMATS); `modified` (YYYY-MM-DD) dates a GEXF file."""
    if fmt == "json":
        document = nx.node_link_data(graph, edges="edges")
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "graphml":
        return ("\n".join(nx.generate_graphml(graph)) + "\n").encode("utf-8")
    if fmt == "gexf":
        text = "\n".join(nx.generate_gexf(graph)) + "\n"
        if modified is not None:
            text = _MODIFIED.sub(f'lastmodifieddate="{modified}"', text, count=1)
        return text.encode("utf-8")
    raise QueryError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
