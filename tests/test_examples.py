"""Every example corpus under examples/ is complete: it builds, validates, has every figure of
its articles claimed or left out on purpose (`kg coverage` exits 0), and was curated by hand
with the bundled vocabulary (no `review:` line of a draft left, no ontology of its own). A new
example is checked here without a line of its own."""

from __future__ import annotations

import pytest

from .example_corpus import EXAMPLES, built_copy, example_names


@pytest.mark.parametrize("name", example_names())
def test_an_example_corpus_is_complete(name: str,
                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    kg = built_copy(tmp_path_factory, name)
    validated = kg("validate")
    assert validated.exit_code == 0, validated.stdout + validated.stderr
    covered = kg("coverage")
    assert covered.exit_code == 0, covered.stdout + covered.stderr
    assert not (EXAMPLES / name / "ontology").exists()
    for sheet in (EXAMPLES / name / "data" / "claims").glob("*.yaml"):
        assert "review:" not in sheet.read_text(encoding="utf-8"), sheet.name


def test_the_examples_are_found() -> None:
    assert {"karakalpakstan", "iran-november-2019", "kenya-finance-bill-2024"} <= set(
        example_names())
