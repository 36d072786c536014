"""`kg coverage`: every figure of the articles that no claim's quote holds.

Every number in an article is to be some claim's quote, or left out on purpose with a reason
(data/coverage.yaml, kg.curate.leftout), so that a reader of the graph can trust that what an
article says is in it. This was a test of the two bundled corpora; here it is a check any
corpus can gate on (exit 1 while a figure is missing).

Coverage is judged on the build's quote offsets (the `claims` named query: source, start,
end): the quotes the build checked against their articles and publishes, not what the sheets
might say. So the build must hold the data as it is now: each sheet's claims, located anew in
their article as the build locates them (kg.corpus.quotes), must be the built claims at the
built offsets; else the build is older than the data and the user is asked to run `kg build`.
This compares content, never modification times (kg.engine.chunks says why), and only what
coverage reads: a changed note or entity needs no rebuild to judge coverage.

A figure (kg.curate.scan) is covered when each number in it lies inside one claim's quote,
left out when each number no quote holds lies inside a declared passage, and missing otherwise.
A declared passage that is no longer in its article, or that leaves out nothing (no quote-less
figure lies in it), is reported too, so the list of omissions stays true.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.corpus.quotes import occurrences, span_at
from kg.corpus.sources import Source, load_sources
from kg.corpus.yamlfile import Mapping, read_yaml
from kg.curate.leftout import Declared, LeftOut, read_declared, unknown_article
from kg.curate.scan import DATE, GROUPS, Mention, figures_in
from kg.engine.chunks import current_chunks
from kg.engine.runner import FastEngine, Job
from kg.errors import InputError, Problem
from kg.project import Project
from kg.query.library import library, run

CONTEXT_REACH = 60  # characters of the sentence shown on each side of a figure
Span = tuple[int, int]


@dataclass(frozen=True)
class Gap:
    """A figure no claim's quote holds: where (`file` relative to the project; `line` and
    `column` from 1, `start` and `end` offsets in code points as the build's quotes), its
    words, its group ("number" or "date"), and its sentence or a window of it."""

    source: str
    file: str
    line: int
    column: int
    start: int
    end: int
    figure: str
    group: str
    context: str


@dataclass(frozen=True)
class StaleLeftOut:
    """A declared passage to fix: `problem` is "not-found" (no longer in the article) or
    "nothing-left-out" (every figure in it is a claim's, or it holds none)."""

    entry: LeftOut
    file: str
    problem: str
    message: str


@dataclass(frozen=True)
class Coverage:
    gaps: tuple[Gap, ...]
    stale: tuple[StaleLeftOut, ...]
    articles: int
    figures: int
    covered: int
    left_out: int
    dates: str
    declared: str  # data/coverage.yaml, relative to the project
    by_group: dict[str, int] = field(default_factory=dict)  # missing figures per group

    @property
    def failed(self) -> bool:
        return bool(self.gaps or self.stale)


def check_coverage(project: Project, sources: Sequence[str] = ()) -> Coverage:
    """The coverage of every article, or of those named in `sources` (file stems). Raises
    InputError for an unknown source, a bad data/coverage.yaml, unreadable articles, and a
    build that is missing or older than the data."""
    articles, problems = load_sources(project.sources_dir)
    if problems:
        raise InputError(problems)
    unknown = [s for s in sources if s not in articles]
    if unknown:
        raise InputError([Problem(None, None, f"--source {s}: {unknown_article(s, articles)}")
                          for s in unknown])
    declared = read_declared(project, articles)
    wanted = [articles[s] for s in (sorted(set(sources)) or sorted(articles))]
    quotes = built_quotes(project, {s.stem for s in wanted})
    outdated = _outdated(project, wanted, quotes)
    if outdated:
        raise InputError([outdated])
    return _judge(project, wanted, quotes, declared)


def built_quotes(project: Project, stems: set[str]) -> dict[str, dict[str, Span]]:
    """Each article's claims, by id, with their quotes' offsets as the build holds them (the
    `claims` named query); raises InputError, asking for `kg build`, when there is no build."""
    current_chunks(project)  # says "no build yet: run 'kg build' first", as export and push do
    query = library(project.queries_dirs)["claims"]
    [rows] = FastEngine(project).run([Job((query.text,), lambda store: [
        (row["claim"].value, row["source"].value, int(row["start"].value),
         int(row["end"].value)) for row in run(store, query.text)])])
    found: dict[str, dict[str, Span]] = {}
    for claim, stem, start, end in rows:
        if stem in stems:
            found.setdefault(stem, {})[claim.rsplit("/", 1)[-1]] = (start, end)
    return found


def _outdated(project: Project, wanted: list[Source],
              quotes: dict[str, dict[str, Span]]) -> Problem | None:
    """Why the build does not hold these articles' claims as the data gives them now, or
    None: a sheet's claims, located as the build locates them, must be the built ones."""
    for source in wanted:
        sheet = project.claims_dir / f"{source.stem}.yaml"
        expected = _located(sheet, source) if sheet.is_file() else {}
        built = quotes.get(source.stem, {})
        if expected == built:
            continue
        if expected is None:
            why = "it no longer builds"
        elif missing := sorted(set(expected) - set(built)):
            why = f"claim {missing[0]} is not in the build"
        elif gone := sorted(set(built) - set(expected)):
            why = f"the build has claim {gone[0]}, which the sheet no longer has"
        else:
            moved = next(i for i in sorted(built) if built[i] != expected[i])
            why = f"the quote of claim {moved} is no longer where the build has it"
        return Problem(sheet if sheet.is_file() else source.text_path, None,
                       f"the build is older than the data ({why}): run 'kg build' first, as "
                       "kg coverage reads the built quotes")
    return None


def _located(sheet: Path, source: Source) -> dict[str, Span] | None:
    """The sheet's claims and their quotes' offsets in the article as it is, found as the
    build finds them; None when the sheet would not build (the build then says why)."""
    try:
        document = read_yaml(sheet)
    except InputError:
        return None
    if not isinstance(document, Mapping) or not isinstance(document.get("claims"), list):
        return None
    defaults = document.get("defaults") or {}
    located: dict[str, Span] = {}
    for entry in document["claims"]:
        if not isinstance(entry, dict) or not isinstance(defaults, dict):
            return None
        merged = {**defaults, **entry}
        quote, wanted = str(merged.get("quote", "")), merged.get("occurrence")
        found = occurrences(source.normal, quote) if quote.strip() else []
        index = 1 if wanted is None and len(found) == 1 else wanted
        if not isinstance(index, int) or not 1 <= index <= len(found):
            return None
        span = span_at(source.text, source.normal, found[index - 1], quote)
        located[str(merged.get("id"))] = (span.start, span.end)
    return located


class _Spans:
    """Spans of one article, asked whether one of them holds a given span: by the largest end
    among the spans that start at or before it (bisect on sorted starts)."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1] if self.reach else end))

    def hold(self, span: Span) -> bool:
        at = bisect.bisect_right(self.starts, span[0])
        return at > 0 and self.reach[at - 1] >= span[1]


def _judge(project: Project, wanted: list[Source], quotes: dict[str, dict[str, Span]],
           declared: Declared) -> Coverage:
    gaps: list[Gap] = []
    stale: list[StaleLeftOut] = []
    figures = covered = left_out = 0
    declared_file = _relative(project, declared.path)
    for source in wanted:
        claimed = _Spans(list(quotes.get(source.stem, {}).values()))
        passages, not_found = _passages(source, declared)
        stale += [StaleLeftOut(e, declared_file, "not-found", why) for e, why in not_found]
        used: set[int] = set()
        lines = _line_starts(source.text)
        for mention in figures_in(source.text):
            if mention.group == DATE and declared.dates == "skip":
                continue
            figures += 1
            open_parts = [p for p in mention.parts if not claimed.hold(p)]
            if not open_parts:
                covered += 1
                continue
            excusing = {i for i, (_, spans) in enumerate(passages)
                        if any(spans.hold(p) for p in open_parts)}
            if all(any(passages[i][1].hold(p) for i in excusing) for p in open_parts):
                left_out += 1
                used |= excusing
                continue
            gaps.append(_gap(project, source, mention, lines))
        stale += [StaleLeftOut(entry, declared_file, "nothing-left-out", "every figure in "
                               "these words is in a claim's quote (or they hold none): remove "
                               "the entry") for i, (entry, _) in enumerate(passages)
                  if i not in used]
    by_group = dict.fromkeys(GROUPS, 0)
    for gap in gaps:
        by_group[gap.group] += 1
    return Coverage(tuple(gaps), tuple(sorted(stale, key=lambda s: s.entry.line)), len(wanted),
                    figures, covered, left_out, declared.dates, declared_file, by_group)


def _passages(source: Source, declared: Declared) -> tuple[list[tuple[LeftOut, _Spans]],
                                                             list[tuple[LeftOut, str]]]:
    """The article's declared passages, each with its spans, and those not found in it."""
    found, missing = [], []
    for entry in declared.left_out:
        if entry.source != source.stem:
            continue
        starts = occurrences(source.normal, entry.words)
        if entry.occurrence is not None and entry.occurrence > len(starts):
            missing.append((entry, f"the words occur {len(starts)} times in "
                            f"{source.text_path.name}, not {entry.occurrence}"))
            continue
        if not starts:
            missing.append((entry, f"the words are not in {source.text_path.name} (any more): "
                            "fix them or remove the entry"))
            continue
        if entry.occurrence is not None:
            starts = [starts[entry.occurrence - 1]]
        spans = [span_at(source.text, source.normal, at, entry.words) for at in starts]
        found.append((entry, _Spans([(s.start, s.end) for s in spans])))
    return found, missing


def _gap(project: Project, source: Source, mention: Mention, lines: list[int]) -> Gap:
    line = bisect.bisect_right(lines, mention.start)
    return Gap(source.stem, _relative(project, source.text_path), line,
               mention.start - lines[line - 1] + 1, mention.start, mention.end, mention.words,
               mention.group, context(source.text, mention.start, mention.end))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def context(text: str, start: int, end: int, reach: int = CONTEXT_REACH) -> str:
    """The sentence around text[start:end], within its line, or a window of at most `reach`
    characters on each side of it, cut between words and marked '…'; white space made single
    spaces."""
    begin = text.rfind("\n", 0, start) + 1
    stop = text.find("\n", end)
    stop = len(text) if stop == -1 else stop
    for at in range(start - 1, begin, -1):  # the end of the sentence before, if any
        if text[at].isspace() and text[at - 1] in ".!?" and text[at + 1:at + 2].isupper():
            begin = at + 1
            break
    for at in range(end, stop):
        if text[at] in ".!?" and (at + 1 == stop or text[at + 1].isspace()):
            stop = at + 1
            break
    head, tail = "", ""
    if start - begin > reach:  # cut at a space, so no word is shown in part
        space = text.find(" ", start - reach, start)
        begin, head = (space + 1 if space != -1 else start - reach), "…"
    if stop - end > reach:
        space = text.rfind(" ", end + 1, end + reach + 1)
        stop, tail = (space if space != -1 else end + reach), "…"
    return head + " ".join(text[begin:stop].split()) + tail


def _relative(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root).as_posix()
    except ValueError:
        return str(path)
