"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the build (see kg/serve/server.py).

Kept empty so that importing a module of it loads nothing else; its query workers live in
kg.engine.workers, which does not import the server.
"""
