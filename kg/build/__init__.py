"""The build: the corpus compiled to sorted N-Triples, one chunk per article, written to
`build/kg.nt` with its chunk list (`build/chunks.json`) and loaded into the store.

Reads: the corpus (kg.corpus). Writes: `build/` through the engine (kg.engine).
"""
