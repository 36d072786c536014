"""Queries on a remote SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB, Virtuoso, ...).

The only module that imports SPARQLWrapper (STYLE.md). Answers come back parsed by Oxigraph into
the same objects a local `kg.query.library.run` gives (`QuerySolutions`, `QueryBoolean`, or
triples), so they render, compare and test alike:

    from kg.remote.query import select
    rows = list(select("http://127.0.0.1:7878/query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"))

Three things SPARQLWrapper leaves to its caller are done here. Long queries go by POST (URLs
past a few kilobytes are refused by many servers). The timeout bounds the whole request, not
each socket read: a server trickling bytes would otherwise hold a client for ever. And results
an endpoint capped or cut short are refused with a sentence saying so, never passed off as
complete: a cap the server announces in a header (Virtuoso's `X-SPARQL-MaxRows`, `kg serve`'s
own), an anytime-query partial answer, or a body that ends early or does not parse.
"""

from __future__ import annotations

import ast
import http.client
import math
import threading
import urllib.error
import urllib.parse
from dataclasses import dataclass, field

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import EndpointError, QueryError
from kg.namespaces import QK
from kg.output.results import TRUNCATED_HEADER
from kg.query.library import check, with_values

LONG_QUERY = 2000  # characters of URL-encoded query above which the request is a POST
# Headers by which servers say they returned fewer rows than the query asked for.
CAP_HEADERS = ("x-sparql-maxrows", TRUNCATED_HEADER.lower())
# Virtuoso's "anytime" queries answer what they found before their time ran out, with this state.
PARTIAL_STATE = ("x-sql-state", "S1TAT")
# Row counts at which common servers stop (Virtuoso's ResultSetMaxRows default is 10000).
COMMON_CAPS = frozenset({1000, 5000, 10000, 50000, 100000, 1000000})


@dataclass(frozen=True)
class RemoteAnswer:
    """Parsed results plus notes for the user (a row count that looks like a server's cap)."""

    results: ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]
    notes: list[str] = field(default_factory=list)


def select(endpoint: str, query: str, timeout: float = 30.0):
    """The results of a SELECT (or ASK) on the endpoint, as Oxigraph parses them: iterate the
    solutions and read `solution["var"]`, exactly as with a local run. Raises EndpointError."""
    return run_remote(endpoint, query, timeout=timeout).results


def run_remote(endpoint: str, text: str, bindings: dict[str, ox.Term] | None = None,
               timeout: float = 30.0, origin: str | None = None) -> RemoteAnswer:
    """Run a query on the endpoint: checked locally first (syntax errors name line and column),
    parameters bound by a VALUES block, the answer parsed strictly by Oxigraph."""
    _check_url(endpoint)
    form = check(text, origin)
    if bindings:
        text = with_values(text, bindings)
    where = redact(endpoint)
    body, headers = _fetch(endpoint, text, form, timeout)
    _refuse_capped(headers, where)
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if form in ("CONSTRUCT", "DESCRIBE"):
        return RemoteAnswer(_triples(body, content_type, where))
    results, count = _solutions(body, content_type, where)
    notes = []
    if count in COMMON_CAPS:
        notes.append(f"{where} returned exactly {count} rows, a limit many servers impose; if "
                     "the query has no LIMIT of its own, the results may be cut off (page with "
                     "LIMIT and OFFSET)")
    if count == 0 and "GRAPH" not in text.upper() and _named_graphs_hold_claims(endpoint,
                                                                                timeout):
        notes.append(f"{where} returned no rows, but its named graphs hold claims (as `kg push` "
                     "writes them): the store reads its default graph without them. Make it "
                     "read the union of its named graphs (Oxigraph --union-default-graph, Fuseki "
                     "tdb2:unionDefaultGraph true) or wrap the query's patterns in GRAPH ?g { }")
    return RemoteAnswer(results, notes)


def _named_graphs_hold_claims(endpoint: str, timeout: float) -> bool:
    """Whether the endpoint's named graphs hold a claim while its default graph holds none: the
    reason a named query finds nothing on a store `kg push` filled. False when it cannot say."""
    ask = (f"ASK {{ GRAPH ?g {{ ?claim a <{QK.Claim}> }} "
           f"FILTER NOT EXISTS {{ ?other a <{QK.Claim}> }} }}")
    try:
        body, headers = _fetch(endpoint, ask, "ASK", timeout)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        answer, _count = _solutions(body, content_type, endpoint)
    except Exception:  # noqa: BLE001 - a hint only: no answer means no hint
        return False
    return bool(answer) if isinstance(answer, ox.QueryBoolean) else False


def _check_url(endpoint: str) -> None:
    """Refuse, before any request, a URL that could not work or would leak a secret."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise QueryError(f"--endpoint {redact(endpoint)}: give an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise QueryError(f"--endpoint {redact(endpoint)}: remove the user name and password "
                         "from the URL; a secret on the command line ends up in shell history")


def redact(endpoint: str) -> str:
    """The endpoint URL without any user:password part, for messages."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.username is None and parts.password is None:
        return endpoint
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _fetch(endpoint: str, text: str, form: str, timeout: float) -> tuple[bytes, dict[str, str]]:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(text)
    wrapper.setOnlyConneg(True)  # no format=/output= parameters, which some servers refuse
    wrapper.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
    if len(urllib.parse.urlencode({"query": text})) > LONG_QUERY:
        wrapper.setMethod(POST)
    wrapper.setTimeout(max(1, math.ceil(timeout)))  # bounds each socket wait; whole: see below
    outcome: dict[str, object] = {}

    def request() -> None:
        try:
            answer = wrapper.query()
            try:
                outcome["headers"] = {k.lower(): v for k, v in answer.info().items()}
                outcome["body"] = answer.response.read()
            finally:
                answer.response.close()
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc
            _close_responses(exc)

    worker = threading.Thread(target=request, name="kg-remote-query", daemon=True)
    worker.start()
    worker.join(timeout)
    where = redact(endpoint)
    if worker.is_alive():
        raise EndpointError(f"{where} gave no complete answer within {timeout:g} s; try again, "
                            "raise --timeout, or make the query cheaper")
    if "error" in outcome:
        raise _explain(outcome["error"], where, timeout)
    return outcome["body"], outcome["headers"]  # type: ignore[return-value]


def _close_responses(exc: BaseException | None) -> None:
    """An HTTP error keeps its response open; SPARQLWrapper raises its own error from it."""
    while exc is not None:
        if isinstance(exc, urllib.error.HTTPError):
            exc.close()
        exc = exc.__context__


def _explain(exc: object, where: str, timeout: float) -> EndpointError:
    """A sentence for each way a request fails; the library's own wording stays in the cause."""
    if isinstance(exc, SPARQLWrapperException):
        said = _server_said(exc)
        return EndpointError(f"{where}: {exc.msg}" + (f": {said}" if said else ""))
    if isinstance(exc, urllib.error.HTTPError):
        return EndpointError(f"{where} answered HTTP {exc.code} {exc.reason}")
    if isinstance(exc, http.client.IncompleteRead):
        return EndpointError(f"{where} closed the connection after {len(exc.partial)} bytes of "
                             "its answer: the results are truncated")
    if isinstance(exc, TimeoutError):
        return EndpointError(f"{where} gave no complete answer within {timeout:g} s")
    if isinstance(exc, urllib.error.URLError):
        return EndpointError(f"cannot reach {where}: {exc.reason}")
    if isinstance(exc, (OSError, http.client.HTTPException)):
        return EndpointError(f"{where}: the request failed: {exc}")
    return EndpointError(f"{where}: unexpected failure: {exc!r}")


def _server_said(exc: SPARQLWrapperException) -> str:
    """The first line of the server's own message, which SPARQLWrapper keeps only as text."""
    _, _, response = str(exc).partition("Response:\n")
    try:
        raw = ast.literal_eval(response) if response else b""
    except (ValueError, SyntaxError):
        raw = response.encode()
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


def _refuse_capped(headers: dict[str, str], where: str) -> None:
    for name in CAP_HEADERS:
        if name in headers:
            raise EndpointError(f"{where} cut the results at {headers[name]} rows (it says so in "
                                f"its {name} header): they are incomplete; page through them "
                                "with LIMIT and OFFSET, or ask for fewer columns")
    state_header, partial = PARTIAL_STATE
    if headers.get(state_header, "").upper() == partial:
        raise EndpointError(f"{where} ran out of time and sent partial results "
                            f"({state_header}: {partial}): they are incomplete")


def _solutions(body: bytes, content_type: str, where: str):
    """Parse a results document twice: once fully, so a body cut short fails here rather than
    half-way through printing, then lazily for the caller. Returns (results, row count)."""
    fmt = ox.QueryResultsFormat.from_media_type(content_type or "application/json")
    if fmt is None:
        raise EndpointError(f"{where} answered in {content_type!r}, not a SPARQL results format")
    try:
        first = ox.parse_query_results(body, format=fmt)
        count = 1 if isinstance(first, ox.QueryBoolean) else sum(1 for _ in first)
    except SyntaxError as exc:
        raise EndpointError(f"{where} sent results that end early or do not parse "
                            f"({len(body)} bytes): {exc}") from exc
    return ox.parse_query_results(body, format=fmt), count


def _triples(body: bytes, content_type: str, where: str) -> list[ox.Triple]:
    fmt = ox.RdfFormat.from_media_type(content_type or "text/turtle")
    if fmt is None:
        raise EndpointError(f"{where} answered in {content_type!r}, not an RDF format")
    try:
        return [quad.triple for quad in ox.parse(body, format=fmt)]
    except SyntaxError as exc:
        raise EndpointError(f"{where} sent RDF that ends early or does not parse "
                            f"({len(body)} bytes): {exc}") from exc
