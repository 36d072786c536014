"""`kg serve`'s query page on the bundled corpus: the page gives the rows `kg query` gives, and
in headless Chromium, YASGUI draws, a named query fills its parameters' fields with their
defaults, Run shows the results and puts the query in the address bar, and a link opens it.

The rows test needs no browser: it takes the page's own path (`/queries/NAME.rq` for the text,
then POST /sparql) for every named query, and compares with `kg query NAME --format json`.
The browser is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: no
port, no WebSocket library); it talks to the server on 127.0.0.1 only, and the test fails if
the page asks anything of another address. Screenshots land in the test's tmp directory and,
when KG_SCREENSHOTS names a folder, there too, for review.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.project import open_project
from kg.serve.named import NamedQueries

from .test_serve import Served, start_serve, stop

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get install -y "
    "chromium)")


@pytest.fixture(scope="module")
def bundled_served(built_bundled: Path) -> Iterator[Served]:
    """The bundled corpus (its kg.toml: main event, base), served with room for every row."""
    server, base = start_serve(built_bundled, built_bundled / "serve.log", "--workers", "2",
                               "--max-rows", "100000", "--timeout", "60")
    try:
        yield Served(base, 0, built_bundled)
    finally:
        stop(server)


def _canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True) for row in rows)


def _triples(body: bytes) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def test_every_named_query_gives_the_same_rows_on_the_page_and_in_kg_query(
        bundled_served: Served, kg) -> None:
    """The text the page runs is made by the server from (name, parameters), the way
    `kg query` makes it: with the corpus's defaults, `timeline` gives its 4 rows here too."""
    root = bundled_served.root
    queries = NamedQueries.of(open_project(root)).queries
    assert len(queries) >= 30
    counts = {}
    for name in queries:
        status, _, text = bundled_served.get(path=f"/queries/{name}.rq")
        assert status == 200, (name, text)
        graph = "CONSTRUCT" in text.decode() or "DESCRIBE" in text.decode()
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        status, headers, body = bundled_served.post({"query": text.decode()}, accept)
        assert status == 200 and "qantar-truncated" not in headers, (name, body[:300])
        command = kg("query", name, "-p", str(root), "--format", "nt" if graph else "json")
        assert command.exit_code == 0, (name, command.stderr)
        if graph:
            assert _triples(body) == _triples(command.stdout.encode()), name
            counts[name] = len(_triples(body))
        else:
            page_rows = json.loads(body)["results"]["bindings"]
            assert _canonical(page_rows) == _canonical(
                json.loads(command.stdout)["results"]["bindings"]), name
            counts[name] = len(page_rows)
    assert counts["timeline"] == 4  # not the 113 claims of every subject and property
    assert sum(counts.values()) > 200


def test_parameters_given_to_the_page_are_the_ones_kg_query_reads(bundled_served: Served,
                                                                  kg) -> None:
    root = str(bundled_served.root)
    given = {"scope": "qid:scope/lawEnforcement", "property": "<https://w3id.org/qantar/ontology#deaths>"}
    _, _, text = bundled_served.get(path="/queries/timeline.rq", **given)
    _, _, body = bundled_served.post({"query": text.decode()})
    command = kg("query", "timeline", "-p", root, "--format", "json",
                 *(f"--param={k}={v}" for k, v in given.items()))
    assert _canonical(json.loads(body)["results"]["bindings"]) == _canonical(
        json.loads(command.stdout)["results"]["bindings"])


# --- in a browser -------------------------------------------------------------------------------

class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe: JSON messages ending in a
    NUL byte, written to the browser's fd 3 and read from its fd 4."""

    def __init__(self, profile: Path, log: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # the browser's ends above 9, so that making them its fds 3 and 4 overwrites neither
        # (bash: dash reads only one-digit descriptors in a redirection)
        to_browser, from_browser = (_above_nine(fd) for fd in (to_browser, from_browser))
        redirect = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser}'
        command = ["bash", "-c", redirect, CHROMIUM, "--headless", "--no-sandbox",
                   "--disable-gpu", "--no-first-run",
                   "--remote-debugging-pipe", f"--user-data-dir={profile}",
                   "--window-size=1300,1000", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--disable-default-apps",
                   "--no-default-browser-check", "--disable-extensions", "about:blank"]
        with log.open("wb") as sink:
            self.process = subprocess.Popen(command, pass_fds=(to_browser, from_browser),
                                            stdin=subprocess.DEVNULL, stdout=sink, stderr=sink)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []
        try:
            page = next(t for t in self.send("Target.getTargets")["targetInfos"]
                        if t["type"] == "page")
            self.session = self.send("Target.attachToTarget", targetId=page["targetId"],
                                     flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Network"):
                self.send(f"{domain}.enable", session=True)
        except BaseException:
            self.close()
            raise

    def send(self, method: str, session: bool = False, timeout: float = 60, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._message(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise AssertionError("the browser did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise AssertionError("the browser went away")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.send("Runtime.evaluate", session=True, expression=expression,
                           awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"still false after {timeout} s: {expression}")

    def open(self, url: str) -> None:
        self.send("Page.navigate", session=True, url=url)
        self.wait_for("document.readyState === 'complete' && !!window.Yasgui")

    def screenshot(self, path: Path) -> Path:
        shot = self.send("Page.captureScreenshot", session=True, format="png",
                         captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        folder = os.environ.get("KG_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(folder) / path.name)
        return path

    def requested(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events
                if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except (AssertionError, OSError):
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)


def _above_nine(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    work = tmp_path_factory.mktemp("chromium")
    opened = Browser(work / "profile", work / "chromium.log")
    # every refusal of the page's Content-Security-Policy, kept where the test can read it
    opened.send("Page.addScriptToEvaluateOnNewDocument", session=True, source=(
        "window.__refused = []; document.addEventListener('securitypolicyviolation', "
        "(e) => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));"
        "window.alert = () => { window.__alerted = true; };"))
    try:
        yield opened
    finally:
        opened.close()


ROWS = "document.querySelectorAll('#results table.dataTable tbody tr').length"
EDITOR = "document.querySelector('#editor .CodeMirror').CodeMirror.getValue()"


def _shown_rows(browser: Browser) -> int:
    browser.wait_for(f"{ROWS} > 0 && document.getElementById('status').textContent !== "
                     "'running…'")
    return browser.evaluate(ROWS)


@needs_chromium
def test_the_page_runs_a_named_query_with_its_defaults(bundled_served: Served, browser: Browser,
                                                       tmp_path: Path) -> None:
    base = bundled_served.base
    browser.open(base + "/")
    assert browser.wait_for("!!document.querySelector('#editor .CodeMirror')")  # YASGUI drew
    assert browser.evaluate(EDITOR).startswith("PREFIX qk: <https://w3id.org/qantar/ontology#>")
    browser.evaluate("(() => { const s = document.getElementById('named'); s.value = "
                     "'timeline'; s.dispatchEvent(new Event('change')); })()")
    browser.wait_for(f"{EDITOR}.includes('VALUES')")
    fields = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#params "
                              "input')].map((i) => [i.name, i.value]))")
    assert fields == {"subject": "qid:event/bloody-january", "property": "qk:deaths",
                      "scope": "qid:scope/all"}  # kg.toml's main event, the corpus's base
    _, _, text = bundled_served.get(path="/queries/timeline.rq")
    assert browser.evaluate(EDITOR) == text.decode()  # the server's text, as it made it
    browser.evaluate("document.getElementById('run').click()")
    assert _shown_rows(browser) == 4  # as `kg query timeline`
    assert browser.evaluate("location.search") == "?named=timeline"  # Run made the link
    iris = browser.evaluate("[...document.querySelectorAll('#results a.iri')].map((a) => "
                            "[a.textContent, a.getAttribute('href')])")
    assert ["qk:Stated", "https://w3id.org/qantar/ontology#Stated"] in iris  # short, a link
    assert any(label.startswith("qid:claim/") for label, _ in iris)
    csv_link = browser.evaluate("document.getElementById('csv').href")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(csv_link).query)["format"] == ["csv"]
    downloaded = browser.evaluate("fetch(document.getElementById('csv').href).then((r) => "
                                  "r.text())")
    assert downloaded.splitlines()[0].startswith("date,basis,source,claim")
    assert len(downloaded.strip().splitlines()) == 5
    assert browser.evaluate("document.getElementById('report').getAttribute('href')") == \
        "/report.html"
    shot = browser.screenshot(tmp_path / "serve-page-timeline.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    assert browser.evaluate("window.__refused") == []
    assert all(url.startswith(base + "/") for url in browser.requested()), browser.requested()


@needs_chromium
def test_a_link_reopens_and_runs_a_named_query_or_a_text(bundled_served: Served,
                                                         browser: Browser, tmp_path: Path,
                                                         kg) -> None:
    base = bundled_served.base
    browser.open(base + "/?named=timeline&scope=qid:scope/lawEnforcement")
    command = kg("query", "timeline", "-p", str(bundled_served.root), "--format", "json",
                 "--param", "scope=qid:scope/lawEnforcement")
    expected = len(json.loads(command.stdout)["results"]["bindings"])
    assert expected > 0 and _shown_rows(browser) == expected
    assert browser.evaluate("document.querySelector('#params input[name=scope]').value") == \
        "qid:scope/lawEnforcement"
    query = "SELECT ?claim WHERE { ?claim a <https://w3id.org/qantar/ontology#Claim> } LIMIT 7"
    browser.open(base + "/?" + urllib.parse.urlencode({"query": query}))
    assert _shown_rows(browser) == 7 and browser.evaluate(EDITOR) == query
    browser.screenshot(tmp_path / "serve-page-link.png")
    assert browser.evaluate("window.__refused") == []


@needs_chromium
def test_results_are_drawn_as_text_not_markup(bundled_served: Served, browser: Browser) -> None:
    """A literal holding markup shows as its characters; a javascript: IRI is no live link."""
    query = ('SELECT ?x ?y WHERE { VALUES (?x ?y) { ("<img src=x id=injected '
             'onerror=alert(1)><b>bold</b>" <javascript:alert(1)>) } }')
    browser.open(bundled_served.base + "/?" + urllib.parse.urlencode({"query": query}))
    assert _shown_rows(browser) == 1
    assert browser.evaluate("document.querySelectorAll('#results tbody img, #results tbody b, "
                            "#injected').length") == 0
    assert "<img src=x" in browser.evaluate("document.querySelector('#results tbody')"
                                            ".textContent")
    assert browser.evaluate("[...document.querySelectorAll('#results a')].filter((a) => "
                            "(a.getAttribute('href') || '').startsWith('javascript')).length") == 0
    assert browser.evaluate("window.__alerted") is None  # nothing of the data ran
    # DOMPurify's inert parse of the cell meets the policy's refusal of inline handlers: the
    # only refusal, and a second defence (the sanitiser drops the attribute anyway)
    assert set(browser.evaluate("window.__refused")) <= {"script-src-attr inline"}
