"""The endpoint as a plain ASGI application: the SPARQL 1.1 Protocol (query operation only),
the service description, VoID, CORS and the HTML page. No web framework: the protocol needs
five routes, and every dependency is one more thing to keep up to date.

    GET  /                       the query page (kg/serve/page.py), YASGUI on this endpoint
    GET  /sparql?query=…         a query; with no query, the service description; `format=csv`
                                 (json, xml, tsv, ttl, nt, jsonld) instead of an Accept header,
                                 for links that download results
    POST /sparql                 form (query=…) or application/sparql-query body
    GET  /queries/NAME.rq?p=v    the text `kg query NAME --param p=v` runs (kg/serve/named.py)
    GET  /static/…               the page's script, style and YASGUI (kg/serve/static.py)
    GET  /report.html            `kg report`'s page of the build, made on first request
    GET  /.well-known/void       VoID and DCAT description of the dataset (kg/describe.py)
    GET  /kg.ttl, /kg.nt, …      the dumps that description links to (`kg export`'s bytes)
    OPTIONS *                    CORS preflight

Queries run in the worker pool (kg/engine/workers.py), where kg/serve/safety.py decides what is
refused, under the time limit; this module only reads requests and writes responses, so nothing
a client sends costs the event loop more than reading it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox

from kg.engine.workers import Failure, Job, WorkerPool
from kg.errors import QueryError
from kg.output.formats import GRAPH_ANSWERS, RDF_SYNTAX, RESULTS_SYNTAX
from kg.output.results import (
    DEFAULT_RDF,
    DEFAULT_RESULTS,
    TRUNCATED_HEADER,
    Answer,
    Choice,
    negotiate,
)
from kg.serve.cache import AnswerCache
from kg.serve.named import NamedQueries, UnknownQuery
from kg.serve.page import CONTENT_SECURITY_POLICY
from kg.serve.safety import UPDATE_REFUSED, gate
from kg.serve.service import turtle_as
from kg.serve.static import CACHE_CONTROL, PREFIX, StaticFile, accepts_gzip

# kg report's page has its script and style inline (it is one file to share): still nothing
# from elsewhere.
REPORT_POLICY = (b"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                 b"img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
MAX_BODY = 1 << 20  # bytes; a query longer than a megabyte is not a query people write
FORM = "application/x-www-form-urlencoded"
Send = Callable[[dict], Awaitable[None]]
Receive = Callable[[], Awaitable[dict]]
CORS = [(b"access-control-allow-origin", b"*"),
        (b"access-control-expose-headers", TRUNCATED_HEADER.encode())]
PREFLIGHT = [(b"access-control-allow-methods", b"GET, POST, OPTIONS"),
             (b"access-control-allow-headers", b"Accept, Content-Type"),
             (b"access-control-max-age", b"86400")]


@dataclass(frozen=True)
class Description:
    """What the endpoint knows about itself, fixed at start-up; Turtle for the RDF parts.
    `void()` makes the VoID/DCAT description and `dump(ext)` gives the file of one export
    format (kg.export.files): both slow the first time after a build (each dump is written
    once), so they are called on first request, in a thread, never at start-up; so is
    `report()`, `kg report`'s page. `named` makes the named queries' texts and `files` are the
    page's static files (kg.serve.static)."""

    endpoint: str
    max_rows: int
    page: bytes
    service: bytes
    void: Callable[[], bytes]
    dump: Callable[[str], Path]
    dump_types: dict[str, str]
    named: NamedQueries | None = None
    files: dict[str, StaticFile] = field(default_factory=dict)
    report: Callable[[], bytes] | None = None


class BadRequest(Exception):
    """A request answered with an error status and a sentence (text/plain)."""

    def __init__(self, status: int, message: str, allow: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.allow = allow


class Endpoint:
    """The ASGI callable. Blocking calls into the pool run on a thread per request in flight."""

    def __init__(self, pool: WorkerPool, description: Description, cache_bytes: int,
                 threads: int = 32, body_timeout: float = 10.0) -> None:
        self.pool = pool
        self.body_timeout = body_timeout
        self.description = description
        self.cache = AnswerCache(cache_bytes)
        self._void: bytes | None = None
        self._report: asyncio.Future[bytes] | None = None
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kg-serve")

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        method, path = scope["method"], scope["path"]
        headers = _headers(scope)
        try:
            if method == "OPTIONS":
                await _respond(send, 204, b"", None, PREFLIGHT)
            elif path == "/" and method in ("GET", "HEAD"):
                await _respond(send, 200, self.description.page, "text/html; charset=utf-8",
                               [(b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                                (b"cache-control", b"no-cache")])
            elif path.startswith(PREFIX) and method in ("GET", "HEAD"):
                await self._static(send, path, headers)
            elif path.startswith("/queries/") and method in ("GET", "HEAD"):
                await self._named(scope, send)
            elif path == "/report.html" and method in ("GET", "HEAD"):
                await self._report_page(send)
            elif path == "/.well-known/void" and method in ("GET", "HEAD"):
                if self._void is None:
                    self._void = await asyncio.get_running_loop().run_in_executor(
                        self.executor, self.description.void)
                await self._describe(send, headers, self._void)
            elif path.startswith("/kg.") and method in ("GET", "HEAD"):
                await self._dump(send, path.removeprefix("/kg."), method == "HEAD")
            elif path == "/sparql" and method in ("GET", "HEAD", "POST"):
                await self._sparql(scope, receive, send, headers)
            elif path in ("/", "/sparql", "/.well-known/void"):
                allow = "GET, POST, OPTIONS" if path == "/sparql" else "GET, OPTIONS"
                raise BadRequest(405, f"{method} is not allowed here; use {allow}", allow)
            else:
                raise BadRequest(404, f"nothing at {path}: the endpoint is /sparql")
        except BadRequest as exc:
            extra = [(b"allow", exc.allow.encode())] if exc.allow else []
            await _respond(send, exc.status, (str(exc) + "\n").encode("utf-8"),
                           "text/plain; charset=utf-8", extra)

    async def _static(self, send: Send, path: str, headers: dict[str, str]) -> None:
        """A file of the page's, looked up by its URL path in the table made at start-up."""
        found = self.description.files.get(path)
        if found is None:
            raise BadRequest(404, f"nothing at {path}")
        extra = [(b"cache-control", CACHE_CONTROL.encode()), (b"vary", b"accept-encoding")]
        body = found.body
        if accepts_gzip(headers.get("accept-encoding")):
            body = found.gzipped
            extra.append((b"content-encoding", b"gzip"))
        await _respond(send, 200, body, found.media_type, extra)

    async def _named(self, scope: dict, send: Send) -> None:
        """`/queries/NAME.rq?param=value…`: the text `kg query NAME --param …` runs."""
        named, name = self.description.named, scope["path"].removeprefix("/queries/")
        if named is None or not name.endswith(".rq"):
            raise BadRequest(404, f"nothing at {scope['path']}: named queries are at "
                             "/queries/NAME.rq")
        params = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        given = {key: _one(params, key) or "" for key in params}
        try:
            text = await asyncio.get_running_loop().run_in_executor(
                self.executor, named.text, name.removesuffix(".rq"), given)
        except UnknownQuery as exc:
            raise BadRequest(404, str(exc)) from None
        except QueryError as exc:
            raise BadRequest(400, str(exc)) from None
        await _respond(send, 200, text.encode("utf-8"), "application/sparql-query; charset=utf-8",
                       [(b"cache-control", b"no-cache")])

    async def _report_page(self, send: Send) -> None:
        """`kg report`'s page, made once (in a thread: seconds on a large build) and kept; its
        script and style are inline, so it gets its own policy, which still loads nothing."""
        if self.description.report is None:
            raise BadRequest(404, "no report here: run kg report")
        if self._report is None:  # one making of it, however many ask at once
            self._report = asyncio.get_running_loop().run_in_executor(
                self.executor, self.description.report)
        try:
            page = await asyncio.shield(self._report)
        except Exception as exc:  # noqa: BLE001 - said, and tried again on the next request
            self._report = None
            raise BadRequest(500, f"could not make the report: {exc}") from None
        await _respond(send, 200, page, "text/html; charset=utf-8",
                       [(b"content-security-policy", REPORT_POLICY)])

    async def _describe(self, send: Send, headers: dict[str, str], turtle: bytes) -> None:
        rdf = negotiate(headers.get("accept")).rdf
        if rdf is None:
            raise BadRequest(406, "this resource is RDF: accept text/turtle, "
                             "application/n-triples or application/ld+json")
        await _respond(send, 200, turtle_as(turtle, rdf), rdf, [(b"vary", b"accept")])

    async def _dump(self, send: Send, extension: str, head: bool) -> None:
        media = self.description.dump_types.get(extension)
        if media is None:
            raise BadRequest(404, f"no dump kg.{extension}: there are "
                             + ", ".join(f"kg.{e}" for e in self.description.dump_types))
        path = await asyncio.get_running_loop().run_in_executor(
            self.executor, self.description.dump, extension)
        await _respond_file(send, path, media, head)

    async def _sparql(self, scope: dict, receive: Receive, send: Send,
                      headers: dict[str, str]) -> None:
        params = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        if scope["method"] == "POST":
            query = await _posted_query(receive, headers, params, self.body_timeout)
        elif "update" in params:
            raise BadRequest(403, UPDATE_REFUSED)
        else:
            query = _one(params, "query")
        if query is None:
            if scope["method"] == "POST":
                raise BadRequest(400, "no query: send query=… as a form field or a "
                                 "application/sparql-query body")
            await self._describe(send, headers, self.description.service)
            return
        job = Job(query, _chosen(params, headers), self.description.max_rows,
                  _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri"),
                  gate=gate)
        reply = self.cache.get(job)
        if reply is None:
            reply = await asyncio.get_running_loop().run_in_executor(self.executor,
                                                                     self.pool.run, job)
            if isinstance(reply, Failure):
                raise BadRequest(reply.status, reply.message)
            self.cache.put(job, reply)
        await _respond_answer(send, reply)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


async def _posted_query(receive: Receive, headers: dict[str, str],
                        params: dict[str, list[str]], timeout: float) -> str | None:
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        raise BadRequest(403, UPDATE_REFUSED)
    if media not in (FORM, "application/sparql-query"):
        raise BadRequest(415, "send a query as application/x-www-form-urlencoded (query=…) or "
                         "as an application/sparql-query body")
    try:
        body = await asyncio.wait_for(_body(receive), timeout)
    except TimeoutError:
        raise BadRequest(408, f"the request body did not arrive within {timeout:g} s") from None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "the request body is not UTF-8") from None
    if media == "application/sparql-query":
        return text
    form = parse_qs(text, keep_blank_values=True)
    if "update" in form:
        raise BadRequest(403, UPDATE_REFUSED)
    for name in ("default-graph-uri", "named-graph-uri"):
        params.setdefault(name, []).extend(form.get(name, []))
    return _one(form, "query")


async def _body(receive: Receive) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BadRequest(400, "the client went away")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise BadRequest(413, f"the request body is over {MAX_BODY} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise BadRequest(400, f"give one {name} parameter, not {len(values)}")
    return values[0] if values else None


def _chosen(params: dict[str, list[str]], headers: dict[str, str]) -> Choice:
    """The answer's media types: a `format` parameter's (a link cannot send an Accept header)
    for the kind of answer it names, the default for the other kind; else negotiated."""
    name = _one(params, "format")
    if name is None:
        return negotiate(headers.get("accept"))
    if name in RESULTS_SYNTAX:
        return Choice(RESULTS_SYNTAX[name].media_type, DEFAULT_RDF)
    if name in GRAPH_ANSWERS:
        return Choice(DEFAULT_RESULTS, RDF_SYNTAX[name].media_type)
    raise BadRequest(400, f"format {name!r} is not one of: "
                     + ", ".join([*RESULTS_SYNTAX, *GRAPH_ANSWERS]))


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    for iri in params.get(name, []):
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise BadRequest(400, f"{name} {iri!r} is not an IRI: {exc}") from None
    return tuple(params.get(name, []))


def _headers(scope: dict) -> dict[str, str]:
    merged: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


async def _respond_answer(send: Send, answer: Answer) -> None:
    extra = [(b"vary", b"accept")]
    if answer.cut_at is not None:
        extra.append((TRUNCATED_HEADER.lower().encode(), str(answer.cut_at).encode()))
    await _respond(send, 200, answer.body, answer.media_type, extra)


async def _respond_file(send: Send, path: Path, media_type: str, head: bool) -> None:
    """A dump file, a megabyte at a time: memory does not grow with the build. The file is
    opened before the headers go, so its size and its bytes are one version's."""
    with path.open("rb") as dump:
        size = os.fstat(dump.fileno()).st_size
        headers = [*CORS, (b"x-content-type-options", b"nosniff"),
                   (b"content-type", media_type.encode()), (b"content-length", str(size).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        while not head:
            block = dump.read(1 << 20)
            more = len(block) == 1 << 20
            await send({"type": "http.response.body", "body": block, "more_body": more})
            if not more:
                return
        await send({"type": "http.response.body", "body": b""})


async def _respond(send: Send, status: int, body: bytes, media_type: str | None,
                   extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [*CORS, (b"x-content-type-options", b"nosniff"), *(extra or [])]
    if media_type:
        headers.append((b"content-type", media_type.encode()))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
