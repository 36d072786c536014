"""The page's own style sheet and its one small script, inline so the file works offline.

No web font, no external script or style: the system's fonts, and a script that only shows
the search box and hides the sections and rows whose names do not match (`#search=NAME` in
the address opens the page searched). The page reads in
full without it (a note says to use the browser's find instead). The script holds no data:
it reads the `data-names` attributes, which are escaped like every other text.
"""

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #dadce0; --paper: #fff; --mark: #fff2a8; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--paper); margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem;
  line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
section.dispute, section.figure { border: 1px solid var(--line); border-radius: 6px;
  padding: .9rem 1rem; margin: 1rem 0; }
.muted, .note { color: var(--muted); }
.note { font-size: .9rem; }
code { font-size: .9em; background: #f1f3f4; padding: 0 .25em; border-radius: 3px; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .6rem .25rem 0;
  text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr));
  gap: .8rem; }
article.claim { border-left: 4px solid var(--line); padding: .4rem .7rem; background: #fafafa; }
article.claim.stated { border-left-color: #0072B2; }
article.claim header { display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
.figure-value { font-weight: 600; font-size: 1.05rem; }
q.sentence { display: block; quotes: none; margin: .4rem 0; font-family: Georgia, serif; }
mark { background: var(--mark); padding: 0 .1em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .6rem; margin: .3rem 0;
  font-size: .88rem; }
dt { color: var(--muted); }
dd { margin: 0; }
.grade { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .85rem;
  font-weight: 600; color: #fff; vertical-align: middle; }
.grade-confirmed { background: #1b7f3b; } .grade-fair { background: #5f8f1d; }
.grade-weak { background: #a86b00; } .grade-contested { background: #b3261e; }
.grade-single-source { background: #5f6368; }
.status-greyed { color: var(--muted); text-decoration: line-through; }
.reason { font-weight: 600; }
.rule { font-size: .9rem; background: #f8f9fa; padding: .1rem .8rem; border-radius: 4px; }
svg.chart { max-width: 100%; height: auto; display: block; margin: .4rem 0; }
svg.chart text { font-family: system-ui, sans-serif; }
svg.chart .tick, svg.chart .label { font-size: 10px; fill: #5f6368; }
svg.chart .axis { font-size: 11px; fill: #1d1d1f; }
svg.chart .grid { stroke: #e8eaed; }
svg.chart .axisline { stroke: #9aa0a6; }
svg.chart .mark:hover { opacity: .75; }
svg.chart .mark.greyed { opacity: .55; }
svg.chart .mark.disputed rect { stroke: #b3261e; stroke-width: 1.5; }
ul.legend { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap;
  font-size: .85rem; margin: .2rem 0; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
  margin-right: .3rem; vertical-align: -1px; }
#search { position: sticky; top: 0; background: var(--paper); padding: .5rem 0;
  border-bottom: 1px solid var(--line); z-index: 1; }
#search input { font: inherit; padding: .3rem .5rem; width: min(28rem, 100%); }
.toc { columns: 2 22rem; font-size: .92rem; }
.toc li { break-inside: avoid; }
[hidden] { display: none !important; }
"""

SCRIPT = """
(function () {
  var box = document.getElementById("search");
  var input = document.getElementById("search-input");
  var said = document.getElementById("search-count");
  var none = document.getElementById("no-script");
  if (!box || !input) { return; }
  box.hidden = false;
  if (none) { none.hidden = true; }
  var named = document.querySelectorAll("[data-names]");
  function filter() {
    var wanted = input.value.trim().toLowerCase();
    var found = 0;
    for (var i = 0; i < named.length; i++) {
      var hit = !wanted || named[i].getAttribute("data-names").indexOf(wanted) >= 0;
      named[i].hidden = !hit;
      if (hit && wanted) { found++; }
    }
    said.textContent = wanted ? found + " sections and rows name \\u201c" + input.value.trim()
      + "\\u201d" : "";
  }
  input.addEventListener("input", filter);
  // report.html#search=tokayev opens the page searched, so a search can be shared as a link
  var asked = /^#search=(.*)$/.exec(window.location.hash);
  if (asked) { input.value = decodeURIComponent(asked[1]); filter(); }
})();
"""
