"""The HTML page at `/`: a query form whose results show as a table; `/?query=…` runs one.

One self-contained page, no script from elsewhere. Results are put into the page with
`textContent`, never as HTML, so data cannot inject markup; the named queries ride along as JSON
with `<` escaped, so a query text cannot close the script element.
"""

from __future__ import annotations

import html
import json

from kg.output.results import TRUNCATED_HEADER

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Qantar KG · SPARQL</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:1.5rem;max-width:80rem}
textarea{width:100%;height:14rem;font:13px monospace}
table{border-collapse:collapse;margin-top:1rem;font-size:13px}
td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}#status{margin-top:.8rem;color:#444}#status.error{color:#a00}
pre{background:#f6f6f6;padding:.6rem;overflow:auto}
</style></head><body>
<h1>Qantar KG</h1>
<p>A read-only SPARQL 1.1 endpoint over __TRIPLES__ triples of claims with their sources.
Endpoint: <code>__ENDPOINT__</code> (GET or POST <code>query=</code>);
dataset description: <a href="/.well-known/void">/.well-known/void</a>.
Queries stop after __TIMEOUT__ s; at most __MAX_ROWS__ rows are returned.</p>
<form id="form">
<label>Named query <select id="named"><option value="">(choose)</option></select></label>
<textarea id="query" name="query" spellcheck="false">SELECT * WHERE { ?s ?p ?o } LIMIT 20</textarea>
<button type="submit">Run</button></form>
<div id="status"></div><div id="out"></div>
<script id="queries" type="application/json">__QUERIES__</script>
<script>
const queries = JSON.parse(document.getElementById("queries").textContent);
const named = document.getElementById("named"), text = document.getElementById("query");
for (const [name, q] of Object.entries(queries)) {
  const option = document.createElement("option");
  option.value = name; option.textContent = name + ": " + q.title; named.append(option);
}
named.onchange = () => { if (named.value) text.value = queries[named.value].text; };
const status = document.getElementById("status"), out = document.getElementById("out");
function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value + " @" + term["xml:lang"];
  return term.value;
}
document.getElementById("form").onsubmit = async (event) => {
  event.preventDefault();
  status.className = ""; status.textContent = "running…"; out.replaceChildren();
  const started = performance.now();
  const response = await fetch("sparql", {method: "POST",
    body: new URLSearchParams({query: text.value}),
    headers: {Accept: "application/sparql-results+json, text/turtle;q=0.9"}});
  const ms = Math.round(performance.now() - started);
  const body = await response.text();
  if (!response.ok) {
    status.className = "error"; status.textContent = response.status + ": " + body; return;
  }
  const cut = response.headers.get("__TRUNCATED__");
  let note = ms + " ms" + (cut ? "; cut at " + cut + " rows (the server's --max-rows)" : "");
  if (!(response.headers.get("Content-Type") || "").includes("json")) {
    const pre = document.createElement("pre"); pre.textContent = body; out.append(pre);
    status.textContent = note; return;
  }
  const data = JSON.parse(body);
  if ("boolean" in data) { status.textContent = String(data.boolean) + " · " + note; return; }
  const table = document.createElement("table"), head = table.createTHead().insertRow();
  for (const name of data.head.vars) {
    const th = document.createElement("th"); th.textContent = name; head.append(th);
  }
  const rows = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = rows.insertRow();
    for (const name of data.head.vars) row.insertCell().textContent = cell(binding[name]);
  }
  out.append(table);
  const count = data.results.bindings.length;
  status.textContent = count + " row" + (count === 1 ? "" : "s") + " · " + note;
};
// A link to "/?query=…" fills the form and runs the query, so a query can be shared as a URL.
const given = new URLSearchParams(location.search).get("query");
if (given) { text.value = given; document.getElementById("form").requestSubmit(); }
</script></body></html>
"""


def render_page(endpoint: str, triples: int, timeout: float, max_rows: int,
                queries: dict[str, tuple[str, str]]) -> bytes:
    """The page, with the named queries (name -> (title, text)) to choose from."""
    catalogue = {name: {"title": title, "text": text} for name, (title, text) in queries.items()}
    embedded = json.dumps(catalogue, ensure_ascii=False).replace("<", "\\u003c")
    page = (_PAGE.replace("__ENDPOINT__", html.escape(endpoint))
            .replace("__TRIPLES__", f"{triples:,}")
            .replace("__TIMEOUT__", f"{timeout:g}")
            .replace("__MAX_ROWS__", f"{max_rows:,}")
            .replace("__TRUNCATED__", TRUNCATED_HEADER)
            .replace("__QUERIES__", embedded))
    return page.encode("utf-8")
