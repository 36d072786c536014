"""`kg export`: every format parses in Oxigraph's strict parsers and holds exactly the build;
the bytes are deterministic; TriG has a graph per source; writes are atomic and give a file the
mode open() gives under the umask; the full view is streamed from the build's chunks and
refused, with a sentence, when they do not match kg.nt."""

from __future__ import annotations

import json
import os
import shutil
import stat
from io import BytesIO
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.build.run import build
from kg.errors import QueryError
from kg.export.dump import (
    FORMATS,
    build_chunks,
    format_for,
    partition,
    serialize,
    used_prefixes,
    write,
)
from kg.export.jsonld import context
from kg.namespaces import DEFAULT_IDS, PREFIXES
from kg.project import open_project

PARSERS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
           "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
           "rdf": ox.RdfFormat.RDF_XML}
ID = "https://w3id.org/qantar/id/"


@pytest.fixture(scope="module")
def built(built_bundled: Path) -> Path:
    return built_bundled


def export(kg, root: Path, *args: str) -> bytes:
    result = kg("export", *args, "-p", str(root))
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def as_rdflib(quads: list[ox.Quad]) -> rdflib.Graph:
    """The union of the graphs, through N-Triples, for rdflib's isomorphism check."""
    data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_parses_strictly_and_is_isomorphic_to_the_build(kg, built, fmt) -> None:
    data = export(kg, built, "--format", fmt)
    quads = list(ox.parse(data, format=PARSERS[fmt]))
    expected = rdflib.Graph().parse(built / "build/kg.nt", format="nt")
    assert len({q.triple for q in quads}) == len(expected)
    assert isomorphic(as_rdflib(quads), expected)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_two_exports_are_byte_identical(kg, built, tmp_path, fmt) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export(kg, built, "-o", str(first))
    export(kg, built, "-o", str(second))
    assert first.read_bytes() == second.read_bytes() == export(kg, built, "-f", fmt)


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "nq", "jsonld"])
def test_parse_and_serialise_again_gives_the_same_bytes(kg, built, fmt) -> None:
    data = export(kg, built, "-f", fmt)
    triples = [q.triple for q in ox.parse(data, format=PARSERS[fmt])]
    assert serialize(list(reversed(triples)), fmt) == data


def test_turtle_uses_our_prefixes_and_no_invented_ones(kg, built) -> None:
    text = export(kg, built, "-f", "ttl").decode("utf-8")
    declared = [line.split()[1].rstrip(":") for line in text.splitlines()
                if line.startswith("@prefix")]
    assert declared and set(declared) <= set(PREFIXES)
    assert declared == [p for p in PREFIXES if p in declared]  # in a fixed order
    assert "ns1:" not in text and "@prefix ns" not in text
    # a subject's triples in the chunk's line order: dcterms:identifier sorts before rdf:type
    assert 'qid:claim\\/004-08 dcterms:identifier "004-08" ;\n\ta qk:Claim ;' in text


def test_trig_has_one_graph_per_source_plus_ontology_and_entities(kg, built) -> None:
    quads = list(ox.parse(export(kg, built, "-f", "trig"), format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads}
    stems = sorted(p.stem for p in (built / "data/sources").glob("*.txt"))
    assert graphs == {f"{ID}graph/ontology", f"{ID}graph/entities"} | {
        f"{ID}graph/source/{stem}" for stem in stems}
    source_graph = f"{ID}graph/source/004_ae2c329ed266d90a"
    subjects = {q.subject.value for q in quads if q.graph_name.value == source_graph}
    assert f"{ID}source/004_ae2c329ed266d90a" in subjects
    assert {f"{ID}claim/004-08", f"{ID}claim/004-08/quote", f"{ID}claim/004-08/text",
            f"{ID}claim/004-08/position"} <= subjects
    assert all(s.startswith((f"{ID}claim/004-", f"{ID}source/004_")) for s in subjects)
    ontology = {q.subject.value for q in quads if q.graph_name.value == f"{ID}graph/ontology"}
    assert "https://w3id.org/qantar/ontology#deaths" in ontology
    entities = {q.subject.value for q in quads if q.graph_name.value == f"{ID}graph/entities"}
    assert f"{ID}event/bloody-january" in entities


def test_jsonld_carries_the_shipped_context(kg, built) -> None:
    document = json.loads(export(kg, built, "-f", "jsonld"))
    assert document["@context"] == context()
    assert context() == {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    node = next(n for n in document["@graph"] if n["@id"] == "qid:claim/004-08")
    assert node["@type"] == ["qk:Claim"]
    assert node["qk:value"] == [{"@value": "238", "@type": "xsd:integer"}]
    assert node["qk:subject"] == [{"@id": "qid:event/bloody-january"}]


def test_format_follows_the_output_extension(kg, built, tmp_path) -> None:
    target = tmp_path / "out.nq"
    result = kg("export", "-o", str(target), "-p", str(built))
    assert result.exit_code == 0 and f"wrote {target}: nq, full view" in result.stderr
    assert len(list(ox.parse(path=str(target), format=ox.RdfFormat.N_QUADS))) > 1000
    assert format_for(None, None) == "ttl" and format_for(None, Path("x.jsonld")) == "jsonld"
    with pytest.raises(QueryError, match="--format nt but x.ttl is named like ttl"):
        format_for("nt", Path("x.ttl"))
    bad = kg("export", "-f", "rdfxml", "-p", str(built))
    assert bad.exit_code == 2 and "unknown format 'rdfxml'" in bad.stderr


def test_a_failed_write_leaves_the_previous_file_whole(kg, built, tmp_path, monkeypatch) -> None:
    target = tmp_path / "kg.ttl"
    target.write_bytes(b"previous export\n")

    def killed(*_args) -> None:
        raise KeyboardInterrupt  # as if the process were stopped just before the rename

    monkeypatch.setattr(os, "replace", killed)
    assert kg("export", "-o", str(target), "-p", str(built)).exit_code != 0
    assert target.read_bytes() == b"previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]  # no half-written temporary


def test_blank_nodes_follow_the_subject_that_refers_to_them() -> None:
    claim = ox.NamedNode(f"{ID}claim/x-01")
    source = ox.NamedNode(f"{ID}source/x")
    blank = ox.BlankNode("note")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        ox.Triple(source, rdf_type, ox.NamedNode("https://w3id.org/qantar/ontology#Source")),
        ox.Triple(claim, rdf_type, ox.NamedNode("https://w3id.org/qantar/ontology#Claim")),
        ox.Triple(claim, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), source),
        ox.Triple(claim, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), blank),
        ox.Triple(blank, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                  ox.Literal("a note")),
    ]
    graphs = {q.subject: q.graph_name.value for q in partition(triples)}
    assert graphs[blank] == graphs[claim] == f"{ID}graph/source/x"


def body(data: bytes) -> bytes:
    """Turtle or TriG without its prefix declarations (Oxigraph orders them its own way)."""
    return b"".join(line for line in data.splitlines(keepends=True)
                    if not line.startswith(b"@prefix "))


def test_nt_is_the_build_file_and_turtle_follows_its_lines(kg, built) -> None:
    build_file = built / "build/kg.nt"
    assert export(kg, built, "-f", "nt") == build_file.read_bytes()
    prefixes = used_prefixes(build_chunks(open_project(built)))
    whole = ox.serialize(ox.parse(path=str(build_file), format=ox.RdfFormat.N_TRIPLES),
                         format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert body(export(kg, built, "-f", "ttl")) == body(whole)


def test_trig_and_nquads_are_oxigraphs_own_for_the_chunks_in_their_graphs(kg, built) -> None:
    chunks = build_chunks(open_project(built))
    quads = [ox.Quad(t.subject, t.predicate, t.object,
                     ox.NamedNode(str(DEFAULT_IDS.graph(c.graph))))
             for c in chunks
             for t in ox.parse(path=str(c.source), format=ox.RdfFormat.N_TRIPLES)]
    prefixes = used_prefixes(chunks, [str(DEFAULT_IDS.graph(c.graph)) for c in chunks])
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    assert body(export(kg, built, "-f", "trig")) == body(trig)
    assert export(kg, built, "-f", "nq") == ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


@pytest.mark.parametrize("fmt", ["ttl", "trig", "jsonld"])
def test_worker_processes_write_the_same_bytes(built, fmt) -> None:
    chunks = build_chunks(open_project(built))
    one, two = BytesIO(), BytesIO()
    write(chunks, fmt, one, workers=1)
    write(chunks, fmt, two, workers=2)
    assert one.getvalue() == two.getvalue() != b""


def test_a_fresh_build_exports_the_same_bytes(kg, built, tmp_path) -> None:
    again = tmp_path / "again"
    shutil.copytree(built, again)
    shutil.rmtree(again / "build")
    build(open_project(again), workers=1)
    for fmt in ("ttl", "jsonld"):
        assert export(kg, again, "-f", fmt) == export(kg, built, "-f", fmt)


def test_a_missing_or_stale_manifest_asks_for_kg_build(kg, built, tmp_path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project)
    target = tmp_path / "out.ttl"
    (project / "build/chunks.json").unlink()
    result = kg("export", "-o", str(target), "-p", str(project))
    assert result.exit_code == 2 and "chunks.json: missing" in result.stderr
    assert "run 'kg build'" in result.stderr and not target.exists()
    assert kg("build", "-p", str(project)).exit_code == 0
    with (project / "build/kg.nt").open("ab") as build_file:
        build_file.write(b"<https://example.org/s> <https://example.org/p> \"x\" .\n")
    result = kg("export", "-p", str(project))
    assert result.exit_code == 2 and result.stdout == ""
    assert "does not describe kg.nt" in result.stderr and "run 'kg build' again" in result.stderr
    assert kg("build", "-p", str(project)).exit_code == 0
    assert kg("export", "-p", str(project)).stdout_bytes == export(kg, built)


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_written_files_have_the_mode_open_gives_under_the_umask(kg, mini, tmp_path,
                                                                umask) -> None:
    """Not tempfile's 0600: a dump published by a web server running as another user must be
    readable by it when the umask says so (issue 19)."""
    dist = tmp_path / "dist"
    previous = os.umask(umask)
    try:
        build(open_project(mini))
        for args in (["-o", str(dist / "kg.ttl")], ["--view", "consensus", "-o",
                                                     str(dist / "consensus.nt")]):
            assert kg("export", *args, "-p", str(mini)).exit_code == 0
        plain = tmp_path / "plain"
        plain.write_bytes(b"")  # what open() gives here, default ACLs and all
        plain_directory = tmp_path / "plain-directory"
        plain_directory.mkdir()
    finally:
        os.umask(previous)
    mode = stat.S_IMODE(plain.stat().st_mode)
    assert mode == 0o666 & ~umask
    written = [mini / "build/kg.nt", mini / "build/chunks.json", dist / "kg.ttl",
               dist / "consensus.nt", *(mini / "build/cache").rglob("*.nt")]
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {
        p.name: oct(mode) for p in written}
    assert stat.S_IMODE((mini / "build/store").stat().st_mode) == stat.S_IMODE(
        plain_directory.stat().st_mode) == 0o777 & ~umask


def test_an_output_name_without_a_known_extension_is_refused(kg, built, tmp_path) -> None:
    """`-o out.xyz` used to hold Turtle, exit 0."""
    target = tmp_path / "out.xyz"
    refused = kg("export", "-o", str(target), "-p", str(built))
    assert refused.exit_code == 2 and ".ttl" in refused.stderr and ".rdf" in refused.stderr
    assert not target.exists()
    assert kg("export", "-o", str(target), "-f", "nt", "-p", str(built)).exit_code == 0
    assert target.read_bytes() == (built / "build" / "kg.nt").read_bytes()
