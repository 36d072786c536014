"""The page as a whole: a header, the index (counts by reason, grades with their rule, the
disputes and figures shown, the subjects), then the sections, in one self-contained file.

Nothing on the page is fetched when it is viewed: the style and the search script are inline
(kg.report.style), the charts are inline SVG, links lead to the claims' IRIs but load nothing.
The page is deterministic (no clock, no random ids): the same build gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from kg.conflicts.rules import CONFLICT_REASONS
from kg.report.contents import Contents
from kg.report.figures import RANGE_RULE
from kg.report.grades import GRADES, RULE
from kg.report.sections import (
    REASON_WORDS,
    Namer,
    dispute_section,
    figure_section,
    figure_title,
)
from kg.report.style import CSS, SCRIPT


def render_page(contents: Contents) -> str:
    """The HTML of the report."""
    body = [_header(contents), _search(), _reasons(contents), _grades(contents),
            _disputes_index(contents), _figures_index(contents), _subjects(contents),
            '<h2 id="disputes">Disputes</h2>']
    body += [dispute_section(contents, d) for d in contents.disputes]
    body.append(_left_out_disputes(contents))
    body.append('<h2 id="figures">Figures over time</h2>')
    body += [figure_section(contents, f) for f in contents.shown]
    body.append(_left_out_figures(contents))
    body.append('<footer class="note"><p>Written by <code>kg report</code> from the build '
                "(<code>build/kg.nt</code>). Every claim links to its IRI; "
                "<code>kg query claim-graph --param claim=&lt;IRI&gt;</code> shows one as RDF. "
                "The page loads nothing from the network.</p></footer>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(contents.title)}: disputes, figures and sources</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body)
            + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n")


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def _header(contents: Contents) -> str:
    build, report = contents.build, contents.conflicts
    return (f"<header><h1>{escape(contents.title)}</h1>"
            f'<p class="muted">{_plural(len(build.claims), "claim")} from '
            f'{_plural(len(build.sources), "source")}; '
            f'{_plural(len(contents.figures), "figure")} '
            f"({contents.several:,} given by several claims); "
            f'{_plural(len(report.conflicts), "conflict")} in '
            f'{_plural(len(report.disputes), "dispute")}.</p>'
            '<nav class="note"><a href="#reasons">by reason</a> · <a href="#grades">grades</a>'
            ' · <a href="#dispute-index">disputes</a> · <a href="#figure-index">figures</a> · '
            '<a href="#subjects">subjects</a></nav></header>')


def _search() -> str:
    return ('<div id="search" hidden><label>Search by name (entities, speakers, aliases): '
            '<input id="search-input" type="search" placeholder="e.g. Tokayev"></label> '
            '<span id="search-count" class="muted"></span></div>'
            '<p id="no-script" class="note">Search needs JavaScript; your browser\'s find '
            "(Ctrl+F) reads the same names.</p>")


def _reasons(contents: Contents) -> str:
    report = contents.conflicts
    conflicts = Counter(c.reason for c in report.conflicts)
    reason_of = {c.id: c.reason for c in report.conflicts}
    disputes = Counter(r for d in report.disputes for r in {reason_of[i] for i in d.conflicts})
    shown = Counter(r for d in contents.disputes for r in {reason_of[i] for i in d.conflicts})
    first = {}
    for dispute in contents.disputes:
        for reason in sorted({reason_of[i] for i in dispute.conflicts}):
            first.setdefault(reason, dispute.id)
    rows = []
    for reason in (r for r in CONFLICT_REASONS if conflicts[r]):
        link = (f'<a href="#{escape(first[reason])}">{escape(reason)}</a>' if reason in first
                else escape(reason))
        rows.append(f'<tr><td class="reason">{link}</td><td>{escape(REASON_WORDS[reason])}</td>'
                    f'<td class="n">{conflicts[reason]:,}</td><td class="n">{disputes[reason]:,}'
                    f'</td><td class="n">{shown[reason]:,}</td>'
                    f"<td><code>kg conflicts --reason {escape(reason)}</code></td></tr>")
    if not rows:
        return '<h2 id="reasons">Conflicts by reason</h2><p>No conflicts found.</p>'
    return ('<h2 id="reasons">Conflicts by reason</h2><table><thead><tr><th>reason</th>'
            '<th>in plain words</th><th class="n">conflicts</th><th class="n">disputes</th>'
            '<th class="n">shown here</th><th>all of them</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _grades(contents: Contents) -> str:
    counted = Counter(contents.grades.values())
    several = Counter(contents.grades[f.anchor] for f in contents.figures if len(f.claims) > 1)
    shown = Counter(contents.grades[f.anchor] for f in contents.shown)
    rows = "".join(f'<tr><td><span class="grade grade-{g.replace(" ", "-")}">{escape(g)}'
                   f'</span></td><td class="n">{counted[g]:,}</td><td class="n">{several[g]:,}'
                   f'</td><td class="n">{shown[g]:,}</td></tr>' for g in GRADES)
    return ('<h2 id="grades">Support grades</h2><table><thead><tr><th>grade</th>'
            '<th class="n">figures</th><th class="n">given by several claims</th>'
            '<th class="n">shown here</th></tr></thead><tbody>' + rows + "</tbody></table>"
            f'<h3>How a figure is graded</h3><div class="rule" id="grade-rule">{_prose(RULE)}'
            '</div><h3>The range of a figure</h3>'
            f'<div class="rule" id="range-rule">{_prose(RANGE_RULE)}</div>')


def _prose(docstring: str) -> str:
    """A docstring's paragraphs as HTML paragraphs: its words unchanged, its line breaks
    (wrapped for the source file) joined."""
    return "".join(f"<p>{escape(' '.join(paragraph.split()))}</p>"
                   for paragraph in docstring.split("\n\n") if paragraph.strip())


def _disputes_index(contents: Contents) -> str:
    items = "".join(f'<li><a href="#{escape(d.id)}">{escape(d.id)}</a>: '
                    + escape("; ".join(sorted({f"{v.property_label} of {v.subject_label}"
                                               for v in d.claims}))) + "</li>"
                    for d in contents.disputes)
    return (f'<h2 id="dispute-index">Disputes ({len(contents.conflicts.disputes):,})</h2>'
            f'<ul class="toc">{items}</ul>' + _left_out_disputes(contents))


def _figures_index(contents: Contents) -> str:
    items = "".join(f'<li><a href="#{escape(f.anchor)}">{escape(figure_title(contents, f))}'
                    f'</a> <span class="grade grade-{contents.grades[f.anchor].replace(" ", "-")}'
                    f'">{escape(contents.grades[f.anchor])}</span></li>' for f in contents.shown)
    return (f'<h2 id="figure-index">Figures given by several claims ({contents.several:,})</h2>'
            f'<ul class="toc">{items}</ul>' + _left_out_figures(contents))


def _left_out_disputes(contents: Contents) -> str:
    hidden = len(contents.conflicts.disputes) - len(contents.disputes)
    if hidden <= 0:
        return ""
    return (f'<p class="note left-out">{_plural(hidden, "more dispute")} not shown in full '
            f"(the first {len(contents.disputes):,} are). See them all with "
            "<code>kg conflicts</code>, by reason with <code>kg conflicts --reason REASON</code>"
            ", about one subject with <code>kg conflicts --subject kind/slug</code>; or write "
            "a longer page with <code>kg report --limit N</code>.</p>")


def _left_out_figures(contents: Contents) -> str:
    hidden = contents.several - len(contents.shown)
    if hidden <= 0:
        return ""
    return (f'<p class="note left-out">{_plural(hidden, "more figure")} given by several '
            f"claims not drawn (the {len(contents.shown):,} drawn are those of the disputes "
            "shown, then other contested ones, then those with the most claims). See one with "
            "<code>kg query timeline --param subject=&lt;IRI&gt; --param property=&lt;IRI&gt;"
            "</code>, or write a longer page with <code>kg report --limit N</code>.</p>")


def _subjects(contents: Contents) -> str:
    namer = Namer(contents)
    rows = []
    for row in contents.subjects[:contents.limit]:
        grades = ", ".join(f"{g} {n}" for g, n in row.grades.items())
        iri = f"{contents.base}{row.subject}"
        rows.append(f'<tr data-names="{namer.names({iri})}"><td><a href="{escape(iri)}">'
                    f"{escape(row.label)}</a><br><code>{escape(row.subject)}</code></td>"
                    f'<td class="n">{row.figures:,}</td><td class="n">{row.claims:,}</td>'
                    f'<td class="n">{row.conflicts:,}</td><td class="n">{row.disputes:,}</td>'
                    f"<td>{escape(grades)}</td></tr>")
    hidden = len(contents.subjects) - len(rows)
    more = (f'<p class="note left-out">{_plural(hidden, "more subject")} not listed (the '
            f"{len(rows):,} listed have the most conflicts, then claims). "
            "<code>kg conflicts --subject kind/slug</code> shows one subject's conflicts, "
            "<code>kg query about --param entity=&lt;IRI&gt;</code> all its claims.</p>"
            if hidden > 0 else "")
    return (f'<h2 id="subjects">Subjects ({len(contents.subjects):,})</h2><table><thead><tr>'
            '<th>subject</th><th class="n">figures</th><th class="n">claims</th>'
            '<th class="n">conflicts</th><th class="n">disputes</th><th>grades</th></tr>'
            "</thead><tbody>" + "".join(rows) + "</tbody></table>" + more)
