"""A new corpus as a user starts one: `kg init`, two organisations, one article and its sheet."""

from __future__ import annotations

from pathlib import Path

import yaml

ARTICLE = ("Floods hit the valley on Monday. At least 12 people were killed, officials said, "
           "while a local charity put the toll at 20. Officials later said 9 died.\n")
CLAIMS = [
    {"id": "001-01", "quote": "At least 12 people were killed", "subject": "event/valley-floods",
     "property": "deaths", "value": "at least 12", "stated_by": "org/officials"},
    {"id": "001-02", "quote": "put the toll at 20", "subject": "event/valley-floods",
     "property": "deaths", "value": "20", "stated_by": "org/charity"},
    {"id": "001-03", "quote": "Officials later said 9 died", "subject": "event/valley-floods",
     "property": "deaths", "value": "9", "stated_by": "org/officials"},
]


def floods_corpus(kg, root: Path, *init_options: str, claims: int = 3) -> Path:
    """`kg init root --event valley-floods [init_options]`, then the article and its first
    `claims` claims; not built."""
    made = kg("init", str(root), "--name", "Floods of 2024", "--event", "valley-floods",
              *init_options)
    assert made.exit_code == 0, made.stderr
    entities = root / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "# One commented example", "org:\n  officials:\n    label: Officials\n    type: "
        "government-body\n  charity:\n    label: A local charity\n    type: ngo\n\n"
        "# One commented example"), encoding="utf-8")
    sources = root / "data" / "sources"
    (sources / "001_valley.txt").write_text(ARTICLE, encoding="utf-8")
    (sources / "001_valley.yaml").write_text(yaml.safe_dump({
        "title": "Floods hit the valley", "publisher": None, "url": None,
        "published": "2024-05-06", "language": "en"}), encoding="utf-8")
    (root / "data" / "claims" / "001_valley.yaml").write_text(yaml.safe_dump(
        {"source": "001_valley", "claims": CLAIMS[:claims]}, sort_keys=False), encoding="utf-8")
    return root
