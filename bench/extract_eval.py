"""How good `kg extract`'s drafts are, against the curated claim sheets (issue 20, item 4).

    .venv/bin/python bench/extract_eval.py [PROJECT ...] [--corpus examples/NAME ...] [--details]

Without arguments: the bundled corpus (data/), examples/karakalpakstan,
examples/iran-november-2019, examples/kenya-finance-bill-2024,
examples/bangladesh-july-uprising-2024 and examples/sudan-sit-in-dispersal-2019, the six corpora
the rules were shaped on; `--corpus DIR` (repeatable) adds a further project, reported as unseen
(held out: a corpus whose articles and sheets were not read while writing the rules). PROJECT
arguments replace the six defaults.
For each article of a project it drafts a sheet with the project's extractor (kg.curate.extract)
and matches
every draft claim to the curated claim whose quote span overlaps its quote (one to one,
preferring a curated claim whose quote holds the draft's figure and whose value names the same
numbers), then prints per project:

- figure recall: curated claims with a figure (a number, or a date as value) that some draft
  claim matches, of all such claims; numbers and dates also apart. "higher than" claims, whose
  figure is another claim's, are not counted;
- precision: matched draft claims, of all draft claims;
- of the matched pairs: interval (the draft's value read by the figure reader, spread or not,
  has the curated bounds and open ends; dates: the same days), measure (the same property),
  subject, speaker (stated_by after defaults), as-of (both absent, or one date's days within
  the other's), scope (the same set);
- seconds per article: drafting only, the project's ontology and entities loaded once before
  (that load is printed apart).

The cue words (ontology/qantar.ttl skos:hiddenLabel) and rules were first shaped on the bundled
corpus alone and measured on examples/karakalpakstan as unseen, then shaped on both and measured
once on examples/iran-november-2019 held out, then on all three and measured once on
examples/kenya-finance-bill-2024 held out, then on all four and measured once on
examples/bangladesh-july-uprising-2024 held out, then on all five and measured once on
examples/sudan-sit-in-dispersal-2019 held out; since then they were shaped while reading the
misses of all six (`--details`), so no default figure says how the rules do on articles they
were not shaped on: only a corpus given with `--corpus` does.

`--details` (or `--misses`) prints every mismatch: the article, the curated claim, what was
expected and what was guessed, and the quote.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.corpus.dates import DateInterval, parse_date
from kg.corpus.figures import FigureError, numbers_in, parse_figure
from kg.corpus.load import load_context
from kg.corpus.sheets import Claim, load_sheet
from kg.curate.article import read_article
from kg.curate.draft import DraftClaim
from kg.curate.extract import Extractor
from kg.project import open_project

REPO = Path(__file__).resolve().parent.parent
# the corpora the rules were shaped on (relative to the repository)
SHAPED_ON = ("data", "examples/karakalpakstan", "examples/iran-november-2019",
             "examples/kenya-finance-bill-2024", "examples/bangladesh-july-uprising-2024",
             "examples/sudan-sit-in-dispersal-2019")
METRICS = ("interval", "measure", "subject", "speaker", "as_of", "scope")


@dataclass
class Tally:
    curated_numbers: int = 0
    curated_dates: int = 0
    found_numbers: int = 0
    found_dates: int = 0
    drafts: int = 0
    matched: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    asked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def curated_claims(project) -> dict[str, list[Claim]]:
    """The curated claims of each article, read as the build reads them."""
    context, problems = load_context(project)
    if problems:
        raise SystemExit(f"{project.root}: the corpus does not load: {problems[0]}")
    found: dict[str, list[Claim]] = {}
    for sheet in sorted(project.claims_dir.glob("*.yaml")):
        claims, trouble = load_sheet(sheet, context, [])
        if trouble:
            raise SystemExit(f"{sheet}: {trouble[0]}")
        found[sheet.stem] = claims
    return found


def _has_figure(claim: Claim) -> bool:
    return claim.date_value is not None or (claim.figure is not None
                                            and claim.higher_than is None)


def _numbers(text: str) -> set:
    try:
        return numbers_in(text)
    except (ValueError, ArithmeticError):
        return set()


def match(drafts: list[DraftClaim], curated: list[Claim],
          dated: set[str]) -> list[tuple[DraftClaim, Claim]]:
    """Draft claims paired one to one with curated claims whose quote overlaps theirs; `dated`
    names the date-valued properties."""
    options = []
    for draft in drafts:
        is_date = draft.property in dated
        for claim in curated:
            if not _has_figure(claim) or (claim.date_value is not None) != is_date:
                continue
            start, end = claim.span.start, claim.span.end
            overlap = min(end, draft.end) - max(start, draft.start)
            if overlap <= 0:
                continue
            holds = start <= draft.figure[0] and draft.figure[1] <= end
            wording = claim.figure.wording if claim.figure else str(claim.date_value)
            same = bool(_numbers(draft.value) & _numbers(wording)) or is_date
            options.append(((holds, same, overlap), draft, claim))
    pairs, used_d, used_c = [], set(), set()
    for _, draft, claim in sorted(options, key=lambda o: o[0], reverse=True):
        if id(draft) in used_d or id(claim) in used_c:
            continue
        used_d.add(id(draft))
        used_c.add(id(claim))
        pairs.append((draft, claim))
    return pairs


def _within(a: DateInterval, b: DateInterval) -> bool:
    return (a.first >= b.first and a.last <= b.last) or (b.first >= a.first and b.last <= a.last)


def judge(draft: DraftClaim, claim: Claim, default: str | None, anchor, anchor_name: str,
          tolerance) -> dict[str, bool | None]:
    """Which of the draft's guesses the curated claim confirms (None: not comparable)."""
    verdict: dict[str, bool | None] = {}
    if claim.figure is not None and claim.higher_than is None:
        try:
            figure = parse_figure(draft.value, tolerance, draft.spread)
            bounds = (figure.lower, figure.upper, figure.lower_exclusive, figure.upper_exclusive)
            wanted = claim.figure
            verdict["interval"] = bounds == (wanted.lower, wanted.upper, wanted.lower_exclusive,
                                             wanted.upper_exclusive)
        except FigureError:
            verdict["interval"] = False
    elif claim.date_value is not None:
        try:
            verdict["interval"] = _within(parse_date(draft.value, anchor, anchor_name),
                                          claim.date_value)
        except ValueError:
            verdict["interval"] = False
    verdict["measure"] = draft.property == claim.prop.name
    verdict["subject"] = draft.subject == claim.subject
    verdict["speaker"] = (draft.stated_by or default) == claim.stated_by
    if claim.date_value is None:
        if draft.as_of is None or claim.as_of is None:
            verdict["as_of"] = draft.as_of is None and claim.as_of is None
        else:
            try:
                verdict["as_of"] = _within(parse_date(draft.as_of, anchor, anchor_name),
                                           claim.as_of)
            except ValueError:
                verdict["as_of"] = False
        verdict["scope"] = tuple(sorted(draft.scope)) == tuple(claim.scope)
    return verdict


def evaluate(root: Path, show_misses: bool = False) -> tuple[Tally, float]:
    project = open_project(root)
    started = time.perf_counter()
    extractor = Extractor(project)
    load = time.perf_counter() - started
    curated = curated_claims(project)
    tally = Tally()
    for path in sorted(project.sources_dir.glob("*.txt")):
        article = read_article(path)
        started = time.perf_counter()
        draft = extractor.draft(article)
        tally.seconds.append(time.perf_counter() - started)
        claims = curated.get(path.stem, [])
        figures = [c for c in claims if _has_figure(c)]
        tally.curated_numbers += sum(c.date_value is None for c in figures)
        tally.curated_dates += sum(c.date_value is not None for c in figures)
        tally.drafts += len(draft.claims)
        dated = {n for n, p in extractor.ontology.properties.items() if p.value_type == "date"}
        pairs = match(draft.claims, claims, dated)
        tally.matched += len(pairs)
        anchor, name = article.anchor
        for draft_claim, claim in pairs:
            tally.found_numbers += claim.date_value is None
            tally.found_dates += claim.date_value is not None
            for metric, ok in judge(draft_claim, claim, draft.stated_by, anchor, name,
                                    project.settings.tolerance).items():
                if ok is None:
                    continue
                tally.asked[metric] += 1
                tally.right[metric] += ok
                if not ok and show_misses:
                    tally.misses.append(
                        f"{path.stem} {claim.id} {metric}: expected {_curated(claim, metric)}, "
                        f"guessed {_shown(draft_claim, metric)} | {_quote(claim.span.exact)}")
        if show_misses:
            matched = {id(c) for _, c in pairs}
            tally.misses += [f"{path.stem} {c.id} not found: {_quote(c.span.exact)}"
                             for c in figures if id(c) not in matched]
            paired = {id(d) for d, _ in pairs}
            tally.misses += [f"{path.stem} {d.id} extra: {d.value!r} ({d.property}) | "
                             f"{_quote(d.quote)}" for d in draft.claims if id(d) not in paired]
    return tally, load


def _quote(text: str) -> str:
    return repr(" ".join(text.split())[:90])


def _shown(draft: DraftClaim, metric: str) -> str:
    return {"interval": draft.value + " spread" * draft.spread, "measure": draft.property,
            "subject": draft.subject, "speaker": str(draft.stated_by), "as_of": str(draft.as_of),
            "scope": str(draft.scope)}[metric]


def _curated(claim: Claim, metric: str) -> str:
    wording = claim.figure.wording if claim.figure else str(claim.date_value)
    return {"interval": wording, "measure": claim.prop.name, "subject": claim.subject,
            "speaker": str(claim.stated_by), "as_of": str(claim.as_of),
            "scope": str(claim.scope)}[metric]


def _share(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}% ({right}/{total})" if total else "    - (0/0)"


def report(name: str, tally: Tally, load: float) -> list[str]:
    figures = tally.curated_numbers + tally.curated_dates
    found = tally.found_numbers + tally.found_dates
    mean = sum(tally.seconds) / len(tally.seconds) if tally.seconds else 0.0
    rows = [("figure recall (numbers and dates)", _share(found, figures)),
            ("  numbers", _share(tally.found_numbers, tally.curated_numbers)),
            ("  dates", _share(tally.found_dates, tally.curated_dates)),
            ("precision", _share(tally.matched, tally.drafts))]
    rows += [(f"{m.replace('_', '-')} accuracy", _share(tally.right[m], tally.asked[m]))
             for m in METRICS]
    rows += [("seconds per article", f"{mean:.3f} (max {max(tally.seconds, default=0):.3f}; "
              f"{len(tally.seconds)} articles; loading the project once {load:.2f})")]
    width = max(len(r[0]) for r in rows)
    return [f"## {name}", *(f"{label:<{width}}  {value}" for label, value in rows)]


def _shaped(root: Path, shaped: list[Path]) -> bool:
    return any(root.resolve() == s.resolve() for s in shaped)


def _name(root: Path) -> str:
    resolved = root.resolve()
    return str(resolved.relative_to(REPO)) if resolved.is_relative_to(REPO) else str(root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", nargs="*", type=Path,
                        help="projects to evaluate instead of the six the rules were shaped on")
    parser.add_argument("--corpus", action="append", type=Path, default=[],
                        help="a further project to evaluate, unseen (repeatable)")
    parser.add_argument("--details", "--misses", dest="misses", action="store_true",
                        help="print every mismatch: article, claim, expected and guessed, quote")
    args = parser.parse_args(argv)
    shaped = [REPO / name if name != "data" else REPO for name in SHAPED_ON]
    projects = list(dict.fromkeys([*(args.projects or shaped), *args.corpus]))
    unseen = [_name(r) for r in projects if not _shaped(r, shaped)]
    print("rules shaped on: data/, examples/karakalpakstan, examples/iran-november-2019, "
          "examples/kenya-finance-bill-2024, examples/bangladesh-july-uprising-2024 and "
          "examples/sudan-sit-in-dispersal-2019; unseen: "
          f"{', '.join(unseen) if unseen else 'none given (add --corpus examples/NAME)'}")
    for root in projects:
        tally, load = evaluate(root, args.misses)
        if root.resolve() == REPO:
            name = "bundled corpus, data/ (rules shaped on it)"
        elif _shaped(root, shaped):
            name = f"{_name(root)} (rules shaped on it)"
        else:
            name = f"{_name(root)} (unseen: not shaped on)"
        print("\n".join(report(name, tally, load)))
        if args.misses:
            print("\n".join(f"  {m}" for m in tally.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
