"""`kg validate`: the project's SHACL shapes, run as SPARQL on Oxigraph (kg.validate.sparql) or,
as the reference engine, by pySHACL (the only module that imports it).

    validate(project, file=None, sources=(), extra=(), engine="sparql") -> Report
    validate_graph(data, shapes, ontology, focus=None, checked="") -> Report   (pySHACL)

The SPARQL engine is the default: one query per constraint over all focus nodes, ~100 times
faster than pySHACL's walk over focus nodes, and with the build's chunk manifest only the
chunks that changed since the last run are re-validated (kg.validate.cache). Both engines give the
same findings and the same report graph (tests/test_shacl_sparql.py); `--engine pyshacl` runs
the reference one.

The data is the build (read from its Oxigraph store) or a file a partner hands over, parsed strictly
first (kg.engine.rdfinput). The whole ontology is mixed into the data graph, so `sh:class` sees the
class hierarchy, the declared claim properties and the ontology's individuals (qualifiers, units,
statuses). That is what pySHACL's `ont_graph` is for, but it copies only class and property axioms,
not individuals, so a partner's file without our ontology would fail every `sh:class qk:Qualifier`;
we add the graph ourselves instead. Every `shapes/*.ttl` runs except the on-demand ones:
`conflicts.ttl`, the conflict rules as warnings (conflicts are the conflicts command's job), and
`offsets.ttl`, which rechecks every quote against its article (the build already does for our
corpus). Both are per-claim SHACL-SPARQL, far too slow to run every time at 100,000 claims (issue
3); `--conflicts` and `--offsets` add them.

With `sources`, only those sources' part of the graph is validated (kg.engine.rdfinput.source_part):
what a change to one article can break, at a cost that does not grow with the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.conflicts.find import add_conflict_results, conflict_findings, find_conflicts
from kg.corpus.ontology import load_ontology
from kg.engine.rdfinput import load_file, read_graph, source_part, to_rdflib
from kg.engine.runner import FastEngine, PlainEngine
from kg.engine.store import open_store
from kg.engine.terms import to_ox
from kg.errors import InputError, Problem
from kg.namespaces import PREFIXES, QK
from kg.output.findings import Finding, summary_line
from kg.project import Project
from kg.validate.cache import validate_build
from kg.validate.findings import findings_from_report
from kg.validate.report import StoreView, report_graph
from kg.validate.shapes import targeted_shapes
from kg.validate.sparql import validate_store

# Shapes that run only when asked: conflict rules (--conflicts) and the per-claim offsets check
# (--offsets). Both are per-claim SHACL-SPARQL, too slow for every validation at scale.
ON_DEMAND = {"conflicts": "conflicts.ttl", "offsets": "offsets.ttl"}
ENGINES = ("sparql", "pyshacl")


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    results: Graph  # the W3C SHACL validation report, as the engine wrote it
    checked: str  # what was validated, as a person names it ("build/kg.nt")
    claims: int
    sources: int
    revalidated: tuple[str, ...] | None = None  # chunks validated afresh; None: no chunk cache

    @property
    def summary(self) -> str:
        """'no findings in build/kg.nt (113 claims, 5 sources)'."""
        claims = f"{self.claims} claim{'s' if self.claims != 1 else ''}"
        sources = f"{self.sources} source{'s' if self.sources != 1 else ''}"
        return f"{summary_line(self.findings, self.checked)} ({claims}, {sources})"

    def report_turtle(self) -> str:
        graph = self.results
        for prefix in ("qk", "qid"):
            graph.bind(prefix, PREFIXES[prefix])
        graph.bind("sh", SH)
        return graph.serialize(format="turtle")


def shape_files(project: Project, extra: Collection[str] = ()) -> list[Path]:
    """Every shapes/*.ttl but the on-demand ones, plus those named in `extra` (ON_DEMAND keys)."""
    directory = project.shapes_dir
    on_demand = set(ON_DEMAND.values())
    files = sorted(p for p in directory.glob("*.ttl") if p.name not in on_demand)
    for name in extra:
        path = directory / ON_DEMAND[name]
        if not path.is_file():
            raise InputError([Problem(path, None, f"no {name} shapes to run: write "
                                      f"{path.name} or leave out --{name}")])
        files.append(path)
    if not files:
        raise InputError([Problem(directory, None, "no shapes (*.ttl) to validate with")])
    return files


def load_shapes(files: Sequence[Path]) -> Graph:
    shapes = Graph()
    for path in files:
        shapes += read_graph(path)
    return shapes


def validate(project: Project, file: Path | None = None, sources: Sequence[str] = (),
             extra: Collection[str] = (),
             progress: Callable[[str], None] = lambda _: None, engine: str = "sparql",
             base: str | None = None) -> Report:
    """Validate the build, or `file`, or only the given sources of either; `extra` names
    on-demand shape files to run as well ("conflicts", "offsets"); `engine` is "sparql" or
    "pyshacl"; `base` resolves `file`'s relative IRIs (default: its own URI)."""
    if engine not in ENGINES:
        raise InputError([Problem(None, None, f"unknown engine {engine!r}: use "
                                  f"{' or '.join(ENGINES)}")])
    # Conflicts come from kg.conflicts.find on the Oxigraph store: the same rules as
    # shapes/conflicts.ttl (a test holds them equal), without pySHACL's per-claim evaluation
    # (~40 s on the bundled corpus against 0.2 s).
    files = shape_files(project, [name for name in extra if name != "conflicts"])
    shapes = load_shapes(files)
    ontology = load_ontology(project.ontology_files).graph
    if file is not None:
        progress(f"reading {file}")
        store, checked, where = load_file(file, base), str(file), file
    else:
        store, where = open_store(project), project.build_file
        checked = str(project.build_file.relative_to(project.root))
    if sources:
        names = ", ".join(sources)
        checked += f" (source{'s' if len(sources) > 1 else ''} {names})"
    if engine == "sparql":
        report = _validate_sparql(project, store, file, sources, shapes, ontology, checked,
                                  progress, files)
    else:
        if sources:
            part = source_part(store, sources, where)
            data, focus = part.graph, part.own
        else:
            data, focus = to_rdflib(store.quads_for_pattern(None, None, None)), None
        progress(f"running {', '.join(p.name for p in files)} on {len(data)} triples (pySHACL)")
        report = validate_graph(data, shapes, ontology, focus, checked)
    if "conflicts" in extra:
        progress("running the conflict rules")
        engine = PlainEngine(store) if file is not None else FastEngine(project, store)
        found = find_conflicts(engine, project.queries_dirs)
        wanted = [c for c in found.conflicts
                  if not sources or any(v.source in sources for v in c.claims)]
        add_conflict_results(report.results, wanted)
        report = replace(report, findings=[*report.findings, *conflict_findings(wanted)])
    return report


def validate_graph(data: Graph, shapes: Graph, ontology: Graph,
                   focus: Collection[URIRef | BNode] | None = None, checked: str = "") -> Report:
    """Run the shapes on `data` (changed in place: the ontology is added to it).

    With `focus`, only those nodes are validated, plus the nodes the shapes name with
    sh:targetNode (our SHACL-SPARQL shapes, which then see only `data`).
    """
    focus_nodes = None
    if focus is not None:
        if any(isinstance(node, BNode) for node in focus):
            # pySHACL only takes IRIs as focus nodes: give blank nodes stable IRIs first
            data = data.skolemize()
            focus = {n.skolemize() if isinstance(n, BNode) else n for n in focus}
        focus_nodes = sorted({*focus, *(n for n in shapes.objects(None, SH.targetNode)
                                        if isinstance(n, URIRef))})
    import pyshacl  # ~0.25 s to import: only for the reference engine

    claims = _count(data, QK.Claim, focus)
    sources = _count(data, QK.Source, focus)
    data += ontology
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", inplace=True,
        allow_warnings=True, allow_infos=True, advanced=False, meta_shacl=False,
        focus_nodes=focus_nodes)
    return Report(findings_from_report(results, data, shapes), results, checked, claims, sources)


def _validate_sparql(project: Project, store: ox.Store, file: Path | None,
                     sources: Sequence[str], shapes: Graph, ontology: Graph, checked: str,
                     progress: Callable[[str], None], files: Sequence[Path]) -> Report:
    """The SPARQL engine: on the build's store (through the chunk cache), on a partner's file
    with the ontology added, or on one source's part of either in a small store of its own."""
    targeted = targeted_shapes(shapes)
    where = file if file is not None else project.build_file
    progress(f"running {', '.join(p.name for p in files)} as SPARQL on Oxigraph")
    revalidated = None
    if sources:
        part = source_part(store, sources, where)
        store = _in_memory(part.graph, ontology)
        restrict = {*part.own, *(n for n in shapes.objects(None, SH.targetNode)
                                 if isinstance(n, URIRef))}
        results = validate_store(store, targeted, restrict)
        claims = len(set(part.graph.subjects(RDF.type, QK.Claim)) & part.own)
        count_sources = len(set(part.graph.subjects(RDF.type, QK.Source)) & part.own)
    else:
        if file is not None:
            store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in ontology)
            results = validate_store(store, targeted)
        else:
            results, revalidated = validate_build(project, store, targeted, files, progress)
        claims, count_sources = _count_in_store(store, QK.Claim), _count_in_store(store, QK.Source)
    view = StoreView(store)
    report = report_graph(results, shapes, view)
    findings = findings_from_report(report, view, shapes)  # type: ignore[arg-type]
    return Report(findings, report, checked, claims, count_sources, revalidated)


def _in_memory(graph: Graph, ontology: Graph) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in (*graph, *ontology))
    return store


def _count_in_store(store: ox.Store, cls: URIRef) -> int:
    """Counted by the engine: a set of a million subjects built in Python took 8 s."""
    query = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls}> }}"
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))[0].value)


def _count(data: Graph, cls: URIRef, within: Collection[URIRef | BNode] | None) -> int:
    nodes = set(data.subjects(RDF.type, cls))
    return len(nodes if within is None else nodes & set(within))
