"""Tiny corpora for conflict tests, written from a table so each case reads in a few lines.

`write_corpus(root, claims, sources)` makes a project whose articles are the claims' quotes
("Claim 100-01 says: <quote>."), with the shared entities below.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.build.run import build
from kg.conflicts.find import find_conflicts
from kg.engine.runner import PlainEngine
from kg.engine.store import open_store
from kg.project import open_project

ENTITIES = {
    "event": {"unrest": {"label": "The unrest"},
              "region-unrest": {"label": "The unrest in one region", "part_of": "event/unrest"}},
    "trial": {"t": {"label": "Trial T"}},
    "group": {"all-45": {"label": "All 45 defendants", "part_of": "trial/t"},
              "other-40": {"label": "The other 40 defendants", "part_of": "group/all-45"},
              "first-five": {"label": "The first five defendants", "part_of": "group/all-45"}},
    "person": {"defendant-a": {"label": "Defendant A", "part_of": "group/other-40"}},
    "place": {"city": {"label": "The city"}},
    "court": {"c1": {"label": "Court one"}, "c2": {"label": "Court two"},
              "c1-chamber": {"label": "A chamber of court one", "part_of": "court/c1"}},
    "org": {"outlet-a": {"label": "Outlet A", "type": "media-outlet"},
            "outlet-b": {"label": "Outlet B", "type": "media-outlet"},
            "wire": {"label": "Wire service", "type": "media-outlet"},
            "officials": {"label": "Officials", "type": "government-body"},
            "rights-groups": {"label": "Rights groups", "type": "collective"}},
}
DEFAULT_SOURCES = {"100_a": {"published": "2024-03-20", "publisher": "org/outlet-a"},
                   "200_b": {"published": "2024-03-20", "publisher": "org/outlet-b"}}


def write_corpus(root: Path, claims: list[dict], sources: dict | None = None) -> Path:
    sources = sources or DEFAULT_SOURCES
    (root / "data" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "data" / "claims").mkdir(parents=True, exist_ok=True)
    (root / "data" / "entities.yaml").write_text(yaml.safe_dump(ENTITIES), encoding="utf-8")
    for stem, meta in sources.items():
        mine = [c for c in claims if c["id"].startswith(stem[:3])]
        text = "\n".join(f"Claim {c['id']} says: {c['quote']}." for c in mine) + "\n"
        (root / "data" / "sources" / f"{stem}.txt").write_text(text, encoding="utf-8")
        metadata = {"title": f"Article {stem}", "language": "en", **meta}
        if metadata["published"] == "unknown":
            metadata.setdefault("inferred_date", "2024")
            metadata.setdefault("date_inference", "a test article")
        (root / "data" / "sources" / f"{stem}.yaml").write_text(yaml.safe_dump(metadata),
                                                                 encoding="utf-8")
        sheet = {"source": stem, "defaults": {"stated_by": meta["publisher"]},
                 "claims": [{"subject": "event/unrest", **c} for c in mine]}
        (root / "data" / "claims" / f"{stem}.yaml").write_text(
            yaml.safe_dump(sheet, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def claim(claim_id: str, prop: str, value: object = None, **fields: object) -> dict:
    """One claim row; the quote defaults to a unique sentence naming the figure."""
    row = {"id": claim_id, "quote": fields.pop("quote", f"{prop} is {value} ({claim_id})"),
           "property": prop}
    if value is not None:
        row["value" if "object" not in fields else "object"] = str(value)
    row.update(fields)
    return row


def findings(root: Path) -> set[str]:
    """Build the project at `root`; every finding as 'reason a b', conflicts and information."""
    project = open_project(root)
    build(project)
    report = find_conflicts(PlainEngine(open_store(project)), project.queries_dirs,
                            include_info=True)
    return {f"{c.reason} {c.claims[0].id} {c.claims[1].id}"
            for c in report.conflicts + report.info}
