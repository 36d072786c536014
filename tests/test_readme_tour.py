"""README.md's tour is what the tool prints (tests/readme_tour.py makes it from a real run)."""

from __future__ import annotations

from . import readme_tour


def test_the_readme_tour_is_a_real_run() -> None:
    assert readme_tour.current() == readme_tour.tour(), (
        "README.md's tour differs from a run: .venv/bin/python -m tests.readme_tour --write, "
        "then review the diff")
