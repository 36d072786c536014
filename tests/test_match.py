"""The entity matcher (kg.curate.match): transliteration variants fold to one key, spelling
variants rank the entity meant first, names are found in running text, "did you mean" for an
unknown ref, and `kg entities suggest` as a curator runs it."""

from __future__ import annotations

import pytest

from kg.corpus.entities import load_entities
from kg.curate.match import EntityMatcher, did_you_mean, fold, jaro_winkler

from .conftest import REPO

ENTITIES, _ = load_entities(REPO / "data" / "entities.yaml")


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    return EntityMatcher(ENTITIES)


@pytest.mark.parametrize("one, other", [
    ("Tokayev", "Toqaev"), ("Tokayev", "Токаев"), ("Tokaev", "Тоқаев"),
    ("Tajimuratov", "Tazhimuratov"), ("Kassym-Jomart", "Qasym-Zhomart"),
    ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"), ("Nazarbayev", "Назарбаев"),
    ("Ruzakhunov", "Ruzahunov"), ("Shormanbayeva", "Shormanbaeva"), ("Dzhumabaev", "Jumabayev"),
    ("Karakalpakstan", "Каракалпакстан"), ("Nukus", "Нукус"), ("Dmitriy", "Dmitri"),
    ("Yerlan", "Erlan"), ("Khodjaev", "Xojaev"),
])
def test_transliteration_variants_fold_to_one_key(one: str, other: str) -> None:
    assert fold(one) == fold(other)


@pytest.mark.parametrize("one, other", [("Tokayev", "Nazarbayev"), ("Almaty", "Aktobe"),
                                        ("Rittmann", "Ruzakhunov")])
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert fold(one) != fold(other)


def test_jaro_winkler() -> None:
    assert jaro_winkler("turpanov", "turpanov") == 1.0
    assert jaro_winkler("", "x") == 0.0
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.961, abs=0.001)  # Winkler's own
    assert jaro_winkler("turpanov", "turpanbaev") == jaro_winkler("turpanbaev", "turpanov")


@pytest.mark.parametrize("name, meant", [
    ("Toqaev", "person/kassym-jomart-tokayev"), ("Токаев", "person/kassym-jomart-tokayev"),
    ("Qasym-Zhomart Tokaev", "person/kassym-jomart-tokayev"),
    ("Turpanbaev", "person/serik-turpanbayev"), ("Serik Turpanov", "person/serik-turpanbayev"),
    ("Rittman", "person/mihra-rittmann"), ("Kudaybergenov", "person/kazybek-kudaibergenov"),
    ("Human Rights Wach", "org/human-rights-watch"), ("HRW", "org/human-rights-watch"),
    ("Taldykorgan City Court", "court/taldykorgan-court"), ("Талдыкорган", "place/taldykorgan"),
    ("Koshambet", "place/koshmambet"),
])
def test_the_entity_meant_ranks_first(matcher: EntityMatcher, name: str, meant: str) -> None:
    found = matcher.suggest(name)
    assert found and found[0].ref == meant, found
    assert all(a.score >= b.score for a, b in zip(found, found[1:], strict=False))


def test_an_exact_name_outranks_a_spelling_variant(matcher: EntityMatcher) -> None:
    exact = matcher.suggest("Nursultan Nazarbayev", kinds=["person"])
    assert exact[0].ref == "person/nursultan-nazarbayev" and exact[0].score == 1.0
    near = matcher.suggest("Nursultan Nazarbaiev", kinds=["person"])
    assert near[0].ref == "person/nursultan-nazarbayev" and near[0].score < 1.0
    # one sharing only the first name ranks below
    others = {s.ref: s.score for s in near}
    assert others.get("person/nursultan-isaev", 0.0) < near[0].score


def test_kinds_limit_and_floor(matcher: EntityMatcher) -> None:
    assert {s.ref.split("/")[0] for s in matcher.suggest("Almaty", kinds=["place"])} == {"place"}
    assert len(matcher.suggest("Almaty", limit=1)) == 1
    assert matcher.suggest("Zzyzx Qwerty") == []


def test_names_are_found_in_running_text(matcher: EntityMatcher) -> None:
    text = "President Qasym-Zhomart Toqaev said Astana, not Toqaev's critics, was right."
    hits = [(h.words, h.ref) for h in matcher.names_in(text)]
    assert ("Qasym-Zhomart Toqaev", "person/kassym-jomart-tokayev") in hits
    assert ("Toqaev", "person/kassym-jomart-tokayev") in hits  # before "'s"
    assert {r for w, r in hits if w == "Astana"} == {"place/astana", "org/kazakh-officials"}
    start = text.index("Qasym")
    assert [h.start for h in matcher.names_in(text)][0] == start


def test_a_surname_spelt_another_way_is_found_in_text(matcher: EntityMatcher) -> None:
    hits = matcher.names_in("The court heard Shormanbaieva, the victims' lawyer.")
    assert [(h.ref, h.score < 1.0) for h in hits] == [("person/aina-shormanbayeva", True)]


def test_did_you_mean() -> None:
    assert did_you_mean("person/serik-turpanov", ENTITIES) == \
        "; did you mean person/serik-turpanbayev (Serik Turpanbayev)?"
    assert "person/kassym-jomart-tokayev" in did_you_mean("person/toqaev", ENTITIES)
    assert did_you_mean("org/zzyzx", ENTITIES) == ""


def test_kg_entities_suggest(kg, bundled) -> None:
    found = kg("entities", "suggest", "Toqaev", "-p", str(bundled))
    assert found.exit_code == 0
    lines = found.stdout.splitlines()
    assert lines[0].split() == ["score", "entity", "label", "matched"]
    assert lines[2].split()[:2] == ["1.00", "person/kassym-jomart-tokayev"]
    nothing = kg("entities", "suggest", "Zzyzx Qwerty", "-p", str(bundled))
    assert nothing.exit_code == 1 and "no entity's name is near 'Zzyzx Qwerty'" in nothing.stderr
    bad = kg("entities", "suggest", "Toqaev", "--kind", "planet", "-p", str(bundled))
    assert bad.exit_code == 2 and "--kind planet: expected one of event, trial" in bad.stderr
