"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the build (see kg/serve/server.py).

Kept empty so that worker processes, which import kg.serve.workers, do not import the server.
"""
