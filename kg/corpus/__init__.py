"""Reading a corpus: the articles (`data/sources/`), the entities (`data/entities.yaml`), the claim
sheets (`data/claims/`) and the ontology, with the readers of figures, quotes and dates.

Reads: a project's `data/` and the ontology. Writes: nothing; every problem is collected as an
`InputError` with file and line, so a curator sees all of them at once.
"""
