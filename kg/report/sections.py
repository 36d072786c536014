"""The page's two kinds of section: a dispute, its claims side by side with their quotes in
their sentences; a figure, its claims over time, the range its sources support and its grade.

Every text that comes from the data (quotes, labels, wordings, titles) goes through `escape`
before it reaches the page, attributes included: an article may hold anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kg.conflicts.find import Dispute
from kg.conflicts.views import ClaimView, short
from kg.report.charts import Mark, chart, colour
from kg.report.contents import Contents
from kg.report.figures import End, Figure, Range
from kg.report.quotes import highlighted
from kg.report.read import FigureClaim

REASON_WORDS = {
    "contradiction": "the figures cannot both be true: they do not overlap, for a fact fixed "
                     "once or for a running count at the same time",
    "count-decreased": "a running count, which can only grow, is lower at a later date",
    "part-exceeds-whole": "a part (officers among the dead, one trial among all) is larger "
                          "than the whole that includes it",
    "spread-outside-whole": "a part's figure lies outside the range given for the whole "
                            "group it belongs to",
    "functional-mismatch": "a fact with one value (the court of a trial, a verdict date) is "
                           "given two different values",
    "disputed": "the text itself says the figure is wrong or too low",
}


@dataclass(frozen=True)
class Namer:
    """Names and links for IRIs, from the build's labels."""

    contents: Contents

    def label(self, iri: str | None) -> str:
        if not iri:
            return ""
        return self.contents.build.labels.get(iri) or short(iri, self.contents.base)

    def names(self, iris: set[str]) -> str:
        """The `data-names` the search reads: every label and alias of `iris`, lower case."""
        build = self.contents.build
        found = {name.lower() for iri in iris if iri
                 for name in (build.labels.get(iri, ""), *build.aliases.get(iri, ())) if name}
        found |= {short(iri, self.contents.base).lower() for iri in iris if iri}
        return escape(" | ".join(sorted(found)))

    def source(self, stem: str) -> str:
        info = self.contents.build.sources.get(stem)
        iri = f"{self.contents.base}source/{stem}"
        title = info.title if info else stem
        publisher = f", {info.publisher}" if info and info.publisher else ""
        return (f'<a href="{escape(iri)}">{escape(title)}</a>'
                f'<span class="muted">{escape(publisher)} ({escape(stem)})</span>')

    def speaker(self, agent: str | None) -> str:
        if not agent:
            return '<span class="muted">the article itself</span>'
        kind = self.contents.kinds.get(agent)
        what = f' <span class="muted">({escape(self.label(kind).lower())})</span>' if kind else ""
        return f'<a href="{escape(agent)}">{escape(self.label(agent))}</a>{what}'

    def kind_of(self, agent: str | None) -> str | None:
        kind = self.contents.kinds.get(agent or "")
        return kind.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if kind else None


def said(namer: Namer, claim: FigureClaim) -> str:
    """How the claim words its figure: the wording, else the entity's label, else the date."""
    return claim.wording or namer.label(claim.object) or claim.date or ""


def claim_link(iri: str, claim_id: str) -> str:
    return f'<a class="claim-id" href="{escape(iri)}">{escape(claim_id)}</a>'


def number(value: int | float | str) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _when(view: ClaimView) -> str:
    if view.as_of:
        return f"as of {view.as_of_said}"
    return f"published {view.published}" if view.published else "undated"


def dispute_section(contents: Contents, dispute: Dispute) -> str:
    namer = Namer(contents)
    by_id = {c.id: c for c in contents.conflicts.conflicts}
    members = [by_id[i] for i in dispute.conflicts if i in by_id]
    what = sorted({(v.property_label, v.subject_label) for v in dispute.claims})
    anchors = sorted({contents.figure_of[v.iri] for v in dispute.claims
                      if v.iri in contents.figure_of})
    shown = {f.anchor for f in contents.shown}
    links = ", ".join(f'<a href="#{escape(a)}">chart</a>' for a in anchors if a in shown)
    claims = [contents.by_iri[v.iri] for v in dispute.claims if v.iri in contents.by_iri]
    iris = {c.subject for c in claims} | {c.stated_by or "" for c in claims}
    reasons = sorted({c.reason for c in members})
    out = [f'<section class="dispute" id="{escape(dispute.id)}" data-names="{namer.names(iris)}">',
           f"<h3>{escape(dispute.id)}: "
           + "; ".join(f"the {escape(p)} of {escape(s)}" for p, s in what) + "</h3>",
           '<p class="what">Disputed: ' + ", ".join(
               f'<span class="reason">{escape(r)}</span> ({escape(REASON_WORDS.get(r, r))})'
               for r in reasons) + (f". See the {links}." if links else ".") + "</p>",
           f'<p class="explanation">{escape(dispute.explanation)}</p>',
           '<div class="side-by-side">']
    out += [_claim_card(contents, namer, view) for view in dispute.claims]
    out.append("</div><details><summary>Each conflict, explained</summary><ul>")
    out += [f'<li><span class="reason">{escape(c.reason)}</span>: {escape(c.explanation)}</li>'
            for c in members]
    out.append("</ul></details></section>")
    return "\n".join(out)


def _claim_card(contents: Contents, namer: Namer, view: ClaimView) -> str:
    claim = contents.by_iri.get(view.iri)
    status = "stated" if view.status == "stated" else "greyed"
    return (f'<article class="claim {status}" data-claim="{escape(view.id)}">'
            f"<header>{claim_link(view.iri, view.id)}"
            f'<span class="figure-value">{escape(view.wording)}</span>'
            f'<span class="muted">{escape(view.status)}</span></header>'
            f"{highlighted(contents.texts.get(view.source), view.start, view.end, view.quote)}"
            f"<dl><dt>source</dt><dd>{namer.source(view.source)}</dd>"
            f"<dt>speaker</dt><dd>{namer.speaker(claim.stated_by if claim else None)}</dd>"
            f"<dt>date</dt><dd>{escape(_when(view))}</dd>"
            f"<dt>offsets</dt><dd>{view.start}–{view.end}</dd></dl></article>")


def figure_title(contents: Contents, figure: Figure) -> str:
    view = next((contents.views[c.iri] for c in figure.claims if c.iri in contents.views), None)
    namer = Namer(contents)
    title = (f"the {view.property_label} of {view.subject_label}" if view is not None else
             f"the {namer.label(figure.property)} of {namer.label(figure.subject)}")
    return title + (f": {namer.label(figure.entity)}" if figure.entity else "")


def figure_section(contents: Contents, figure: Figure) -> str:
    namer = Namer(contents)
    grade = contents.grades[figure.anchor]
    marks = [_mark(contents, namer, figure, c) for c in figure.claims]
    unit = namer.label(figure.unit) if figure.unit else ""
    iris = {figure.subject, *(c.stated_by or "" for c in figure.claims),
            *(c.object or "" for c in figure.claims)}
    kinds = sorted({(namer.kind_of(c.stated_by), namer.label(contents.kinds.get(
        c.stated_by or "", "")) or "the article itself") for c in figure.claims})
    legend = "".join(f'<li><span class="swatch" style="background:{colour(kind)}"></span>'
                     f"{escape(label)}</li>" for kind, label in kinds)
    if any(not c.stated for c in figure.claims):
        legend += ('<li><span class="swatch" style="background:#9a9a9a"></span>superseded, '
                   "retracted or false</li>")
    return "\n".join([
        f'<section class="figure" id="{escape(figure.anchor)}" '
        f'data-names="{namer.names(iris)}">',
        f"<h3>{escape(figure_title(contents, figure))} "
        f'<span class="grade grade-{grade.replace(" ", "-")}">{escape(grade)}</span></h3>',
        chart(f"chart-{figure.anchor}", marks, unit),
        f'<ul class="legend">{legend}<li class="muted">bar: exact; band: an interval; dashed '
        "edge: that end excluded; fading with an arrow: no bound given; red outline: in a "
        "dispute (a click leads to it; other marks lead to the claim)</li></ul>",
        _range(contents, namer, figure, contents.ranges.get(figure.anchor)),
        _claim_table(contents, namer, figure), "</section>"])


def _mark(contents: Contents, namer: Namer, figure: Figure, claim: FigureClaim) -> Mark:
    dispute = contents.dispute_of.get(claim.iri)
    shown = {d.id for d in contents.disputes}
    href = f"#{dispute}" if dispute in shown else claim.iri
    row = None
    if figure.kind == "entity":
        row = namer.label(claim.object)
    elif figure.kind == "date":
        row = claim.date or "?"
    when = f"{claim.start} to {claim.end}" if claim.start and claim.end else "undated"
    title = (f"{claim.id}: {said(namer, claim)} — "
             f"{namer.label(claim.stated_by) or 'the article'}, {when}, {claim.status}"
             + (f", in {dispute}" if dispute else ""))
    return Mark(claim.id, claim.start, claim.end, claim.lower, claim.upper, claim.lower_open,
                claim.upper_open, row, namer.kind_of(claim.stated_by), not claim.stated,
                href, title, bool(dispute))


def _end_text(namer: Namer, end: End, high: bool) -> str:
    if isinstance(end.value, str) and end.value.startswith("http"):
        value = escape(namer.label(end.value))
    else:
        value = escape(number(end.value))
        if not high:
            value = f"more than {value}" if end.excluded else value
        elif end.beyond:
            value = (f"more than {value}, no upper figure given" if end.excluded
                     else f"{value} or more")
        elif end.excluded:
            value = f"under {value}"
    behind = ", ".join(f"{claim_link(c.iri, c.id)} “{escape(said(namer, c))}”"
                       for c in end.claims)
    sources = f"{end.sources} independent source{'s' if end.sources != 1 else ''}"
    return f"<b>{value}</b> ({behind}; {sources})"


def _range(contents: Contents, namer: Namer, figure: Figure, found: Range | None) -> str:
    if found is None:
        return ""
    if found.values:
        return ('<p class="range">Values given: ' + "; ".join(
            _end_text(namer, end, False) for end in found.values) + ".</p>")
    if found.low is None and found.high is None:
        return '<p class="range muted">No stated claim gives a figure.</p>'
    parts = []
    low, high = ("earliest", "latest") if figure.kind == "date" else ("lowest", "highest")
    if found.low is not None:
        parts.append(f"{low} {_end_text(namer, found.low, False)}")
    if found.high is not None:
        parts.append(f"{high} {_end_text(namer, found.high, True)}")
    return '<p class="range">Range the sources support: ' + "; ".join(parts) + ".</p>"


def _claim_table(contents: Contents, namer: Namer, figure: Figure) -> str:
    shown = {d.id for d in contents.disputes}
    rows = []
    for claim in figure.claims:
        view = contents.views.get(claim.iri)
        dispute = contents.dispute_of.get(claim.iri, "")
        link = (f'<a href="#{escape(dispute)}">{escape(dispute)}</a>' if dispute in shown
                else escape(dispute))
        when = escape(_when(view)) if view else ""
        greyed = "" if claim.stated else ' class="status-greyed"'
        quote = escape(" ".join(view.quote.split())) if view else ""
        rows.append(f"<tr><td>{claim_link(claim.iri, claim.id)}</td><td>{when}</td>"
                    f"<td>{escape(said(namer, claim))}</td>"
                    f"<td>{namer.speaker(claim.stated_by)}</td>"
                    f'<td><a href="{escape(contents.base)}source/{escape(claim.source)}">'
                    f"{escape(claim.source)}</a></td><td{greyed}>{escape(claim.status)}</td>"
                    f"<td>{link}</td><td>{quote}</td></tr>")
    return ("<table class=\"claims\"><thead><tr><th>claim</th><th>date</th><th>figure</th>"
            "<th>stated by</th><th>source</th><th>status</th><th>dispute</th><th>quote</th>"
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
