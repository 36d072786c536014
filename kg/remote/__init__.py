"""Remote SPARQL 1.1 stores: queries on an endpoint (`kg query --endpoint`) and `kg push`.

Reads: the build's chunks. Writes: named graphs of a remote store.
"""
