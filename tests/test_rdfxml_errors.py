"""RDF/XML a partner hands over is refused with the line (and column) of what is wrong (issue 22).

Oxigraph 0.5.13's RDF/XML parser says what is wrong but carries no position at all, so
kg.engine.rdfinput reads a refused file again, handing it over a byte at a time near the error,
and names where the parser stopped: the end of the element, attribute or text it refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.engine.rdfinput import load_file
from kg.errors import InputError

HEAD = ('<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        '         xmlns:ex="http://example.org/">\n')
FILLER = '  <rdf:Description rdf:about="http://example.org/n{}"><ex:p>{}</ex:p></rdf:Description>\n'

# (what is wrong, the file, the line and column where the parser stops, words of the message)
BROKEN = [
    ("an element left open",
     HEAD + '  <rdf:Description rdf:about="http://example.org/a">\n    <ex:q>unclosed\n'
     '  </rdf:Description>\n</rdf:RDF>\n', (6, 20), "expected `</ex:q>`"),
    ("a bad rdf:ID",
     HEAD + '  <rdf:Description rdf:ID="bad id"/>\n</rdf:RDF>\n', (4, 36), "rdf:ID"),
    ("an element without a namespace",
     HEAD + '  <rdf:Description rdf:about="http://example.org/a">\n    <p>x</p>\n'
     '  </rdf:Description>\n</rdf:RDF>\n', (5, 7), "namespaces are required"),
    ("rdf:nodeID beside rdf:about",
     HEAD + '\n\n  <rdf:Description rdf:nodeID="a" rdf:about="http://example.org/"/>\n'
     '</rdf:RDF>\n', (6, 67), "could be set at the same time"),
    ("an error past the parser's first read of 8 KB, after non-ASCII text",
     HEAD + "".join(FILLER.format(i, "Қарақалпақстан") for i in range(300))
     + '  <ex:Thing rdf:about="http://example.org/z" rdf:li="1"/>\n</rdf:RDF>\n',
     (304, 57), "syntax-ns#li is not a valid attribute"),
]


@pytest.mark.parametrize("text, where, words", [pytest.param(t, w, m, id=name)
                                                 for name, t, w, m in BROKEN])
def test_a_broken_rdf_xml_file_is_refused_with_its_line(tmp_path: Path, text: str,
                                                        where: tuple[int, int], words: str
                                                        ) -> None:
    path = tmp_path / "partner.rdf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_file(path)
    [problem] = refused.value.problems
    line, column = where
    assert problem.line == line, (problem, text.splitlines()[problem.line - 1]
                                  if problem.line else None)
    assert f"(line {line}, column {column}, where the parser stopped)" in problem.message
    assert words in problem.message and problem.message.startswith("not valid RDF/XML: ")
    assert str(problem).startswith(f"{path}:{line}: ")


def test_a_file_cut_short_is_refused_though_oxigraph_reads_it(tmp_path: Path) -> None:
    """Oxigraph 0.5.13 reads a document whose elements are never closed as complete."""
    path = tmp_path / "cut.rdf"
    path.write_text(HEAD + FILLER.format(1, "x") + FILLER.format(2, "y"), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_file(path)
    [problem] = refused.value.problems
    assert problem.line == 6 and "not well-formed XML" in problem.message
    assert "ends before its elements are closed" in problem.message


def test_kg_validate_names_the_file_and_line(kg, mini: Path, tmp_path: Path) -> None:
    _, text, (line, column), _ = BROKEN[0]
    path = tmp_path / "partner.rdf"
    path.write_text(text, encoding="utf-8")
    result = kg("validate", str(path), "-p", str(mini))
    assert result.exit_code == 2
    assert f"error: {path}:{line}: not valid RDF/XML" in result.stderr
    assert f"column {column}" in result.stderr


def test_a_valid_file_and_the_other_formats_are_read_as_before(tmp_path: Path) -> None:
    good = tmp_path / "good.rdf"
    good.write_text(HEAD + FILLER.format(1, "x") + "</rdf:RDF>\n", encoding="utf-8")
    assert len(load_file(good)) == 1
    turtle = tmp_path / "bad.ttl"
    turtle.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_file(turtle)
    assert refused.value.problems[0].line == 3  # Turtle's parser gives its own line
    assert "where the parser stopped" not in refused.value.problems[0].message


@pytest.mark.skipif(not os.environ.get("KG_W3C_SUITES"), reason="KG_W3C_SUITES not set: "
                    "`make test` fetches the W3C suites and sets it")
def test_every_w3c_rdf_xml_negative_test_is_refused_with_a_line() -> None:
    """On the W3C suite's 44 broken files, the line named holds the element at fault."""
    files = sorted(Path(os.environ["KG_W3C_SUITES"]).glob("rdf-xml/*/error*.rdf"))
    assert len(files) >= 40
    for path in files:
        with pytest.raises(InputError) as refused:
            load_file(path)
        [problem] = refused.value.problems
        assert problem.line is not None, path
        shown = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
        assert "<" in shown or "/>" in shown or "=" in shown, (path, problem.line, shown)
