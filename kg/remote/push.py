"""`kg push`: the build into any SPARQL 1.1 store, one named graph per source, so that the store's
graphs under the build's namespace are the build's.

The graphs are the build's chunks (`build/chunks.json`), as `kg export` TriG names them:
`qid:graph/ontology`, `qid:graph/entities` and `qid:graph/source/{stem}` (an article, its claims
and their quotes). Each chunk file is read when its request is made, so only one graph is in
memory at a time however large the build. Each is replaced whole by one request, either a
Graph Store Protocol PUT (`--graph-store`) or one SPARQL Update request
`DROP SILENT GRAPH g ; INSERT DATA { GRAPH g { ... } }` (`--endpoint`), which stores run as
one transaction. So pushing twice gives the same store, and a push that
stops half-way leaves every graph either as it was or as it is now; running it again finishes.

Replacing is not enough for the store to equal the build: the graph of a deleted source would
stay. So push first asks the store which graphs it holds under the build's graph namespace
(`qid:graph/`, the only names kg mints), with a standard SPARQL 1.1 query on its query endpoint
(`stale_graphs`; the Graph Store Protocol cannot list graphs), and after replacing drops those
the build no longer has, one request each (Graph Store DELETE, or `DROP SILENT GRAPH`). Graphs
outside that namespace, a partner's in the same store, are never named in the query's answer
and never dropped. A store that cannot list its graphs stops the push before anything changes,
with a sentence saying so: pushing without dropping must be asked for (`--keep-stale`), since
it leaves the store unlike the build.

Credentials come only from the environment (`KG_PUSH_TOKEN` as a bearer token, or
`KG_PUSH_USER` and `KG_PUSH_PASSWORD` for HTTP Basic) and never appear in a message: URLs are
shown without user, password or query string, a server's reply is shown with any secret blanked,
a URL carrying a password is refused, and redirects are not followed (urllib would resend the
Authorization header to wherever they point). Every request has a timeout.

Only stdlib HTTP (urllib) is used: the requests need nothing more.
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import EndpointError, InputError, Problem
from kg.export.dump import build_chunks
from kg.namespaces import DEFAULT_IDS
from kg.project import Project
from kg.query.library import with_values
from kg.remote.query import CAP_HEADERS, COMMON_CAPS

TOKEN, USER, PASSWORD = "KG_PUSH_TOKEN", "KG_PUSH_USER", "KG_PUSH_PASSWORD"
# Every graph name the bundled corpus's build mints starts with it; another corpus's graphs
# are under its own base IRI (Project.ids.graph("")), which callers pass as `namespace`.
NAMESPACE = str(DEFAULT_IDS.graph(""))
# Every named graph of the store whose name starts with ?namespace (bound to NAMESPACE).
LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } FILTER(STRSTARTS(STR(?g), ?namespace)) }"
RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9"


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
    """Where to push: a Graph Store Protocol URL (PUT) if given, else an Update endpoint; and
    the query endpoint that lists the store's graphs, if not the one `listing_url` infers."""

    endpoint: str | None = None
    graph_store: str | None = None
    timeout: float = 60.0
    query_endpoint: str | None = None

    @property
    def url(self) -> str:
        return self.graph_store or self.endpoint or ""


@dataclass(frozen=True)
class Listing:
    """What the store holds under NAMESPACE that the build no longer has (`stale`, sorted),
    where that was asked, and notes for the user."""

    url: str
    stale: list[str]
    notes: list[str] = field(default_factory=list)


def graphs_of(project: Project) -> list[NamedGraph]:
    """The build's named graphs in its order: ontology, entities, then each source. Raises
    InputError, asking for `kg build`, when the build has no up-to-date chunk manifest."""
    return [NamedGraph(str(project.ids.graph(chunk.graph)), chunk.source, chunk.triples)
            for chunk in build_chunks(project) if isinstance(chunk.source, Path)]


def ours(name: str, namespace: str = NAMESPACE) -> bool:
    """Whether a graph name is in the build's namespace, the only graphs push may drop."""
    return name.startswith(namespace) and len(name) > len(namespace)


def listing_url(target: Target) -> str:
    """Where to ask for the store's graphs: --query-endpoint; else the query endpoint beside the
    URL push writes to, by the naming of Oxigraph and Fuseki (`…/update`, or the Graph Store's
    `…/store` or `…/data`, beside `…/query`); else --endpoint itself, since many stores
    (Virtuoso, Blazegraph) take queries and updates at one URL. Raises InputError for a Graph
    Store URL named otherwise, whose query endpoint cannot be told."""
    if target.query_endpoint:
        return target.query_endpoint
    parts = urllib.parse.urlsplit(target.url)
    head, _, last = parts.path.rpartition("/")
    if last in (("store", "data") if target.graph_store else ("update",)):
        return urllib.parse.urlunsplit(parts._replace(path=f"{head}/query"))
    if target.graph_store:
        raise InputError([Problem(None, None, f"cannot tell the query endpoint of the store at "
                                  f"{where(target.url)}, which kg push asks for the graphs the "
                                  "build no longer has: give it with --query-endpoint, or push "
                                  "without dropping them with --keep-stale")])
    return target.url


def stale_graphs(graphs: Sequence[NamedGraph], target: Target, credentials: Credentials,
                 namespace: str = NAMESPACE) -> Listing:
    """The store's graphs under `namespace` that are not among `graphs` (the whole build), by one
    SPARQL 1.1 query on `listing_url(target)`. Raises EndpointError when the store cannot list
    them (unreachable, refuses, answers what is not a complete results document), and
    InputError when the query endpoint cannot be told."""
    check_target(target)
    url = listing_url(target)
    query = with_values(LIST_GRAPHS, {"namespace": ox.Literal(namespace)})
    headers = {**credentials.header(), "User-Agent": "qantar-kg push", "Accept": RESULTS,
               "Content-Type": "application/x-www-form-urlencoded"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers=headers, method="POST")
    at = where(url) + ("" if target.query_endpoint
                       else f" (its query endpoint, as found from {where(target.url)})")
    advice = (". kg push asks for them to drop those the build no longer has: give the store's "
              "query endpoint with --query-endpoint, or push without dropping them with "
              "--keep-stale. Nothing was changed in the store.")
    try:
        with _opener().open(request, timeout=target.timeout) as response:
            body, answer = response.read(), response.headers
    except urllib.error.HTTPError as exc:
        raise EndpointError(f"the store refused to list its graphs at {at}: "
                            f"{_refusal(exc, credentials)}{advice}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = _reason(getattr(exc, "reason", exc), target.timeout)
        raise EndpointError(f"cannot list the store's graphs at {at}: {reason}{advice}"
                            ) from None
    capped = [name for name in CAP_HEADERS if name in {k.lower() for k in answer}]
    if capped:
        raise EndpointError(f"the store cut its list of graphs short at {at} (its {capped[0]} "
                            f"header says so){advice}")
    names = _graph_names(body, answer.get_content_type(), at, advice)
    built = {graph.name for graph in graphs}
    notes = []
    if len(names) in COMMON_CAPS:
        notes.append(f"the store at {where(url)} listed exactly {len(names)} graphs, a limit "
                     "many servers impose: graphs past it, if any, were not seen and not dropped")
    return Listing(url, sorted(n for n in names if ours(n, namespace) and n not in built), notes)


def push(graphs: Sequence[NamedGraph], target: Target, credentials: Credentials,
         progress: Callable[[str], None] = lambda _: None, drop: Sequence[str] = (),
         namespace: str = NAMESPACE) -> int:
    """Replace each graph in the store, then drop the graphs named in `drop` (the `stale` of
    `stale_graphs`); the number of triples sent. Raises EndpointError, and InputError, before
    any request, for a graph to drop outside `namespace`."""
    check_target(target)
    outside = [name for name in drop if not ours(name, namespace)]
    if outside:
        raise InputError([Problem(None, None, f"refusing to drop <{outside[0]}>: kg push drops "
                                  f"only graphs under <{namespace}>")])
    opener = _opener()
    sent = 0
    for done, graph in enumerate(graphs):
        state = _state(done, len(graphs))
        _send(opener, _request(graph, target, credentials), target, credentials,
              f"graph <{graph.name}>", state)
        sent += graph.size
        progress(f"replaced <{graph.name}> ({graph.size} triples)")
    for done, name in enumerate(drop):
        state = _state(len(graphs), len(graphs), done, len(drop))
        _send(opener, _drop_request(name, target, credentials), target, credentials,
              f"to drop graph <{name}>", state)
        progress(f"dropped <{name}> (no longer in the build)")
    return sent


def check_target(target: Target) -> None:
    """Refuse what would leak a secret or could not work, before any request is made."""
    problems = []
    if not target.url:
        problems.append("give --endpoint (a SPARQL Update endpoint) or --graph-store (a Graph "
                        "Store Protocol endpoint)")
    for option, url in (("--endpoint", target.endpoint), ("--graph-store", target.graph_store),
                        ("--query-endpoint", target.query_endpoint)):
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


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirects)


def _send(opener: urllib.request.OpenerDirector, request: urllib.request.Request,
          target: Target, credentials: Credentials, what: str, state: str) -> None:
    """Make one request that changes the store; `what` names its object in a refusal, `state`
    says what was done before it. A Graph Store DELETE of a graph already gone is done."""
    try:
        with opener.open(request, timeout=target.timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if request.get_method() == "DELETE" and exc.code == 404:
            return
        raise EndpointError(f"the store at {where(target.url)} refused {what}: "
                            f"{_refusal(exc, credentials)}. {state}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"cannot push to the store at {where(target.url)}: "
                            f"{_reason(reason, target.timeout)}. {state}") from None


def _request(graph: NamedGraph, target: Target, credentials: Credentials
             ) -> urllib.request.Request:
    headers = {**credentials.header(), "User-Agent": "qantar-kg push"}
    if target.graph_store:
        data = graph.ntriples()  # the store parses it; the build wrote it as N-Triples
        headers["Content-Type"] = "application/n-triples"
        return urllib.request.Request(_graph_url(target.graph_store, graph.name), data=data,
                                      headers=headers, method="PUT")
    headers["Content-Type"] = "application/sparql-update; charset=utf-8"
    return urllib.request.Request(target.endpoint or "", data=replace_graph_update(graph),
                                  headers=headers, method="POST")


def _drop_request(name: str, target: Target, credentials: Credentials
                  ) -> urllib.request.Request:
    headers = {**credentials.header(), "User-Agent": "qantar-kg push"}
    if target.graph_store:
        return urllib.request.Request(_graph_url(target.graph_store, name), headers=headers,
                                      method="DELETE")
    headers["Content-Type"] = "application/sparql-update; charset=utf-8"
    return urllib.request.Request(target.endpoint or "", data=drop_graph_update(name),
                                  headers=headers, method="POST")


def _graph_url(graph_store: str, name: str) -> str:
    separator = "&" if urllib.parse.urlsplit(graph_store).query else "?"
    return graph_store + separator + urllib.parse.urlencode({"graph": name})


def replace_graph_update(graph: NamedGraph) -> bytes:
    """One SPARQL Update request that replaces the graph. The chunk is parsed and written again
    by Oxigraph's N-Triples serialiser (every term escaped), which is valid inside INSERT DATA;
    the graph name is a parsed IRI. Nothing from outside the build is pasted in."""
    name = str(ox.NamedNode(graph.name))
    body = ox.serialize(ox.parse(path=str(graph.path), format=ox.RdfFormat.N_TRIPLES),
                        format=ox.RdfFormat.N_TRIPLES)
    return (f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n".encode()
            + body + b"} }\n")


def drop_graph_update(name: str) -> bytes:
    """One SPARQL Update request that drops a graph. The name came from the store: it is
    parsed as an IRI (ValueError if it is not one) and written back by Oxigraph."""
    return f"DROP SILENT GRAPH {ox.NamedNode(name)}\n".encode()


def _graph_names(body: bytes, content_type: str, at: str, advice: str) -> list[str]:
    """The IRIs bound to ?g in a SPARQL results document, which is parsed whole first (IRIs
    checked), so an answer cut short or malformed is refused rather than half read."""
    fmt = ox.QueryResultsFormat.from_media_type(content_type)
    if fmt is None:
        raise EndpointError(f"the store answered the list of its graphs at {at} in "
                            f"{content_type!r}, not a SPARQL results format{advice}")
    try:
        results = ox.parse_query_results(body, format=fmt)
        if not isinstance(results, ox.QuerySolutions) or ox.Variable("g") not in \
                results.variables:
            raise SyntaxError("not the solutions of the query, with a column g")
        return [row["g"].value for row in results if isinstance(row["g"], ox.NamedNode)]
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"the store sent a list of its graphs at {at} that ends early or "
                            f"does not parse ({len(body)} bytes: {exc}){advice}") from None


def _refusal(exc: urllib.error.HTTPError, credentials: Credentials) -> str:
    """`HTTP 401 Unauthorized (what to do): the first line the store said`, secrets blanked."""
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
    return f"HTTP {exc.code} {exc.reason}{hint}" + (f": {first[:200]}" if first else "")


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    return str(getattr(reason, "strerror", None) or reason)


def _state(replaced: int, total: int, dropped: int = 0, stale: int = 0) -> str:
    """What a push stopped by a failure had done, and how to finish."""
    if replaced == 0 and dropped == 0:
        return "Nothing was changed in the store."
    if replaced < total:
        return (f"{replaced} of {total} graphs were replaced before this; the others are as "
                "they were. Run kg push again to finish.")
    return (f"All {total} graphs were replaced, and {dropped} of {stale} graphs no longer in "
            "the build dropped, before this. Run kg push again to finish.")


def _scrub(text: str, credentials: Credentials) -> str:
    for secret in credentials.secrets():
        text = text.replace(secret, "***")
    return text


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None  # urllib then raises HTTPError with the 3xx status
