"""The engine: the only room that knows how triples are stored and queried fast.

It owns the Oxigraph store, the build's chunk list, strict RDF reading, term conversion, subset
stores of selected triples, the worker pool and every tuning constant (kg.engine.tuning). Stage
code asks it for results and never sees a fork, a budget or a batch.
"""
