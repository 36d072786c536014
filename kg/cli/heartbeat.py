"""A line on a terminal's standard error saying a command is still at work (issue 19: every
command that runs over 2 s says so), updated in place each second and wiped when it ends.

Commands with stages of their own (`kg build`, `kg validate`, `kg conflicts`) also print a
progress line per stage; those go through `say`, which wipes the heartbeat's line first, so
the two never print over each other. Nothing is written when standard error is not a
terminal: a log or a pipe gets the command's own lines only.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

QUIET_SECONDS = 2.0  # a command done within this says nothing
_lock = threading.Lock()
_shown = [False]  # whether the heartbeat's line is on the terminal now


def wipe(stream: TextIO) -> None:
    """Clear the heartbeat's line, if shown, so the next line starts at the margin."""
    with _lock:
        if _shown[0]:
            stream.write("\r\033[K")
            stream.flush()
            _shown[0] = False


@contextmanager
def heartbeat(what: str, stream: TextIO | None = None,
              after: float = QUIET_SECONDS) -> Iterator[None]:
    """While the block runs longer than `after` seconds, show "… what (N s)" on `stream`
    (standard error) when it is a terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield
        return
    done = threading.Event()
    began = time.monotonic()

    def beat() -> None:
        if done.wait(after):
            return
        while True:
            with _lock:
                if done.is_set():
                    return
                stream.write(f"\r\033[K… {what} ({time.monotonic() - began:.0f} s)")
                stream.flush()
                _shown[0] = True
            if done.wait(1.0):
                return

    thread = threading.Thread(target=beat, daemon=True, name="kg-heartbeat")
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        wipe(stream)
