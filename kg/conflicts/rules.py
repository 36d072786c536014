"""The conflict rules: one SPARQL file per reason in `queries/conflict-<reason>.rq`.

Each rule selects `$this ?value` pairs of claims. The same text runs as a global query for
`kg conflicts` and, embedded by `shapes_turtle`, as a SHACL-SPARQL constraint in
`shapes/conflicts.ttl`, because SPARQL reads `$this` and `?this` as one variable (DESIGN.md §5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.namespaces import CONFLICT_SHAPES, QK

CONFLICT_REASONS = ("contradiction", "count-decreased", "part-exceeds-whole",
                    "functional-mismatch", "disputed", "spread-outside-whole")
INFO_REASONS = ("update", "compatible-vaguer", "corroborated", "superseded")
PREFIX = "conflict-"
_PREFIX_LINE = re.compile(r"^PREFIX\s+(\w*):\s*<([^>]+)>\s*$", re.MULTILINE)
_SEVERITY = re.compile(r"^#\s*severity:\s*(\w+)", re.MULTILINE)
_TITLE = re.compile(r"^#\s*title:\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Rule:
    reason: str
    severity: str  # "warning" for conflicts, "info" for information
    title: str
    text: str

    @property
    def is_conflict(self) -> bool:
        return self.reason in CONFLICT_REASONS


def load_rules(directories: list[Path]) -> list[Rule]:
    """Every known reason's rule, the first directory that has it winning."""
    rules = []
    for reason in CONFLICT_REASONS + INFO_REASONS:
        for directory in directories:
            path = directory / f"{PREFIX}{reason}.rq"
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                severity = _SEVERITY.search(text)
                title = _TITLE.search(text)
                rules.append(Rule(reason, severity.group(1) if severity else "warning",
                                  title.group(1).strip() if title else reason, text))
                break
    return rules


def shapes_turtle(rules: list[Rule]) -> str:
    """shapes/conflicts.ttl: each conflict rule as a SHACL-SPARQL constraint of severity
    sh:Warning on every qk:Claim. Prefixes move to sh:declare, as SHACL requires."""
    prefixes: dict[str, str] = {}
    bodies = []
    for rule in (r for r in rules if r.is_conflict):
        prefixes.update(dict(_PREFIX_LINE.findall(rule.text)))
        query = "\n".join(line for line in rule.text.splitlines()
                          if not line.startswith(("#", "PREFIX")))
        bodies.append((rule, query.strip()))
    out = ["@prefix sh: <http://www.w3.org/ns/shacl#> .",
           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
           f"@prefix qkc: <{CONFLICT_SHAPES}> .",
           "", "# Generated from queries/conflict-*.rq by kg.conflicts.rules.shapes_turtle;",
           "# tests/test_conflicts_shacl.py fails when this file and the queries drift apart.",
           "", "qkc: sh:declare"]
    declares = [f'    [ sh:prefix "{name}" ; sh:namespace "{iri}"^^xsd:anyURI ]'
                for name, iri in sorted(prefixes.items())]
    out.append(" ,\n".join(declares) + " .")
    for rule, query in bodies:
        escaped = query.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        out += ["", f"qkc:{rule.reason} a sh:NodeShape ;",
                f'    sh:name "{rule.reason}" ;',
                f'    sh:description "{rule.title}" ;',
                f"    sh:targetClass <{QK.Claim}> ;",
                "    sh:severity sh:Warning ;",
                "    sh:sparql [",
                "        a sh:SPARQLConstraint ;",
                f'        sh:message "{rule.reason}: this claim and {{?value}} disagree" ;',
                "        sh:prefixes qkc: ;",
                f'        sh:select """{escaped}"""',
                "    ] ."]
    return "\n".join(out) + "\n"


def write_shapes() -> Path:
    """Regenerate the shipped shapes/conflicts.ttl (`make shapes`)."""
    from kg.shipped import shipped

    target = shipped("shapes") / "conflicts.ttl"
    target.write_text(shapes_turtle(load_rules([shipped("queries")])), encoding="utf-8")
    return target
