"""The line a command shows on a terminal while it runs over 2 s (kg.cli.heartbeat)."""

from __future__ import annotations

import io
import time

from kg.cli.heartbeat import heartbeat, wipe


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_command_says_it_is_working_and_wipes_the_line() -> None:
    screen = Terminal()
    with heartbeat("checking", screen, after=0.2):
        time.sleep(1.5)
    shown = screen.getvalue()
    assert "\r\033[K… checking (" in shown and " s)" in shown
    assert shown.endswith("\r\033[K")  # nothing left on the line for the next output


def test_a_quick_command_says_nothing() -> None:
    screen = Terminal()
    with heartbeat("checking", screen, after=1.0):
        pass
    assert screen.getvalue() == ""


def test_nothing_is_written_where_nobody_watches() -> None:
    log = io.StringIO()  # a file or a pipe
    with heartbeat("checking", log, after=0.0):
        time.sleep(0.3)
    assert log.getvalue() == ""


def test_a_line_printed_meanwhile_starts_at_the_margin() -> None:
    screen = Terminal()
    with heartbeat("checking", screen, after=0.1):
        time.sleep(0.3)
        wipe(screen)  # what `say` does before each line
        screen.write("... stage two\n")
        time.sleep(0.1)
    assert "s)\r\033[K... stage two\n" in screen.getvalue()
