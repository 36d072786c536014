"""Named queries (`queries/*.rq`): the library with its parameters, run on the build's store and
rendered as tables or the W3C results formats.

Reads: the build's store and the query files. Writes: results to standard output.
"""
