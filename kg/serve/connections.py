"""uvicorn's HTTP/1.1 protocol with the connection limits a public endpoint needs.

uvicorn keeps a connection that never sends a request open for ever, and has no cap on open
connections: 1,010 idle connections from one client took every file descriptor under the
common limit of 1,024, locked out every other client, and wrote a traceback per refused accept
(issue 22). Here:

- a connection must deliver a complete request head within `head_timeout` seconds of opening,
  or of its previous response, whatever trickle of bytes it sends (uvicorn's own keep-alive
  timer restarts on every byte); a request body must arrive within the same time (kg.serve.app);
- at most `max_connections` are open: a new one past the limit first closes the connection that
  has been idle longest (open, no request in progress), so clients that hold connections idle
  cannot lock out those that query; when none is idle, the new one is refused;
- refusals and accept errors are logged as one line per ten seconds, with a count.
"""

from __future__ import annotations

import logging
import resource
import time
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

LOG_EVERY = 10.0  # seconds between two log lines about refused connections
RESERVED_FILES = 64  # descriptors kept for the server itself: workers' pipes, files, logs


def default_max_connections() -> int:
    """Below the process's open-file limit, with room for the server's own files."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(8, min(soft, 1 << 16) - RESERVED_FILES)


class _Counted:
    """A count of events logged at most once per LOG_EVERY seconds."""

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self.logger, self.what = logger, what
        self.count, self.last = 0, 0.0

    def add(self) -> None:
        self.count += 1
        now = time.monotonic()
        if now - self.last >= LOG_EVERY:
            self.logger.warning("%s (%d since the last report)", self.what, self.count)
            self.count, self.last = 0, now


def protocol(max_connections: int, head_timeout: float) -> type[H11Protocol]:
    """The protocol class for uvicorn.Config(http=...), with these limits."""
    refused = _Counted(logging.getLogger("uvicorn.error"),
                       f"refused connections: all {max_connections} in use and none idle")

    class Limited(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._deadline: Any = None
            self._idle_since = time.monotonic()

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections and not _close_longest_idle(self):
                refused.add()
                self.connections.discard(self)
                transport.abort()
                return
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._idle_since = time.monotonic()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

        def idle(self) -> bool:
            """Open with no request in progress: nothing is lost by closing it."""
            return self.cycle is None or self.cycle.response_complete

        def _arm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._deadline = self.loop.call_later(head_timeout, self._head_overdue)

        def _head_overdue(self) -> None:
            """No complete request head in time: close, unless a request is being answered."""
            self._deadline = None
            if self.idle() and not self.transport.is_closing():
                self.transport.close()

    def _close_longest_idle(newcomer: Limited) -> bool:
        idle = [c for c in newcomer.connections
                if isinstance(c, Limited) and c is not newcomer and c.idle()
                and not c.transport.is_closing()]
        if not idle:
            return False
        min(idle, key=lambda c: c._idle_since).transport.close()
        return True

    return Limited


class QuietAccept(logging.Filter):
    """asyncio logs a traceback for every failed accept (EMFILE): one line per LOG_EVERY
    seconds, with a count, instead."""

    def __init__(self) -> None:
        super().__init__()
        self._counted = _Counted(logging.getLogger("kg.serve"),
                                 "socket.accept() failed: out of file descriptors")

    def filter(self, record: logging.LogRecord) -> bool:
        if "socket.accept() out of system resource" in record.getMessage():
            self._counted.add()
            return False
        return True
