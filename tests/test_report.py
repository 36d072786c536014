"""`kg report`: one self-contained HTML page made from the build.

On the bundled corpus: a section per dispute with each quote marked at its offsets in its
sentence, the death toll's chart with a mark per claim, grades with the rule the code uses,
nothing fetched from the network, the same bytes twice. On tiny corpora: grades that can be
told by hand, escaping of a quote holding markup, the cap at scale. In a real browser
(headless Chromium, when installed) the sections and charts are in the rendered DOM.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.app import app
from kg.engine.runner import PlainEngine
from kg.engine.store import open_store
from kg.project import open_project
from kg.report import report_html
from kg.report.grades import RULE

from .conflict_corpus import claim, write_corpus

DEATH_TOLL = "figure-event-bloody-january-deaths"


@pytest.fixture(scope="module")
def page(built_bundled: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", "-p", str(built_bundled), "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and "3 of 3 disputes" in result.stderr
    return out.read_text(encoding="utf-8")


def section(page: str, element_id: str) -> str:
    """The <section> with this id, whole (sections do not nest)."""
    start = page.index(f'id="{element_id}"')
    start = page.rindex("<section", 0, start)
    return page[start:page.index("</section>", start) + len("</section>")]


def test_a_section_per_dispute(page: str) -> None:
    ids = re.findall(r'<section class="dispute" id="([^"]+)"', page)
    assert ids == ["dispute-1", "dispute-2", "dispute-3"]
    for dispute in ids:
        assert f'<a href="#{dispute}">{dispute}</a>' in page  # the index links to each


def test_the_death_toll_dispute_shows_both_quotes_at_their_offsets(
        page: str, built_bundled: Path, kg) -> None:
    found = json.loads(kg("conflicts", "-f", "json", "-p", str(built_bundled)).stdout)
    claims = {c["claim"]: c for conflict in found["conflicts"] for c in conflict["claims"]}
    dispute = section(page, "dispute-3")
    text = (built_bundled / "data" / "sources" / "004_ae2c329ed266d90a.txt").read_text(
        encoding="utf-8")
    for claim_id in ("004-08", "004-11"):
        card = re.search(rf'<article class="claim[^"]*" data-claim="{claim_id}">.*?</article>',
                         dispute, re.S)
        assert card is not None, claim_id
        start, end = claims[claim_id]["start"], claims[claim_id]["end"]
        marked = re.search(r'<mark data-start="(\d+)" data-end="(\d+)">(.*?)</mark>',
                           card.group())
        assert marked is not None
        assert (int(marked.group(1)), int(marked.group(2))) == (start, end)
        assert html.unescape(marked.group(3)) == text[start:end]
        # the words before the mark are the article's, up to the start of the sentence
        before = re.search(r'<q class="sentence">(.*?)<mark', card.group(), re.S).group(1)
        assert text[:start].endswith(html.unescape(before).removeprefix("… "))
        assert f'href="https://w3id.org/qantar/id/claim/{claim_id}"' in card.group()
    assert "238 people, including 19 law enforcement officers, died" in dispute
    assert "Human rights groups insist that the number of people killed" in dispute
    assert "Kazakh officials" in dispute and "Human rights groups" in dispute
    assert "the text itself says the figure is wrong or too low" in dispute  # plain words


def test_the_death_toll_chart_has_one_mark_per_claim(page: str, built_bundled: Path,
                                                     kg) -> None:
    timeline = json.loads(kg("query", "timeline", "-f", "json", "-p",
                             str(built_bundled)).stdout)
    expected = {row["claim"]["value"].rsplit("/", 1)[-1]
                for row in timeline["results"]["bindings"]}
    figure = section(page, DEATH_TOLL)
    assert figure.count("<svg") == 1
    marks = re.findall(r'<g class="mark[^"]*" data-claim="([^"]+)"', figure)
    assert sorted(marks) == sorted(expected) == ["000-05", "004-01", "004-08", "004-11"]
    disputed = re.findall(r'<a href="#dispute-3"><g class="mark disputed" data-claim="([^"]+)"',
                          figure)
    assert sorted(disputed) == ["004-08", "004-11"]  # disputes linked from the chart
    assert figure.count('class="open-end"') == 3  # over 200, more than 200, higher than 238
    assert 'grade-contested">contested<' in figure
    assert "highest <b>238 or more</b>" in figure
    # each claim at its date interval: 004-08 holds "as of 2022", the whole year
    assert re.search(r'data-claim="004-08"[^>]*><title>004-08: 238 — Kazakh officials, '
                     r"2022-01-01 to 2022-12-31, stated, in dispute-3</title>", figure)


def test_grades_come_with_the_rule_the_code_uses(page: str) -> None:
    rule = re.search(r'<div class="rule" id="grade-rule">(.*?)</div>', page, re.S).group(1)
    assert " ".join(html.unescape(re.sub(r"</?p>", " ", rule)).split()) == " ".join(RULE.split())
    for grade in ("confirmed", "fair", "weak", "contested", "single source"):
        assert f">{grade}</span>" in page


def test_nothing_is_fetched_from_the_network(page: str) -> None:
    lowered = page.lower()
    for fetching in ("<script src", "<link", "url(http", "@import", "<img", "<iframe",
                     'src="http', "src='http"):
        assert fetching not in lowered, fetching
    assert lowered.count("<script") == 1  # the inline search script, holding no data


def test_the_same_build_gives_the_same_bytes(page: str, built_bundled: Path, kg,
                                             tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    assert kg("report", "-p", str(built_bundled), "-o", str(again)).exit_code == 0
    assert again.read_text(encoding="utf-8") == page


def test_a_limit_says_what_it_left_out(built_bundled: Path, kg, tmp_path: Path) -> None:
    out = tmp_path / "short.html"
    result = kg("report", "-p", str(built_bundled), "-o", str(out), "--limit", "1")
    assert result.exit_code == 0 and "1 of 3 disputes" in result.stderr
    short = out.read_text(encoding="utf-8")
    assert len(re.findall(r'<section class="dispute"', short)) == 1
    assert len(re.findall(r'<section class="figure"', short)) == 1
    assert "2 more disputes not shown in full" in short
    assert "kg conflicts --reason" in short and "kg report --limit N" in short
    assert "more figures given by several claims not drawn" in short


def test_output_must_be_html(built_bundled: Path, kg, tmp_path: Path) -> None:
    result = kg("report", "-p", str(built_bundled), "-o", str(tmp_path / "report.txt"))
    assert result.exit_code == 2
    assert "the report is HTML; give a file ending in .html" in result.stderr
    assert not (tmp_path / "report.txt").exists()


def test_no_build_is_a_sentence(bundled: Path, kg, tmp_path: Path) -> None:
    result = kg("report", "-p", str(bundled), "-o", str(tmp_path / "report.html"))
    assert result.exit_code == 2
    assert "no build yet: run 'kg build' first" in result.stderr
    assert not (tmp_path / "report.html").exists()


HOSTILE = '<script>alert("x")</script> & 10 died'


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Deaths: 10 from two independent outlets (confirmed). Injured: 5 twice in one article
    (single source). Detained: 7 from two articles relaying one wire (single source, relays
    count once). Missing: 10 with a quote holding markup, against 50 (contested). Convicted:
    more than 20, and a superseded 25 (greyed; only one stated claim: single source)."""
    root = tmp_path_factory.mktemp("tiny")
    sources = {"100_a": {"published": "2024-03-20", "publisher": "org/outlet-a"},
               "200_b": {"published": "2024-03-20", "publisher": "org/outlet-b"},
               "300_c": {"published": "2024-03-20", "publisher": "org/outlet-a",
                         "relays": "org/wire"},
               "400_d": {"published": "2024-03-20", "publisher": "org/outlet-b",
                         "relays": "org/wire"}}
    write_corpus(root, [
        claim("100-01", "deaths", 10), claim("200-01", "deaths", 10),
        claim("100-02", "injured", 5), claim("100-03", "injured", 5,
                                             quote="injured is 5 again (100-03)"),
        claim("300-01", "peopleDetained", 7), claim("400-01", "peopleDetained", 7),
        claim("100-04", "missing", 10, quote=HOSTILE), claim("200-02", "missing", 50),
        claim("100-05", "peopleConvicted", "more than 20"),
        claim("200-03", "peopleConvicted", 25, status="superseded"),
    ], sources)
    runner = CliRunner()
    assert runner.invoke(app, ["build", "-p", str(root)]).exit_code == 0
    out = root / "report.html"
    result = runner.invoke(app, ["report", "-p", str(root), "-o", str(out)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _grade_of(page: str, measure: str) -> str:
    figure = section(page, f"figure-event-unrest-{measure}")
    return re.search(r'<span class="grade grade-[^"]+">([^<]+)</span>', figure).group(1)


def test_grades_on_a_tiny_corpus(tiny: str) -> None:
    assert _grade_of(tiny, "deaths") == "confirmed"
    assert _grade_of(tiny, "injured") == "single source"
    assert _grade_of(tiny, "peopleDetained") == "single source"
    assert _grade_of(tiny, "missing") == "contested"
    detained = section(tiny, "figure-event-unrest-peopleDetained")
    assert "1 independent source)" in detained  # the two relays of one wire count once
    deaths = section(tiny, "figure-event-unrest-deaths")
    assert "lowest <b>10</b>" in deaths and "2 independent sources)" in deaths


def test_superseded_claims_are_greyed_and_support_nothing(tiny: str) -> None:
    convicted = section(tiny, "figure-event-unrest-peopleConvicted")
    assert _grade_of(tiny, "peopleConvicted") == "single source"
    assert '<g class="mark greyed" data-claim="200-03">' in convicted
    assert '<g class="mark" data-claim="100-05">' in convicted
    assert 'class="open-end"' in convicted  # more than 20: no upper bound, drawn open
    assert "superseded, retracted or false</li>" in convicted  # in the legend
    # the range rests on the stated claim alone
    assert "lowest <b>more than 20</b>" in convicted and "200-03</a> “25”" not in convicted


def test_text_from_the_data_is_escaped(tiny: str) -> None:
    assert tiny.count("<script") == 1  # only the page's own
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 10 died" in tiny
    dispute = re.search(r'<section class="dispute".*?</section>', tiny, re.S).group()
    assert "<mark" in dispute and "&lt;script&gt;" in dispute


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def rendered(path: Path, profile: Path, fragment: str = "") -> str:
    """The DOM headless Chromium renders from the page (its script run)."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", "--dump-dom", path.as_uri() + fragment],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(path: Path, profile: Path, name: str) -> Path:
    """A PNG of the page's first 1400 x 2400 pixels, beside it and, when KG_SCREENSHOTS names a
    folder, there too, for review."""
    shot = path.with_suffix(".png")
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--hide-scrollbars", f"--user-data-dir={profile}", "--window-size=1400,2400",
         f"--screenshot={shot}", path.as_uri()],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    folder = os.environ.get("KG_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / f"report-{name}.png")
    return shot


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get install -y "
    "chromium)")


@needs_chromium
def test_a_browser_renders_the_sections_and_charts(page: str, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text(page, encoding="utf-8")
    dom = rendered(target, tmp_path / "profile")
    assert len(re.findall(r'<section class="dispute" id="dispute-\d"', dom)) == 3
    figure = section(dom, DEATH_TOLL)
    assert "<svg" in figure and len(re.findall(r'class="mark[^"]*" data-claim=', figure)) == 4
    assert '<div id="search">' in dom  # the script ran: the search box is shown
    assert '<p id="no-script" class="note" hidden="">' in dom
    shot = screenshot(target, tmp_path / "profile", "bundled")
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000


@needs_chromium
def test_a_browser_searches_by_an_alias(page: str, tmp_path: Path) -> None:
    """'Kazakh authorities' is an alias of Kazakh officials, who state the official toll."""
    target = tmp_path / "report.html"
    target.write_text(page, encoding="utf-8")
    dom = rendered(target, tmp_path / "profile", "#search=kazakh%20authorities")
    shown = re.findall(r'<section class="(?:dispute|figure)" id="([^"]+)" data-names="[^"]*">',
                       dom)
    assert "dispute-3" in shown and DEATH_TOLL in shown
    assert "dispute-1" not in shown
    assert re.search(r'<section class="dispute" id="dispute-1" data-names="[^"]*" hidden=""',
                     dom)


def test_either_engine_gives_the_same_page(page: str, built_bundled: Path) -> None:
    """The build's engine (in-memory stores, forked workers) and the reference one (every
    query in turn on the store) give the same bytes."""
    project = open_project(built_bundled)
    title = dict(project.settings.dataset).get("title") or "Qantar KG"
    html_text, _ = report_html(PlainEngine(open_store(project)), project.queries_dirs,
                               base=project.settings.base_iri, title=title)
    assert html_text == page
