"""`kg export --describe`: a VoID + DCAT 3 description whose counts match the build and whose
dumps are the files `kg export` writes, with their media types and exact sizes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

VOID, DCAT = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
DATASET = ox.NamedNode("https://w3id.org/qantar/id/dataset")
FORMATS = ("ttl", "trig", "nt", "nq", "jsonld", "rdf")


@pytest.fixture(scope="module")
def built(built_bundled: Path) -> Path:
    return built_bundled


def parse(path: Path) -> list[ox.Triple]:
    """The description beside its dumps: relative references resolve against its location."""
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE,
                                       base_iri=path.resolve().as_uri())]


def values(triples: list[ox.Triple], subject: ox.Term, predicate: str) -> list[ox.Term]:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == predicate]


def test_counts_match_the_build(kg, built, tmp_path) -> None:
    target = tmp_path / "void.ttl"
    assert kg("export", "--describe", "-o", str(target), "-p", str(built)).exit_code == 0
    triples = parse(target)
    lines = (built / "build/kg.nt").read_bytes().count(b"\n")
    assert values(triples, DATASET, f"{VOID}triples")[0].value == str(lines)
    counts = {}
    for partition in values(triples, DATASET, f"{VOID}classPartition"):
        cls = values(triples, partition, f"{VOID}class")[0].value.rsplit("#", 1)[-1]
        counts[cls] = int(values(triples, partition, f"{VOID}entities")[0].value)
    build_lines = (built / "build/kg.nt").read_text(encoding="utf-8").splitlines()
    typed = {cls: sum(1 for line in build_lines if line.endswith(
        f"22-rdf-syntax-ns#type> <https://w3id.org/qantar/ontology#{cls}> ."))
        for cls in ("Source", "Claim")}
    assert counts == typed == {"Source": 5, "Claim": 113}
    types = {t.value for t in values(triples, DATASET,
                                     "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")}
    assert types == {f"{VOID}Dataset", f"{DCAT}Dataset"}
    for field in ("title", "description", "license", "creator", "modified"):
        assert values(triples, DATASET, DCTERMS + field), f"dcterms:{field} is missing"
    vocabularies = {v.value for v in values(triples, DATASET, f"{VOID}vocabulary")}
    assert {"https://w3id.org/qantar/ontology#", "http://www.w3.org/ns/oa#",
            "http://www.w3.org/ns/prov#"} <= vocabularies


def test_dumps_are_the_exported_files_with_their_sizes(kg, built, tmp_path) -> None:
    for fmt in FORMATS:
        assert kg("export", "-o", str(tmp_path / f"kg.{fmt}"), "-p", str(built)).exit_code == 0
    assert kg("export", "--describe", "-o", str(tmp_path / "void.ttl"), "-p",
              str(built)).exit_code == 0
    triples = parse(tmp_path / "void.ttl")
    dumps = {Path(d.value.removeprefix("file://")) for d in
             values(triples, DATASET, f"{VOID}dataDump")}
    assert dumps == {(tmp_path / f"kg.{fmt}").resolve() for fmt in FORMATS}
    media = {}
    for distribution in values(triples, DATASET, f"{DCAT}distribution"):
        url = values(triples, distribution, f"{DCAT}downloadURL")[0]
        path = Path(url.value.removeprefix("file://"))
        size = int(values(triples, distribution, f"{DCAT}byteSize")[0].value)
        assert size == path.stat().st_size, path.name
        media[path.suffix] = values(triples, distribution, f"{DCAT}mediaType")[0].value
    assert media[".ttl"] == "https://www.iana.org/assignments/media-types/text/turtle"
    assert media[".jsonld"] == "https://www.iana.org/assignments/media-types/application/ld+json"
    assert media[".rdf"] == "https://www.iana.org/assignments/media-types/application/rdf+xml"


def test_base_url_and_sparql_endpoint(kg, built) -> None:
    result = kg("export", "--describe", "--base-url", "https://example.org/dumps",
                "--sparql-endpoint", "http://127.0.0.1:7878/query", "-p", str(built))
    assert result.exit_code == 0
    triples = [q.triple for q in ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE)]
    dumps = {d.value for d in values(triples, DATASET, f"{VOID}dataDump")}
    assert "https://example.org/dumps/kg.ttl" in dumps
    endpoint = ox.NamedNode("http://127.0.0.1:7878/query")
    assert values(triples, DATASET, f"{VOID}sparqlEndpoint") == [endpoint]
    assert values(triples, endpoint, f"{DCAT}servesDataset") == [DATASET]


def test_two_descriptions_are_byte_identical(kg, built) -> None:
    first = kg("export", "--describe", "-p", str(built)).stdout_bytes
    assert first == kg("export", "--describe", "-p", str(built)).stdout_bytes


def test_dataset_settings_come_from_kg_toml(kg, built, tmp_path) -> None:
    project = tmp_path / "p"
    shutil.copytree(built, project)
    settings = project / "kg.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "[dataset]\n", '[dataset]\ntitle = "Bloody January claims"\ncreator = "A. Researcher"\n'
        'creator_url = "https://orcid.org/0000-0001"\n'), encoding="utf-8")
    result = kg("export", "--describe", "-p", str(project))
    triples = [q.triple for q in ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE,
                                          base_iri="file:///x/")]
    assert values(triples, DATASET, f"{DCTERMS}title")[0].value == "Bloody January claims"
    creator = values(triples, DATASET, f"{DCTERMS}creator")[0]
    assert creator.value == "https://orcid.org/0000-0001"
    with (project / "kg.toml").open("a", encoding="utf-8") as settings:
        settings.write('colour = "red"\n')
    bad = kg("export", "--describe", "-p", str(project))
    assert bad.exit_code == 2 and "[dataset] colour: unknown setting" in bad.stderr


def test_describe_is_turtle_about_the_full_view(kg, built) -> None:
    result = kg("export", "--describe", "-f", "nt", "-p", str(built))
    assert result.exit_code == 2 and "--describe writes Turtle" in result.stderr
