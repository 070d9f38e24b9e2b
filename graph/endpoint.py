"""A remote SPARQL 1.1 endpoint as the store: load the build by the Graph Store HTTP Protocol and
query it by the SPARQL 1.1 Protocol. Standard library HTTP, Oxigraph's result parsers."""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from .errors import CjkgError
from .evaluate import QueryResult, materialise, query_form

DEFAULT_GRAPH = "https://w3id.org/cjkg/graph"


class EndpointError(CjkgError):
    exit_code = 2


def _opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _send(request: urllib.request.Request, timeout: float, opener: urllib.request.OpenerDirector,
          headers: dict[str, str] | None = None) -> bytes:
    """The response body; its headers go into `headers` when given."""
    try:
        with opener.open(request, timeout=timeout) as response:
            if headers is not None:
                headers.update(response.headers.items())
            return response.read()
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace").strip()[:300]
        raise EndpointError(f"{request.full_url} answered {e.code} {e.reason}: {detail}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise EndpointError(f"cannot reach {request.full_url}: {getattr(e, 'reason', e)}") from None


def _typed_literals(data: bytes) -> bytes:
    # Virtuoso writes the legacy "typed-literal" type that SPARQL 1.1 JSON results replaced by "literal".
    return data.replace(b'"type": "typed-literal"', b'"type": "literal"').replace(
        b'"type":"typed-literal"', b'"type":"literal"')


def remote_query(url: str, sparql: str, graph: str | None = DEFAULT_GRAPH, timeout: float = 30.0) -> QueryResult:
    """Run sparql on a SPARQL 1.1 Protocol endpoint (POST, form-encoded), against `graph` by default."""
    graph_result = query_form(sparql) in ("construct", "describe")
    fields = [("query", sparql)] + ([("default-graph-uri", graph)] if graph else [])
    media = "application/n-triples" if graph_result else "application/sparql-results+json"
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                     headers={"Accept": media,
                                              "Content-Type": "application/x-www-form-urlencoded"})
    headers: dict[str, str] = {}
    body = _send(request, timeout, _opener(url, None, None), headers)
    if graph_result:
        result = materialise(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    else:
        result = materialise(ox.parse_query_results(_typed_literals(body), format=ox.QueryResultsFormat.JSON))
    result.truncated = headers.get("X-CJKG-Truncated") == "true"  # a `cjkg serve` that cut the result
    return result


def _authorise(request: urllib.request.Request, user: str | None, password: str, timeout: float) -> None:
    """Add the Authorization header before sending a large body: a server that answers 401 may close the
    connection while the body is still being sent, so the challenge is fetched first by a small GET."""
    probe = urllib.request.Request(request.full_url, method="GET")
    try:
        with urllib.request.urlopen(probe, timeout=timeout):
            return  # no authentication asked for
    except urllib.error.HTTPError as e:
        challenge = e.headers.get("WWW-Authenticate", "")
        e.read()
        if e.code != 401 or not challenge:
            return
    if user is None:
        raise EndpointError(f"{request.full_url} answered 401 Unauthorized: give --user and --password")
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "basic":
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_unredirected_header("Authorization", f"Basic {token}")
        return
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, request.full_url, user, password)
    handler = urllib.request.HTTPDigestAuthHandler(manager)
    params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
    header = handler.get_authorization(request, params)
    if header:
        request.add_unredirected_header("Authorization", f"Digest {header}")


CHUNK_LINES = 100_000
"""Triples sent per request by `push`: Virtuoso 7.2 stalled on one PUT of a million triples ("Many lock
waits" after 444,425), and takes chunks of this size at once."""


def chunks(data: bytes, lines: int = CHUNK_LINES) -> list[bytes]:
    """N-Triples cut at line ends into pieces of at most `lines` triples (a build writes no blank nodes,
    so no node's label is split between two documents)."""
    pieces, start, count = [], 0, 0
    at = data.find(b"\n")
    while at != -1:
        count += 1
        if count == lines:
            pieces.append(data[start:at + 1])
            start, count = at + 1, 0
        at = data.find(b"\n", at + 1)
    if start < len(data):
        pieces.append(data[start:])
    return pieces or [b""]


def push(out: Path, url: str, graph: str = DEFAULT_GRAPH, user: str | None = None, password: str | None = None,
         timeout: float = 300.0, lines: int = CHUNK_LINES) -> int:
    """Replace `graph` at a Graph Store Protocol endpoint with the build in `out`: an HTTP PUT of the
    first `lines` triples of its N-Triples, then a POST (which adds) of each further piece. Returns the
    number of triples sent. A failure part-way says how far it got; push again to replace the graph."""
    data = (Path(out) / "cjkg.nt").read_bytes()
    sep = "&" if "?" in url else "?"
    param = "graph-uri" if "graph-crud" in url else "graph"  # Virtuoso's name, else the standard one
    target = f"{url}{sep}{urllib.parse.urlencode({param: graph})}"
    total, sent = data.count(b"\n"), 0
    for i, piece in enumerate(chunks(data, lines)):
        request = urllib.request.Request(target, data=piece, method="PUT" if i == 0 else "POST",
                                         headers={"Content-Type": "application/n-triples"})
        _authorise(request, user, password or "", timeout)
        try:
            _send(request, timeout, urllib.request.build_opener())
        except EndpointError as e:
            raise EndpointError(f"{e} (after {sent:,} of {total:,} triples: the graph is incomplete; "
                                "push again)") from None
        sent += piece.count(b"\n")
    return sent


__all__ = ["DEFAULT_GRAPH", "EndpointError", "push", "remote_query"]
