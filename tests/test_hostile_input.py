"""A build can never be destroyed by its input (issue 22 item 5, issue 19).

Each hostile case of tests/hostile_cases.py runs `kg build` in a subprocess on a built copy of
the bundled corpus: exit 2 within the time limit, a message naming the file (and line), no
traceback, and every file under build/ byte-identical to before. Then hypothesis feeds
arbitrary identifiers, text field values and figures to the loaders themselves (the build's own
readers, so what passes them is what the build compiles): each is either accepted, and its
compiled N-Triples parse in Oxigraph, or refused with problems that each name the file and line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kg.build.compile import entity_lines, source_lines
from kg.corpus.entities import load_entities
from kg.corpus.figures import missing_from
from kg.corpus.load import load_context
from kg.corpus.sheets import load_sheet
from kg.corpus.sources import load_sources
from kg.engine.rdfinput import ntriples_problem
from kg.errors import Problem
from kg.namespaces import DEFAULT_IDS
from kg.project import open_project

from .conftest import copy_bundled
from .hostile_cases import ARTICLE, CASES, META, Case, digest_tree

TIMEOUT = 10  # seconds a hostile build may take before it counts as a hang
STEM = "004_ae2c329ed266d90a"
QUOTE = "238 people, including 19 law enforcement officers, died"
MANY = settings(max_examples=500, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_exits_2_and_keeps_the_build(built_bundled: Path, tmp_path: Path,
                                                   case: Case) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(built_bundled, root, symlinks=True)
    before = digest_tree(root / "build")
    case.edit(root)
    done = subprocess.run([sys.executable, "-m", "kg", "build", "-p", str(root)],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    where = f"{root / case.path}:" if case.line else f"{root / case.path}: "
    located = [line for line in done.stderr.splitlines() if where in line]
    assert located, done.stderr
    if case.line:
        assert any(line.split(where, 1)[1][:1].isdigit() for line in located), done.stderr
    assert case.message in done.stderr
    assert "nothing was written" in done.stderr
    assert digest_tree(root / "build") == before


def test_a_value_note_lets_a_value_differ_from_its_quote(bundled: Path, kg) -> None:
    sheet = bundled / "data/claims" / f"{STEM}.yaml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace('value: "238"', 'value: "239"\n    value_note: "A test."'),
                     encoding="utf-8")
    assert kg("build", "-p", str(bundled)).exit_code == 0
    nt = (bundled / "build/kg.nt").read_text(encoding="utf-8")
    assert '"A test."@en' in nt


# --- the loaders, on arbitrary input -------------------------------------------------------

class Corpus(tuple):
    """(root, context): a copy of the bundled corpus to write into, and what its sheets are
    checked against; shown by its root alone in hypothesis's reports."""

    def __repr__(self) -> str:
        return f"Corpus({self[0]})"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = copy_bundled(tmp_path_factory.mktemp("hostile"))
    context, problems = load_context(open_project(root))
    assert problems == []
    return Corpus((root, context))


def _located(problems: list[Problem], path: Path, line: bool = True) -> None:
    assert problems
    event("refused")
    for problem in problems:
        assert problem.path == path, problem
        assert not line or (isinstance(problem.line, int) and problem.line >= 1), problem


def _parses(lines: list[str]) -> None:
    event("accepted")
    assert ntriples_problem("".join(f"{line}\n" for line in lines).encode()) is None


class _Plain(yaml.SafeDumper):
    """Writes a value used twice out twice, not as an anchor and alias (which are refused)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(document: object) -> str:
    return yaml.dump(document, Dumper=_Plain, allow_unicode=True)


def _sheet(root: Path, claim: dict, raw: str | None = None) -> Path:
    path = root / "data/claims" / f"{STEM}.yaml"
    text = _dump({"source": STEM, "claims": [claim]})
    if raw is not None:
        text = text.replace("RAW", raw, 1)
    path.write_text(text, encoding="utf-8")
    return path


def _claim(**fields: object) -> dict:
    return {"id": "004-90", "quote": QUOTE, "subject": "event/bloody-january",
            "property": "deaths", "value": "238", "stated_by": "org/kazakh-officials", **fields}


def _check_sheet(corpus: Corpus, path: Path) -> list:
    root, context = corpus
    claims, problems = load_sheet(path, context, [])
    if problems:
        _located(problems, path)
        return []
    _parses(source_lines(context.sources[STEM], claims, context.ontology, DEFAULT_IDS))
    return claims


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)


names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
near_names = st.builds(lambda a, c, b: a + c + b, names, st.characters(), names)
any_names = st.one_of(names, near_names, st.text(), values)


@MANY
@given(any_names)
def test_any_claim_id_is_accepted_as_an_iri_or_refused_with_its_line(corpus, claim_id) -> None:
    _check_sheet(corpus, _sheet(corpus[0], _claim(id=claim_id)))


@MANY
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_raw_yaml_id_is_accepted_or_refused_with_its_line(corpus, raw: str) -> None:
    """The text as typed after `id: `, not quoted by a YAML writer: syntax errors too."""
    _check_sheet(corpus, _sheet(corpus[0], _claim(id="RAW"), raw=raw.replace("\n", " ")))


@MANY
@given(st.one_of(scalars, values))
def test_any_text_field_value_is_published_as_text_or_refused(corpus, value) -> None:
    claims = _check_sheet(corpus, _sheet(corpus[0], _claim(note=value, as_of_note=value)))
    for claim in claims:
        assert claim.note is None or isinstance(claim.note, str)
        assert not (claim.note or "").startswith(("[", "{")) or isinstance(value, str)


figure_words = st.sampled_from(
    ["238", "239", "19", "1,400", "0", "07", "1.5", "more", "than", "over", "about", "nearly",
     "from", "to", "between", "and", "hundreds", "dozens", "a", "one", "three", "twenty", "-",
     "million", "years", "months", "$", "tenge", "people", "higher", "004-08", "9" * 20])


quoted_figures = st.builds(
    "{} {}".format, st.sampled_from(["", "more than", "over", "about", "nearly", "at least",
                                     "up to", "from 19 to", "between 19 and"]),
    st.sampled_from(["19", "238", "nineteen", "two hundred thirty-eight", "239", "20"]))


@MANY
@given(st.one_of(st.lists(figure_words, min_size=1, max_size=5).map(" ".join),
                 quoted_figures, st.integers(), st.text(max_size=20)))
def test_any_figure_is_in_its_quote_or_refused(corpus, value) -> None:
    for claim in _check_sheet(corpus, _sheet(corpus[0], _claim(value=value))):
        if claim.higher_than is None:
            assert missing_from(claim.figure.wording, QUOTE) == []


@MANY
@given(any_names)
def test_any_slug_label_or_alias_is_accepted_or_refused(corpus, value) -> None:
    root, context = corpus
    path = root / "scratch-entities.yaml"
    slug = value if isinstance(value, (str, int)) and value not in ("", None) else "ok"
    document = {"event": {slug: {"label": value, "aliases": [value], "note": value}}}
    path.write_text(_dump(document), encoding="utf-8")
    entities, problems = load_entities(path)
    if problems:
        _located(problems, path)
        return
    for entity in entities.values():
        assert isinstance(entity.label, str) and isinstance(entity.note, (str, type(None)))
    _parses(entity_lines(entities, open_project(root).settings))


file_names = st.text(alphabet=st.characters(blacklist_characters="/\0",
                                            blacklist_categories=("Cs",)),
                     min_size=1, max_size=40).filter(lambda s: s not in (".", ".."))


urls = st.one_of(st.none(), st.text(max_size=40),
                st.text(max_size=20).map("https://example.org/".__add__),
                st.from_regex(r"https?://[a-z]{1,8}(\.[a-z]{2,3})?(:[0-9]{1,5})?/[!-~]{0,20}",
                              fullmatch=True))


@MANY
@given(st.one_of(names, near_names, file_names), urls, values)
def test_any_file_name_url_or_title_is_accepted_or_refused(corpus, stem, url, title) -> None:
    root, context = corpus
    folder = root / "scratch-sources"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    meta = yaml.safe_load((root / META).read_text(encoding="utf-8"))
    meta.update(url=url, title=title if title not in (None, "") else "A title")
    try:
        (folder / f"{stem}.txt").write_bytes((root / ARTICLE).read_bytes())
        (folder / f"{stem}.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    except (OSError, ValueError):  # a name the file system refuses (too long, a NUL byte)
        return
    sources, problems = load_sources(folder)
    if problems:
        event("refused")
        assert all(p.path is not None and p.path.parent == folder for p in problems), problems
        return
    for source in sources.values():
        assert isinstance(source.title, str)
        _parses(source_lines(source, [], context.ontology, DEFAULT_IDS))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["004 90", "004-90", '4"', "x>y", "a\nb"]),
       st.sampled_from(["238", "239", "about 238", "[1, 2]"]))
def test_a_full_build_parses_or_exits_2(tmp_path_factory, claim_id: str, value: str) -> None:
    """A sample through the whole build: its kg.nt parses, or exit 2 with file and line."""
    from typer.testing import CliRunner

    from kg.cli.app import app

    root = copy_bundled(tmp_path_factory.mktemp("full"))
    sheet = root / "data/claims" / f"{STEM}.yaml"
    claim = _dump([_claim(id=claim_id, value=value)])
    with sheet.open("a", encoding="utf-8") as out:
        out.write("".join(f"  {line}\n" for line in claim.splitlines()))
    result = CliRunner().invoke(app, ["build", "-p", str(root)])
    if result.exit_code == 0:
        _parses((root / "build/kg.nt").read_text(encoding="utf-8").splitlines())
        return
    assert result.exit_code == 2, result.output
    assert f"{sheet}:" in result.stderr and "Traceback" not in result.stderr
