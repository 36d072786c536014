"""The Oxigraph store beside the build file: what queries and conflicts run on.

A build updates it in place with only the chunks that changed (kg.build.run): the triples of an
edited article are removed and added in one SPARQL Update, a transaction, so a rebuild after
one edit costs that article, not the corpus. When much changed, or the store does not match the
last build, it is bulk-loaded from the build file into a new directory that is renamed into
place, so a reader never opens a half-loaded store. The bulk load is followed by a compaction
(`optimize`): at 100k claims the loader leaves overlapping files that every lookup through a
read-only handle reads, and the `claims` query took 27 s on the store as loaded against 17 s
compacted, for 2.6 s of compaction; it costs nothing at 10k claims and about 2 s at a million
(bench/compaction.py). `built-from` records the build file it holds; a store that does not
match is rebuilt on open.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, Problem
from kg.project import Project

STAMP = "built-from"
CHUNKS = "chunks.json"
RELOAD_SHARE = 0.2  # above this share of triples changed, a bulk load is faster than updates


def write_store(project: Project) -> None:
    """Bulk-load the whole build file into a new store, renamed into place when complete."""
    staging = Path(tempfile.mkdtemp(prefix=".store.", dir=project.build_dir))
    try:
        store = ox.Store(str(staging / "db"))
        store.bulk_load(path=str(project.build_file), format=ox.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        del store
        _mark(staging, project)
        old = project.build_dir / ".store.old"
        if project.store_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
            project.store_dir.rename(old)
        staging.rename(project.store_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def update_store(project: Project) -> None:
    """Bring the store to the build's manifest (build/chunks.json): in place when it holds
    the previous build's chunks and little changed, else by a bulk load."""
    held, wanted = _chunks(project.store_dir / CHUNKS), _chunks(project.build_dir / CHUNKS)
    if held is None or wanted is None or not (project.store_dir / STAMP).is_file():
        write_store(project)
        return
    gone = [h for g, h in held.items() if wanted.get(g, {}).get("key") != h["key"]]
    new = [w for g, w in wanted.items() if held.get(g, {}).get("key") != w["key"]]
    changed = sum(c["triples"] for c in gone + new)
    total = max(1, sum(w["triples"] for w in wanted.values()))
    paths = [project.build_dir / c["path"] for c in gone + new]
    if changed > RELOAD_SHARE * total or not all(p.is_file() for p in paths):
        write_store(project)
        return
    removed = {line for c in gone for line in _lines(project.build_dir / c["path"])}
    added = {line for c in new for line in _lines(project.build_dir / c["path"])}
    removed, added = removed - added, added - removed
    (project.store_dir / STAMP).unlink()  # stale until the update completes
    store = ox.Store(str(project.store_dir / "db"))
    store.update(f"DELETE DATA {{\n{chr(10).join(sorted(removed))}\n}} ;\n"
                 f"INSERT DATA {{\n{chr(10).join(sorted(added))}\n}}")
    store.flush()
    del store
    _mark(project.store_dir, project)


def open_store(project: Project) -> ox.Store:
    """The store of the last build, rebuilt if it does not hold the current build file."""
    if not project.build_file.is_file():
        raise InputError([Problem(project.build_file, None, "no build yet: run 'kg build' first")])
    stamp = project.store_dir / STAMP
    if not (stamp.is_file() and stamp.read_text() == _stamp(project)):
        write_store(project)
    return reopen_store(project)


def reopen_store(project: Project) -> ox.Store:
    """Another read-only handle on the store, as it is: for a worker process, which must not
    use its parent's handle (RocksDB's state does not survive a fork)."""
    return ox.Store.read_only(str(project.store_dir / "db"))


def _stamp(project: Project) -> str:
    return str(project.build_file.stat().st_mtime_ns)


def _mark(directory: Path, project: Project) -> None:
    """Record what the store holds: the build file's time and its chunks."""
    manifest = project.build_dir / CHUNKS
    if manifest.is_file():
        shutil.copyfile(manifest, directory / CHUNKS)
    else:
        (directory / CHUNKS).unlink(missing_ok=True)
    (directory / STAMP).write_text(_stamp(project))


def read_manifest(path: Path) -> list[dict] | None:
    """A manifest's chunks in order (build/chunks.json, or the store's copy of the one it
    holds), or None when it is missing or unreadable."""
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["chunks"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _chunks(path: Path) -> dict[str, dict] | None:
    chunks = read_manifest(path)
    return None if chunks is None else {c["graph"]: c for c in chunks}


def _lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [line.rstrip("\n") for line in lines]
