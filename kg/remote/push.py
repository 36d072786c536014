"""`kg push`: the build into any SPARQL 1.1 store, one named graph per source.

The graphs are the build's chunks (`build/chunks.json`), as `kg export` TriG names them:
`qid:graph/ontology`, `qid:graph/entities` and `qid:graph/source/{stem}` (an article, its claims
and their quotes). Each chunk file is read when its request is made, so only one graph is in
memory at a time however large the build. Each is replaced whole by one request, either a
Graph Store Protocol PUT (`--graph-store`) or one SPARQL Update request
`DROP SILENT GRAPH g ; INSERT DATA { GRAPH g { ... } }` (`--endpoint`), which stores run as
one transaction. So pushing twice gives the same store, and a push that
stops half-way leaves every graph either as it was or as it is now; running it again finishes.

Credentials come only from the environment (`KG_PUSH_TOKEN` as a bearer token, or
`KG_PUSH_USER` and `KG_PUSH_PASSWORD` for HTTP Basic) and never appear in a message: URLs are
shown without user, password or query string, a server's reply is shown with any secret blanked,
a URL carrying a password is refused, and redirects are not followed (urllib would resend the
Authorization header to wherever they point). Every request has a timeout.

Only stdlib HTTP (urllib) is used: the two requests need nothing more.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import EndpointError, InputError, Problem
from kg.export.dump import build_chunks
from kg.namespaces import graph_iri
from kg.project import Project

TOKEN, USER, PASSWORD = "KG_PUSH_TOKEN", "KG_PUSH_USER", "KG_PUSH_PASSWORD"


@dataclass(frozen=True)
class NamedGraph:
    """One graph to replace: its IRI, the build's chunk file holding its triples (sorted
    N-Triples), and how many there are."""

    name: str
    path: Path = field(repr=False)
    size: int

    def ntriples(self) -> bytes:
        return self.path.read_bytes()

    @property
    def triples(self) -> list[ox.Triple]:
        return [q.triple for q in ox.parse(path=str(self.path), format=ox.RdfFormat.N_TRIPLES)]


@dataclass(frozen=True)
class Credentials:
    """Secrets from the environment; `repr` never shows them."""

    token: str | None = field(default=None, repr=False)
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    def header(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}

    def secrets(self) -> list[str]:
        """Every form in which a secret could come back in a server's reply."""
        found = [s for s in (self.token, self.password) if s]
        found += [value.split()[-1] for value in self.header().values()]
        return found


def credentials_from(environment: Mapping[str, str] = os.environ) -> Credentials:
    return Credentials(environment.get(TOKEN) or None, environment.get(USER) or None,
                       environment.get(PASSWORD) or None)


@dataclass(frozen=True)
class Target:
    """Where to push: a Graph Store Protocol URL (PUT) if given, else an Update endpoint."""

    endpoint: str | None = None
    graph_store: str | None = None
    timeout: float = 60.0

    @property
    def url(self) -> str:
        return self.graph_store or self.endpoint or ""


def graphs_of(project: Project) -> list[NamedGraph]:
    """The build's named graphs in its order: ontology, entities, then each source. Raises
    InputError, asking for `kg build`, when the build has no up-to-date chunk manifest."""
    return [NamedGraph(str(graph_iri(chunk.graph)), chunk.source, chunk.triples)
            for chunk in build_chunks(project) if isinstance(chunk.source, Path)]


def push(graphs: list[NamedGraph], target: Target, credentials: Credentials,
         progress: Callable[[str], None] = lambda _: None) -> int:
    """Replace each graph in the store; the number of triples sent. Raises EndpointError."""
    check_target(target)
    opener = urllib.request.build_opener(_NoRedirects)
    sent = 0
    for done, graph in enumerate(graphs):
        request = _request(graph, target, credentials)
        try:
            with opener.open(request, timeout=target.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise EndpointError(_refused(exc, graph, target, credentials, done, len(graphs))
                                ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise EndpointError(f"cannot push to the store at {where(target.url)}: "
                                f"{_reason(reason, target.timeout)}. "
                                + _state(done, len(graphs))) from None
        sent += graph.size
        progress(f"replaced <{graph.name}> ({graph.size} triples)")
    return sent


def check_target(target: Target) -> None:
    """Refuse what would leak a secret or could not work, before any request is made."""
    problems = []
    if not target.url:
        problems.append("give --endpoint (a SPARQL Update endpoint) or --graph-store (a Graph "
                        "Store Protocol endpoint)")
    for option, url in (("--endpoint", target.endpoint), ("--graph-store", target.graph_store)):
        if url is None:
            continue
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"{option} must be an http:// or https:// URL")
        elif parts.username is not None or parts.password is not None:
            problems.append(f"{option} carries a user name or password: set {USER} and "
                            f"{PASSWORD} (or {TOKEN}) in the environment instead")
    if target.timeout <= 0:
        problems.append("--timeout must be more than 0 seconds")
    if problems:
        raise InputError([Problem(None, None, p) for p in problems])


def where(url: str) -> str:
    """A URL as messages show it: scheme, host, port and path; no credentials, no query."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{parts.path}"


def _request(graph: NamedGraph, target: Target, credentials: Credentials
             ) -> urllib.request.Request:
    headers = {**credentials.header(), "User-Agent": "qantar-kg push"}
    if target.graph_store:
        data = graph.ntriples()  # the store parses it; the build wrote it as N-Triples
        separator = "&" if urllib.parse.urlsplit(target.graph_store).query else "?"
        url = target.graph_store + separator + urllib.parse.urlencode({"graph": graph.name})
        headers["Content-Type"] = "application/n-triples"
        return urllib.request.Request(url, data=data, headers=headers, method="PUT")
    headers["Content-Type"] = "application/sparql-update; charset=utf-8"
    return urllib.request.Request(target.endpoint or "", data=replace_graph_update(graph),
                                  headers=headers, method="POST")


def replace_graph_update(graph: NamedGraph) -> bytes:
    """One SPARQL Update request that replaces the graph. The chunk is parsed and written again
    by Oxigraph's N-Triples serialiser (every term escaped), which is valid inside INSERT DATA;
    the graph name is a parsed IRI. Nothing from outside the build is pasted in."""
    name = str(ox.NamedNode(graph.name))
    body = ox.serialize(ox.parse(path=str(graph.path), format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.N_TRIPLES)
    return (f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n".encode()
            + body + b"} }\n")


def _refused(exc: urllib.error.HTTPError, graph: NamedGraph, target: Target,
             credentials: Credentials, done: int, total: int) -> str:
    try:
        said = _scrub(exc.read(500).decode("utf-8", "replace"), credentials)
    except OSError:
        said = ""
    first = next((line.strip() for line in said.splitlines() if line.strip()), "")
    hint = ""
    if exc.code in (401, 403):
        hint = (f" (set {TOKEN}, or {USER} and {PASSWORD}, in the environment)"
                if not credentials.header() else " (check the credentials in the environment)")
    elif 300 <= exc.code < 400:
        hint = " (a redirect, which push does not follow: give the URL it points to)"
    message = (f"the store at {where(target.url)} refused graph <{graph.name}>: HTTP {exc.code} "
               f"{exc.reason}{hint}")
    return message + (f": {first[:200]}" if first else "") + ". " + _state(done, total)


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    return str(getattr(reason, "strerror", None) or reason)


def _state(done: int, total: int) -> str:
    if done == 0:
        return "Nothing was changed in the store."
    return (f"{done} of {total} graphs were replaced before this; the others are as they were. "
            "Run kg push again to finish.")


def _scrub(text: str, credentials: Credentials) -> str:
    for secret in credentials.secrets():
        text = text.replace(secret, "***")
    return text


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None  # urllib then raises HTTPError with the 3xx status
