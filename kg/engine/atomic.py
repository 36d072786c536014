"""Atomic writes: a killed process never leaves a truncated file that still parses, and what a
killed process leaves behind is removed by the next one.

A file is written to a temporary beside it, `.{name}.{pid}.{random}`, renamed over it when
complete; a staging directory (kg.engine.store) is named the same way. The process id in the
name is what lets a later run tell a dead process's leftovers from a live one's: kill -9 gives
a process no chance to remove its temporary (20 killed builds left about 21 MB each), so the
first temporary a process makes in a directory is preceded by a sweep of that directory for
temporaries whose process is gone (`remove_orphans`). A process still running, whoever's it
is, keeps its files; so does one whose id was taken again since, until that one ends. Process
ids are only compared within one machine and one PID namespace: two containers writing to one
shared directory would each take the other's temporaries for orphans.

Temporaries are created as open() creates a file, mode 0666 (0777 for a directory) less the
umask, so the file renamed into place has the mode a plain write would have given it (not
tempfile's 0600, which a web server running as another user cannot read). While a temporary
is open, SIGTERM and SIGHUP raise SystemExit (unless the program handles them itself), as
SIGINT raises KeyboardInterrupt, so the temporary is removed on every way out a process can
catch; only what it cannot (SIGKILL, a crash of the interpreter or of the machine) leaves one,
for the next sweep.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# `.{name}.{pid}.{random}`: the random part is 8 hex digits (temporary_name)
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[1-9][0-9]{0,9})\.[0-9a-f]{8}")
_CAUGHT = (signal.SIGTERM, signal.SIGHUP)
_swept: set[Path] = set()  # directories this process (or the one it forked from) swept


@contextmanager
def replacing(path: Path, mode: str, durable: bool = True) -> Iterator[IO]:
    """A temporary file beside `path` that replaces it only if the block completes; `durable`
    also waits until the bytes are on disk (a crash of the machine, not only of the process)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_orphans(path.parent)
    with _signals_raising():
        handle, temporary = _create_file(path.parent, path.name)
        try:
            text = {"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {}
            with os.fdopen(handle, mode, **text) as out:
                yield out
                out.flush()
                if durable:
                    os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    with replacing(path, "wb", durable) as out:
        out.write(data)


def temporary_name(name: str) -> str:
    """`.{name}.{pid}.{random}`: hidden, named after what it becomes and the process making it."""
    return f".{name}.{os.getpid()}.{secrets.token_hex(4)}"


def make_directory(parent: Path, name: str) -> Path:
    """A new staging directory `parent/.{name}.{pid}.{random}`, mode 0777 less the umask."""
    for _ in range(100):
        directory = parent / temporary_name(name)
        try:
            directory.mkdir(0o777)
            return directory
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name} in {parent}")


def orphans(directory: Path, name: str | None = None) -> list[Path]:
    """The temporaries in `directory` (of `name` only, if given) whose process has ended."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process elsewhere
        return []
    try:
        entries = [entry.name for entry in os.scandir(directory) if entry.name[:1] == "."]
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for entry in sorted(entries):
        match = _TEMPORARY.fullmatch(entry)
        if match and (name is None or match["name"] == name) and _gone(int(match["pid"])):
            found.append(directory / entry)
    return found


def remove_orphans(directory: Path) -> None:
    """Remove the temporary files that ended processes left in `directory`, once per process
    and directory (a cache directory holds thousands of files and gets thousands of writes).
    Only regular files: a staging directory is its owner's to remove (kg.engine.store)."""
    key = directory.resolve()
    if key in _swept:
        return
    for path in orphans(directory):
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
    _swept.add(key)


def _gone(pid: int) -> bool:
    """Whether no process has this id (a process of another user is still running)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


def _create_file(directory: Path, name: str) -> tuple[int, Path]:
    """A new temporary for `name`, opened as open() opens a new file: mode 0666 less the
    umask (and a default ACL of the directory, if any)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = directory / temporary_name(name)
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name} in {directory}")


@contextmanager
def _signals_raising() -> Iterator[None]:
    """SIGTERM and SIGHUP raise SystemExit(128 + signal) in the block, so the temporary is
    removed on the way out; only in the main thread (the one Python runs handlers in) and only
    for a signal the program left at its default. A worker forked in the block dies of the
    signal as before."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def stop(signum: int, _frame: object) -> None:
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, stop) for s in _CAUGHT if signal.getsignal(s) == signal.SIG_DFL}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
