"""The HTML page at `/`: YASGUI's editor (Yasqe) and results (Yasr) on this endpoint, the named
queries with a field for each parameter, and links to download the results and to the report.

    /?query=TEXT                    opens the text in the editor and runs it
    /?named=NAME&param=value…       opens a named query with those parameters and runs it

The page loads nothing from elsewhere: YASGUI and the page's script (query-page.js) come from
the endpoint's /static/ (kg.serve.static), and the Content-Security-Policy below lets the
browser load scripts, styles and connections from this origin only. A named query's text is
never put together in the browser: the script asks the endpoint for it (`/queries/NAME.rq`,
kg.serve.named), so the page runs what `kg query NAME` runs. What the script needs rides along
as JSON with `<` escaped, so no text of a query can close the script element. Results are drawn
by Yasr, which escapes literals and passes each cell through DOMPurify; the policy refuses any
inline script besides.
"""

from __future__ import annotations

import html
import json

from kg.output.results import TRUNCATED_HEADER
from kg.serve.named import NamedQueries
from kg.serve.static import StaticFile, versioned

# YASGUI sets style attributes as it draws (so 'unsafe-inline' styles); its icons are inline SVG
# and data: images. Nothing may be fetched from, framed by or posted to another origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'")
YASGUI_JS = "/static/yasgui/yasgui.min.js"
YASGUI_CSS = "/static/yasgui/yasgui.min.css"
PAGE_JS = "/static/query-page.js"
PAGE_CSS = "/static/query-page.css"
REPORT = "/report.html"
START = "SELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 20\n"

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Qantar KG · SPARQL</title>
<link rel="stylesheet" href="__YASGUI_CSS__">
<link rel="stylesheet" href="__PAGE_CSS__">
</head><body>
<h1>Qantar KG</h1>
<p>A read-only SPARQL 1.1 endpoint over __TRIPLES__ triples of claims with their sources.
Endpoint: <code>__ENDPOINT__</code> (GET or POST <code>query=</code>);
dataset description: <a href="/.well-known/void">/.well-known/void</a>;
the build's report: <a id="report" href="__REPORT__">__REPORT__</a>.
Queries stop after __TIMEOUT__ s; at most __MAX_ROWS__ rows are returned.</p>
<form id="form">
<label>Named query <select id="named"><option value="">(none: write your own)</option>
</select></label>
<p id="description"></p>
<div id="params"></div>
<button type="submit" id="run">Run</button>
<span id="downloads">Download the results:
<a id="csv" download="results.csv" href="#">CSV</a> ·
<a id="json" download="results.json" href="#">JSON</a></span>
</form>
<div id="status" role="status"></div>
<div id="editor"></div>
<div id="results"></div>
<script id="config" type="application/json">__CONFIG__</script>
<script src="__YASGUI_JS__"></script>
<script src="__PAGE_JS__"></script>
</body></html>
"""


def render_page(endpoint: str, triples: int, timeout: float, max_rows: int,
                named: NamedQueries, files: dict[str, StaticFile]) -> bytes:
    """The page, with the named queries (and their parameters' defaults) to choose from."""
    prefixes = named.prefixes
    config = {
        "queries": named.catalogue(),
        "prefixes": prefixes,
        "start": "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items()) + START,
        "truncatedHeader": TRUNCATED_HEADER,
        "maxRows": max_rows,
    }
    embedded = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    page = (_PAGE.replace("__ENDPOINT__", html.escape(endpoint))
            .replace("__TRIPLES__", f"{triples:,}")
            .replace("__TIMEOUT__", f"{timeout:g}")
            .replace("__MAX_ROWS__", f"{max_rows:,}")
            .replace("__REPORT__", REPORT)
            .replace("__YASGUI_CSS__", versioned(files, YASGUI_CSS))
            .replace("__YASGUI_JS__", versioned(files, YASGUI_JS))
            .replace("__PAGE_CSS__", versioned(files, PAGE_CSS))
            .replace("__PAGE_JS__", versioned(files, PAGE_JS))
            .replace("__CONFIG__", embedded))
    return page.encode("utf-8")
