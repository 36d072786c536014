"""What one report holds: every count, and the disputes and figures it shows in full.

A page of 100,000 claims must stay a page: everything is counted (by reason, by grade, by
subject), but only the first `limit` disputes and `limit` figures are drawn in full, and the
page says how many it left out and which command shows them. Figures come first that the
shown disputes are about, then other contested ones, then those with the most claims.
Only what is shown in full is read claim by claim (quotes, article texts, speakers' kinds).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.conflicts.find import ConflictReport, Dispute, find_conflicts
from kg.conflicts.views import ClaimView, load_claim_views, short
from kg.engine.runner import Engine, Job
from kg.namespaces import DEFAULT_BASE
from kg.report.figures import Figure, Range, consensus_range, figures_of
from kg.report.grades import GRADES, grade
from kg.report.read import Build, FigureClaim, build_from, build_jobs, read_kinds, read_texts

LIMIT = 50


@dataclass(frozen=True)
class SubjectRow:
    """One subject's line in the summary: how much is said about it and how it is graded."""

    subject: str  # as claim sheets name it: event/bloody-january
    label: str
    figures: int
    claims: int
    conflicts: int
    disputes: int
    grades: dict[str, int]


@dataclass(frozen=True)
class Contents:
    title: str
    base: str
    conflicts: ConflictReport
    build: Build
    figures: tuple[Figure, ...]  # every figure
    grades: dict[str, str]  # figure anchor -> grade
    disputes: tuple[Dispute, ...]  # shown in full
    shown: tuple[Figure, ...]  # figures of several claims, shown in full
    ranges: dict[str, Range]  # of the shown figures
    subjects: tuple[SubjectRow, ...]  # every subject, most conflicts first
    views: dict[str, ClaimView]  # every claim shown in full
    texts: dict[str, str]  # article texts by file stem
    kinds: dict[str, str]  # speaker IRI -> its class's IRI
    dispute_of: dict[str, str] = field(default_factory=dict)  # claim IRI -> dispute id
    figure_of: dict[str, str] = field(default_factory=dict)  # claim IRI -> figure anchor
    by_iri: dict[str, FigureClaim] = field(default_factory=dict)  # every claim
    limit: int = LIMIT

    @property
    def several(self) -> int:
        """How many figures several claims give (the ones with a section)."""
        return sum(1 for f in self.figures if len(f.claims) > 1)


def gather(engine: Engine, queries_dirs: list[Path], limit: int = LIMIT,
           base: str = DEFAULT_BASE, title: str = "Qantar KG") -> Contents:
    alongside = Alongside(engine, build_jobs(queries_dirs))
    report = find_conflicts(alongside, queries_dirs)
    build = build_from(alongside.outcomes if alongside.outcomes is not None
                       else engine.run(alongside.jobs))
    figures = figures_of(build.claims)
    in_conflict = {view.iri for c in report.conflicts for view in c.claims}
    grades = {f.anchor: grade(f, in_conflict) for f in figures}
    figure_of = {c.iri: f.anchor for f in figures for c in f.claims}
    dispute_of = {view.iri: d.id for d in report.disputes for view in d.claims}
    disputes = report.disputes[:limit]
    shown = _chosen(figures, disputes, figure_of, in_conflict, limit)
    views = {view.iri: view for d in disputes for view in d.claims}
    wanted = sorted({c.iri for f in shown for c in f.claims} - set(views))
    views.update(load_claim_views(engine, queries_dirs, wanted))
    speakers = {c.stated_by for f in shown for c in f.claims if c.stated_by}
    every = {c.iri: c for c in build.claims}
    speakers |= {every[iri].stated_by for iri in views if every[iri].stated_by}
    kinds = read_kinds(engine, sorted(speakers))
    texts = read_texts(engine, sorted({view.source for view in views.values()}))
    return Contents(
        title=title, base=base, conflicts=report, build=build, figures=tuple(figures),
        grades=grades, disputes=disputes, shown=tuple(shown),
        ranges={f.anchor: consensus_range(f) for f in shown},
        subjects=tuple(_subjects(figures, grades, report, build, base)), views=views,
        texts=texts, kinds=kinds, dispute_of=dispute_of, figure_of=figure_of,
        by_iri=every, limit=limit)


class Alongside:
    """The engine conflict detection is handed: its first `run` runs the report's own jobs
    too, in the same call, so that the build's engine loads one in-memory store for the rules
    and the report's queries (at 100,000 claims that spares loading 1.6 million triples a
    second time, about 6 s). Everything else goes to the engine unchanged."""

    def __init__(self, engine: Engine, jobs: list[Job]) -> None:
        self.engine = engine
        self.jobs = jobs
        self.outcomes: list | None = None

    def run(self, jobs, progress=None) -> list:
        if self.outcomes is not None:
            return self.engine.run(jobs, progress)
        found = self.engine.run([*jobs, *self.jobs], progress)
        self.outcomes = found[len(jobs):]
        return found[:len(jobs)]

    def lookup(self, run, values) -> list:
        return self.engine.lookup(run, values)


def _chosen(figures: list[Figure], disputes: tuple[Dispute, ...], figure_of: dict[str, str],
            in_conflict: set[str], limit: int) -> list[Figure]:
    several = [f for f in figures if len(f.claims) > 1]
    first = {figure_of[view.iri]: n for n, d in enumerate(disputes) for view in d.claims
             if view.iri in figure_of}

    def order(figure: Figure) -> tuple:
        contested = any(c.iri in in_conflict for c in figure.claims)
        return (first.get(figure.anchor, len(disputes)), not contested, -len(figure.claims),
                figure.anchor)

    return sorted(several, key=order)[:limit]


def _subjects(figures: list[Figure], grades: dict[str, str], report: ConflictReport,
              build: Build, base: str) -> list[SubjectRow]:
    conflicts: Counter[str] = Counter()
    for conflict in report.conflicts:
        for subject in {view.subject for view in conflict.claims}:
            conflicts[subject] += 1
    disputes: Counter[str] = Counter()
    for dispute in report.disputes:
        for subject in {view.subject for view in dispute.claims}:
            disputes[subject] += 1
    by_subject: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_subject[figure.subject].append(figure)
    rows = []
    for iri, mine in by_subject.items():
        name = short(iri, base)
        counted = Counter(grades[f.anchor] for f in mine)
        rows.append(SubjectRow(name, build.labels.get(iri, name), len(mine),
                               sum(len(f.claims) for f in mine), conflicts[name],
                               disputes[name], {g: counted[g] for g in GRADES if counted[g]}))
    return sorted(rows, key=lambda r: (-r.conflicts, -r.disputes, -r.claims, r.subject))
