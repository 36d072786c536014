"""Bad input: exit code 2, a message naming file, line and what to fix, and no build touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import TEST_DATA

SHEET = Path("data/claims/100_mini.yaml")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drifted: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_problem_of_the_broken_corpus_is_reported_at_once(kg, tmp_path: Path) -> None:
    project = tmp_path / "broken"
    shutil.copytree(TEST_DATA / "broken", project)
    result = kg("build", "-p", str(project))
    assert result.exit_code == 2
    errors = result.stderr
    sheet = str(project / SHEET)
    assert f"{sheet}:7: claim 100-01: quote not found in 100_mini.txt (nearest match at line 1:" \
        in errors
    assert f"{sheet}:13: claim 100-02: unknown entity 'event/unknown-thing'" in errors
    assert f"{sheet}:20: claim 100-03: unknown property 'deathToll'" in errors
    assert f"{sheet}:26: claim 100-04: cannot read 'ovr 1,400'" in errors
    assert f"{sheet}:31: claim 100-05: " in errors and "above upper bound" in errors
    assert "duplicate claim id '100-05'" in errors
    assert "6 problems found; nothing was written." in errors
    assert not (project / "build").exists()


CASES = {
    "quote not in article": (SHEET, '"238 people died during the unrest"',
                             '"238 persons died in the unrest"',
                             "quote not found in 100_mini.txt (nearest match at line 1: "),
    "unknown entity": (SHEET, "subject: trial/almaty-trial\n    property: court",
                       "subject: trial/nowhere\n    property: court",
                       "unknown entity 'trial/nowhere': add it to data/entities.yaml"),
    "unknown property": (SHEET, "property: peopleConvicted", "property: convicted",
                         "unknown property 'convicted'; the ontology declares:"),
    "figure does not parse": (SHEET, "value: nearly 1,400", "value: ovr 1,400",
                              "cannot read 'ovr 1,400'"),
    "lower above upper": (SHEET, "value: four to six years", "value: six to four years",
                          "above upper bound"),
    "duplicate claim id": (SHEET, "id: 100-02", "id: 100-01", "duplicate claim id '100-01'"),
    "YAML syntax error": (SHEET, "    quote: \"on 18 March 2024\"", "    quote: \"on 18 March",
                          "YAML syntax error"),
    "ambiguous quote": (SHEET, '"including 19 law enforcement officers"', '"the"',
                        "add 'occurrence: N'"),
    "unknown field": (SHEET, "    spread: true", "    sprad: true", "unknown field 'sprad'"),
    "money without currency": (SHEET, "property: peopleConvicted",
                               "property: compensationAwarded", "needs a unit (a currency)"),
    "metadata without date": (Path("data/sources/100_mini.yaml"), "published: 2024-03-20",
                              "published: unknown", "give inferred_date and date_inference"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exits_2_without_touching_the_build(kg, mini: Path, case: str) -> None:
    path, old, new, message = CASES[case]
    assert kg("build", "-p", str(mini)).exit_code == 0
    build_file = mini / "build" / "kg.nt"
    before = (build_file.read_bytes(), build_file.stat().st_mtime_ns)
    replace_in(mini / path, old, new)
    result = kg("build", "-p", str(mini))
    assert result.exit_code == 2, result.output
    assert str(mini / path) in result.stderr
    assert message in result.stderr
    assert (build_file.read_bytes(), build_file.stat().st_mtime_ns) == before


def test_words_for_numbers_parse(kg, mini: Path) -> None:
    # the same figure as the quote's '1,400', in words (a value must be its quote's figure)
    replace_in(mini / SHEET, "value: nearly 1,400", "value: nearly one thousand four hundred")
    assert kg("build", "-p", str(mini)).exit_code == 0


def test_missing_article_is_named(kg, mini: Path) -> None:
    (mini / "data/sources/100_mini.txt").unlink()
    result = kg("build", "-p", str(mini))
    assert result.exit_code == 2
    assert "100_mini.txt is missing" in result.stderr
    assert "source '100_mini' has no article" in result.stderr


def test_non_utf8_article_is_named_with_its_line(kg, mini: Path) -> None:
    article = mini / "data/sources/100_mini.txt"
    article.write_bytes(article.read_bytes().replace(b"Rights", "R\u00e9ghts".encode("latin-1")))
    result = kg("build", "-p", str(mini))
    assert result.exit_code == 2
    assert f"{article}:2: not UTF-8" in result.stderr
    assert "1 problem found" in result.stderr


def test_directory_without_data_is_not_a_project(kg, tmp_path: Path) -> None:
    result = kg("build", "-p", str(tmp_path))
    assert result.exit_code == 2
    assert "not a Qantar KG project" in result.stderr


def test_verbose_shows_the_traceback(kg, mini: Path) -> None:
    replace_in(mini / SHEET, "property: peopleConvicted", "property: convicted")
    quiet = kg("build", "-p", str(mini))
    loud = kg("build", "-p", str(mini), "--verbose")
    assert "Traceback" not in quiet.stderr
    assert "Traceback" in loud.stderr


def test_a_bad_property_hides_none_of_the_claims_other_problems(kg, mini: Path) -> None:
    text = (mini / SHEET).read_text(encoding="utf-8")
    text = text.replace('quote: "238 people died during the unrest"',
                        'quote: "238 people perished during the unrest"', 1)
    text = text.replace("subject: event/unrest\n    property: deaths",
                        "subject: event/unres\n    property: death", 1)
    (mini / SHEET).write_text(text, encoding="utf-8")
    result = kg("build", "-p", str(mini))
    assert result.exit_code == 2
    assert "unknown property 'death'; did you mean 'deaths'?" in result.stderr
    assert "unknown entity 'event/unres': did you mean 'event/unrest'?" in result.stderr
    assert "quote not found" in result.stderr
    assert "3 problems found" in result.stderr
