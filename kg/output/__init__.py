"""What every stage prints: findings in a text grid or JSON, and the SPARQL results formats
(shared by `kg query`, `kg query --endpoint` and `kg serve`).
"""
