"""A seeded generator of synthetic corpora in the project's own input format.

Shaped like the real corpus: about five claims per subject and property, roughly 10% of the
groups holding a conflicting figure, a mix of exact figures, bounds, ranges and loose wording,
fixed and tally properties, and entity-valued claims (courts). Used by the benchmarks.

    python bench/synthetic.py OUT_DIR CLAIMS [--seed N]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

CLAIMS_PER_GROUP = 5
CLAIMS_PER_ARTICLE = 100
CONFLICT_SHARE = 0.10


def _wording(rng: random.Random, value: int) -> tuple[str, bool]:
    """A wording compatible with `value`, and whether it is a spread."""
    choice = rng.random()
    if choice < 0.5:
        return str(value), False
    if choice < 0.65:
        return f"more than {max(0, value - rng.randint(1, 5))}", False
    if choice < 0.75:
        return f"about {value}", False
    if choice < 0.85:
        return f"between {max(0, value - 2)} and {value + 2}", False
    return f"at least {value}", False


def generate(root: Path, claims: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    groups = max(1, claims // CLAIMS_PER_GROUP)
    entities: dict[str, dict] = {"event": {}, "trial": {}, "court": {},
                                 "org": {"outlet": {"label": "Synthetic outlet",
                                                    "type": "media-outlet"}}}
    for court in range(max(2, groups // 50)):
        entities["court"][f"c{court}"] = {"label": f"Court {court}"}
    rows: list[dict] = []
    for group in range(groups):
        kind = rng.random()
        conflicting = rng.random() < CONFLICT_SHARE
        if kind < 0.2:
            entities["trial"][f"t{group}"] = {"label": f"Trial {group}"}
            court = rng.randrange(len(entities["court"]))
            for member in range(CLAIMS_PER_GROUP):
                other = conflicting and member == CLAIMS_PER_GROUP - 1
                target = (court + 1) % len(entities["court"]) if other else court
                rows.append({"subject": f"trial/t{group}", "property": "court",
                             "object": f"court/c{target}"})
            continue
        tally = kind < 0.6
        subject = f"event/e{group}" if tally else f"trial/t{group}"
        entities["event" if tally else "trial"][subject.split("/")[1]] = {
            "label": f"{'Event' if tally else 'Trial'} {group}"}
        value = rng.randint(10, 5000)
        for member in range(CLAIMS_PER_GROUP):
            if conflicting and member == CLAIMS_PER_GROUP - 1:
                wording = str(value * 3 + 17)
            else:
                wording, _ = _wording(rng, value)
            rows.append({"subject": subject,
                         "property": "deaths" if tally else "defendantsImprisoned",
                         "value": wording})
    rng.shuffle(rows)
    return _write(root, rows[:claims], entities, rng)


def _write(root: Path, rows: list[dict], entities: dict, rng: random.Random) -> Path:
    sources = root / "data" / "sources"
    sheets = root / "data" / "claims"
    sources.mkdir(parents=True, exist_ok=True)
    sheets.mkdir(parents=True, exist_ok=True)
    (root / "data" / "entities.yaml").write_text(yaml.safe_dump(entities), encoding="utf-8")
    if entities["event"]:  # the event named queries (timeline, about) default to
        (root / "kg.toml").write_text(f'[dataset]\nmain_event = "event/{min(entities["event"])}"\n',
                                      encoding="utf-8")
    for start in range(0, len(rows), CLAIMS_PER_ARTICLE):
        number = start // CLAIMS_PER_ARTICLE
        stem = f"{number:07d}_synthetic"
        claims, lines = [], []
        for index, row in enumerate(rows[start:start + CLAIMS_PER_ARTICLE]):
            claim_id = f"{number:07d}-{index:03d}"
            figure = row.get("value") or row["object"].split("/")[1]
            quote = f"report {claim_id} gives {figure}"
            lines.append(f"In this article, {quote}.")
            claims.append({"id": claim_id, "quote": quote, **row})
        (sources / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        day = 1 + rng.randrange(28)
        month = 1 + rng.randrange(12)
        meta = {"title": f"Synthetic article {number}", "language": "en",
                "publisher": "org/outlet", "published": f"2023-{month:02d}-{day:02d}"}
        (sources / f"{stem}.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
        sheet = {"source": stem, "defaults": {"stated_by": "org/outlet"}, "claims": claims}
        (sheets / f"{stem}.yaml").write_text(yaml.safe_dump(sheet, sort_keys=False),
                                             encoding="utf-8")
    return root


def corpora(scratch: Path, scales: str) -> list[tuple[str, Path]]:
    """The bundled corpus (linked, not copied) and a synthetic corpus per scale, for benches."""
    from kg.shipped import shipped

    bundled = scratch / "bundled"
    bundled.mkdir()
    (bundled / "data").symlink_to(shipped("data"))
    found = [("bundled", bundled)]
    for scale in (int(s) for s in scales.split(",") if s):
        found.append((f"synthetic {scale}", generate(scratch / str(scale), scale)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("claims", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.claims, args.seed)


if __name__ == "__main__":
    main()
