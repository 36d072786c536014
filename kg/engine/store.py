"""The Oxigraph store beside the build file: what queries and conflicts run on.

A build updates it in place with only the chunks that changed (kg.build.run): the triples of an
edited article are removed and added in one SPARQL Update, a transaction, so a rebuild after
one edit costs that article, not the corpus. When much changed, or the store does not match the
last build, it is bulk-loaded from the build file into a new directory that is renamed into
place, so a reader never opens a half-loaded store. The bulk load is followed by a compaction
(`optimize`): at 100k claims the loader leaves overlapping files that every lookup through a
read-only handle reads, and the `claims` query took 27 s on the store as loaded against 17 s
compacted, for 2.6 s of compaction; it costs nothing at 10k claims and about 2 s at a million
(bench/compaction.py). `built-from` records the build file it holds (a digest of its content);
a store that does not match is rebuilt on open.

The new directory is `build/.store.{pid}.{random}` (kg.engine.atomic), and the store it
replaces is parked under such a name until removed, so a build killed with SIGKILL leaves only
names a later build recognises: each store update first removes the staging directories of
processes that have ended (a live process's, another build's running beside this one, are
kept), with the temporary files they left beside the build file.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.engine.atomic import make_directory, orphans, remove_orphans, temporary_name
from kg.engine.chunks import CHUNKS, Chunk, read_chunks
from kg.engine.tuning import RELOAD_SHARE
from kg.errors import InputError, Problem
from kg.project import Project

STAMP = "built-from"
STAGING = "store"  # staging directories are build/.store.{pid}.{random}


def write_store(project: Project) -> None:
    """Bulk-load the whole build file into a new store, renamed into place when complete."""
    remove_leftovers(project)
    staging = make_directory(project.build_dir, STAGING)
    try:
        store = ox.Store(str(staging / "db"))
        store.bulk_load(path=str(project.build_file), format=ox.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        del store
        _mark(staging, project)
        parked = project.build_dir / temporary_name(STAGING)
        if project.store_dir.exists():
            project.store_dir.rename(parked)
        staging.rename(project.store_dir)
        shutil.rmtree(parked, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def remove_leftovers(project: Project) -> None:
    """Remove what killed processes left in the build directory: staging directories and
    parked stores (`.store.{pid}.{random}`), temporary files (`.kg.nt.{pid}.{random}`), and
    `.store.old`, the fixed name earlier versions parked the old store under."""
    for path in orphans(project.build_dir, STAGING):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
    remove_orphans(project.build_dir)
    legacy = project.build_dir / ".store.old"
    if legacy.is_dir() and not legacy.is_symlink():
        shutil.rmtree(legacy, ignore_errors=True)


def update_store(project: Project) -> None:
    """Bring the store to the build's manifest (build/chunks.json): in place when it holds
    the previous build's chunks and little changed, else by a bulk load."""
    remove_leftovers(project)
    held = _chunks(project.store_dir / CHUNKS, project)
    wanted = _chunks(project.build_dir / CHUNKS, project)
    if held is None or wanted is None or not (project.store_dir / STAMP).is_file():
        write_store(project)
        return
    gone = [h for g, h in held.items() if g not in wanted or wanted[g].key != h.key]
    new = [w for g, w in wanted.items() if g not in held or held[g].key != w.key]
    changed = sum(c.triples for c in gone + new)
    total = max(1, sum(w.triples for w in wanted.values()))
    paths = [c.path for c in gone + new]
    if changed > RELOAD_SHARE * total or not all(p.is_file() for p in paths):
        write_store(project)
        return
    removed = {line for c in gone for line in _lines(c.path)}
    added = {line for c in new for line in _lines(c.path)}
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
    """What identifies a build file's content, cheaply: the digest of its chunk list (whose
    keys fingerprint every chunk's inputs and code) and its size; a build without a chunk list
    is hashed whole. Not its modification time, so two identical builds leave identical
    stamps, and a copied project's store still matches its build."""
    manifest = project.build_dir / CHUNKS
    digest = hashlib.sha256()
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    else:
        with project.build_file.open("rb") as build_file:
            for block in iter(lambda: build_file.read(1 << 20), b""):
                digest.update(block)
    return f"{digest.hexdigest()} {project.build_file.stat().st_size}\n"


def _mark(directory: Path, project: Project) -> None:
    """Record what the store holds: its build file's stamp and its chunks."""
    manifest = project.build_dir / CHUNKS
    if manifest.is_file():
        shutil.copyfile(manifest, directory / CHUNKS)
    else:
        (directory / CHUNKS).unlink(missing_ok=True)
    (directory / STAMP).write_text(_stamp(project))


def _chunks(listing: Path, project: Project) -> dict[str, Chunk] | None:
    chunks = read_chunks(listing, project.build_dir)
    return None if chunks is None else {c.graph: c for c in chunks}


def _lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [line.rstrip("\n") for line in lines]
