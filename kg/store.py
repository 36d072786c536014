"""The Oxigraph store beside the build file: what queries and conflicts run on.

It is rebuilt from the build file whenever it is missing or older, and replaced by renaming a
complete new store into place, so a reader never opens a half-loaded one.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, Problem
from kg.project import Project

STAMP = "built-from"


def write_store(project: Project) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".store.", dir=project.build_dir))
    try:
        store = ox.Store(str(staging / "db"))
        store.bulk_load(path=str(project.build_file), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        (staging / STAMP).write_text(str(project.build_file.stat().st_mtime_ns))
        old = project.build_dir / ".store.old"
        if project.store_dir.exists():
            shutil.rmtree(old, ignore_errors=True)
            project.store_dir.rename(old)
        staging.rename(project.store_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def open_store(project: Project) -> ox.Store:
    """The store of the last build, refreshed if the build file changed since it was loaded."""
    if not project.build_file.is_file():
        raise InputError([Problem(project.build_file, None, "no build yet: run 'kg build' first")])
    stamp = project.store_dir / STAMP
    fresh = stamp.is_file() and stamp.read_text() == str(project.build_file.stat().st_mtime_ns)
    if not fresh:
        write_store(project)
    return ox.Store.read_only(str(project.store_dir / "db"))
