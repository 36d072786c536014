"""Validation: the SHACL shapes (`shapes/`) compiled to SPARQL and run on the engine, or on
pySHACL as the reference; findings a curator can act on and the W3C validation report.

Reads: the build (or any RDF file) and the shapes. Writes: its cache in `build/validation/`.
"""
