"""Articles as a reader sees them (kg.corpus.sources): a byte-order mark and CRLF or CR line
ends change no offset, and the text the graph publishes is the one offsets index into; an
article that is a symbolic link or not a regular file is refused with exit 2 and nothing
written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.corpus.sources import as_read

from .conflict_corpus import claim, write_corpus
from .conftest import REPO

CLAIMS = [claim("100-01", "deaths", 238), claim("100-02", "deaths", 19, scope="lawEnforcement"),
          claim("100-03", "peopleConvicted", 5), claim("200-01", "peopleConvicted", 6)]
ARTICLE = "data/sources/100_a.txt"
SCHEMA_TEXT = ox.NamedNode("https://schema.org/text")
SHA256 = "https://w3id.org/qantar/ontology#sha256"


def claims_rows(kg, root: Path) -> dict[str, dict]:
    result = kg("build", "-p", str(root))
    assert result.exit_code == 0, result.stderr
    rows = json.loads(kg("query", "claims", "-f", "json", "-p", str(root)).stdout)
    return {r["claim"]["value"].rsplit("/", 1)[-1]: {k: v["value"] for k, v in r.items()}
            for r in rows["results"]["bindings"]}


def published_text(root: Path, stem: str) -> str:
    source = ox.NamedNode(f"https://w3id.org/qantar/id/source/{stem}")
    [text] = [t.object.value for t in ox.parse(path=str(root / "build/kg.nt"),
                                                format=ox.RdfFormat.N_TRIPLES)
              if t.subject == source and t.predicate == SCHEMA_TEXT]
    return text


def without_digests(root: Path) -> list[bytes]:
    return [line for line in (root / "build/kg.nt").read_bytes().splitlines()
            if SHA256.encode() not in line]


@pytest.mark.parametrize("saved", [
    pytest.param(lambda text: "\ufeff" + text.replace("\n", "\r\n"), id="bom-crlf"),
    pytest.param(lambda text: text.replace("\n", "\r"), id="cr"),
    pytest.param(lambda text: "\ufeff" + text, id="bom")])
def test_an_article_saved_with_a_bom_or_crlf_gives_the_offsets_of_its_lf_version(
        kg, tmp_path, saved) -> None:
    plain = write_corpus(tmp_path / "lf", CLAIMS)
    other = write_corpus(tmp_path / "other", CLAIMS)
    article = other / ARTICLE
    text = article.read_text(encoding="utf-8")
    assert text.count("\n") >= 3  # the later claims sit after line ends
    article.write_bytes(saved(text).encode("utf-8"))
    assert as_read(article.read_bytes().decode("utf-8")) == text
    expected, got = claims_rows(kg, plain), claims_rows(kg, other)
    assert got == expected
    assert int(got["100-03"]["start"]) > 0
    published = published_text(other, "100_a")
    assert published == text  # what the graph publishes is the text the offsets index into
    for row in got.values():
        if row["source"] == "100_a":
            assert published[int(row["start"]):int(row["end"])] == row["quote"]
    # the same graph but for the digest of the file's bytes, which differ
    assert without_digests(other) == without_digests(plain)
    assert (other / "build/kg.nt").read_bytes() != (plain / "build/kg.nt").read_bytes()


def test_prefix_and_suffix_come_from_the_text_as_read(kg, tmp_path) -> None:
    root = write_corpus(tmp_path / "crlf", CLAIMS)
    article = root / ARTICLE
    article.write_bytes(article.read_bytes().replace(b"\n", b"\r\n"))
    assert kg("build", "-p", str(root)).exit_code == 0
    assert b"\\r" not in (root / "build/kg.nt").read_bytes()  # no CR in any literal


def test_bundled_articles_have_no_bom_or_cr(kg) -> None:
    """So reading them as a reader sees them changes nothing, and the goldens stay."""
    for article in sorted((REPO / "data" / "sources").glob("*.txt")):
        raw = article.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, article.name


def test_a_symlinked_article_is_refused_and_nothing_is_written(kg, tmp_path) -> None:
    root = write_corpus(tmp_path / "linked", CLAIMS)
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    article = root / ARTICLE
    article.unlink()
    article.symlink_to(secret)
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2
    assert f"{article}: 100_a.txt is a symbolic link (to {secret}): articles must be regular " \
           "files inside data/sources/" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (root / "build").exists()


def test_a_symlink_is_refused_over_an_existing_build_which_stays(kg, tmp_path) -> None:
    root = write_corpus(tmp_path / "linked", CLAIMS)
    assert kg("build", "-p", str(root)).exit_code == 0
    before = {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()}
    article = root / ARTICLE
    copy = tmp_path / "100_a.txt"
    copy.write_bytes(article.read_bytes())
    article.unlink()
    article.symlink_to(copy)  # the same words, but elsewhere
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2 and "100_a.txt is a symbolic link" in result.stderr
    assert {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("kind", ["directory", "pipe"])
def test_an_article_that_is_not_a_regular_file_is_refused(kg, tmp_path, kind) -> None:
    root = write_corpus(tmp_path / kind, CLAIMS)
    article = root / ARTICLE
    article.unlink()
    article.mkdir() if kind == "directory" else os.mkfifo(article)  # a pipe must not block
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2
    assert f"{article}: 100_a.txt is not a regular file" in result.stderr
    assert "articles must be regular files inside data/sources/" in result.stderr
    assert not (root / "build").exists()


def test_a_symlinked_metadata_file_is_refused(kg, tmp_path) -> None:
    root = write_corpus(tmp_path / "meta", CLAIMS)
    meta = root / "data/sources/100_a.yaml"
    copy = tmp_path / "100_a.yaml"
    copy.write_bytes(meta.read_bytes())
    meta.unlink()
    meta.symlink_to(copy)
    result = kg("build", "-p", str(root))
    assert result.exit_code == 2
    assert "100_a.yaml is a symbolic link" in result.stderr
    assert "metadata files must be regular files inside data/sources/" in result.stderr
