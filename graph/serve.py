"""`cjkg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built store, with a query page.

Standard library HTTP, one thread per connection, which only parses, negotiates and replies: the
queries run in a pool of worker processes that each hold the store in memory (graph/pool.py), so a
query past its timeout is killed rather than left running. GET and POST on /sparql, content
negotiation over the SPARQL result formats and HTML, updates and federated SERVICE calls refused,
a size limit on every request, a timeout and a row cap on every query. Binds to loopback unless told
otherwise.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import time
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jinja2

from . import named
from .errors import QueryError
from .evaluate import QueryTimeout, is_update, query_form, uses_service
from .namespaces import PREFIXES
from .pool import PoolBusy, WorkerFault, WorkerLost, WorkerPool
from .results import MEDIA_TYPES

_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld",
    "text/plain": "table", "text/html": "html", "application/xhtml+xml": "html",
}
_GRAPH = ("turtle", "nt", "jsonld")
_BOTH = ("html",)  # formats for every query form
_DRAIN_SECONDS = 2.0  # how long a refused body is read and dropped, so that its client sees the 413


@dataclass(frozen=True)
class Settings:
    timeout: float = 30.0
    max_rows: int = 10_000
    max_body: int = 1_000_000  # bytes of a request body or of a GET query string
    workers: int = 2


def negotiate(accept: str, form: str, explicit: str | None) -> str:
    """The result format for an Accept header (with q-values), a ?format= override and the query form."""
    graph = form in ("construct", "describe")
    if explicit:
        return explicit
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = next((float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        fmt = _ACCEPT.get(media)
        if fmt and (fmt in _BOTH or (fmt in _GRAPH) == graph):
            return fmt
    return "turtle" if graph else "json"


class _Handler(BaseHTTPRequestHandler):
    server_version = "cjkg-sparql/0.2"
    protocol_version = "HTTP/1.1"  # keep-alive, and Expect: 100-continue answered before a body comes
    timeout = 60  # seconds a connection may sit idle or stall mid-request
    pool: WorkerPool
    settings: Settings
    page: bytes

    def log_message(self, fmt: str, *args: object) -> None:
        sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

    def _reply(self, status: int, body: bytes, media: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict[str, str] | None = None) -> None:
        self._reply(status, (message + "\n").encode(), "text/plain; charset=utf-8", extra)

    def _refuse_update(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")

    def _too_large(self, what: str, size: int) -> None:
        self.close_connection = True
        self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"the {what} has {size} bytes; this endpoint takes at most {self.settings.max_body}",
                    {"Connection": "close"})

    def handle_expect_100(self) -> bool:
        """A client that asks before sending its body (curl does for large ones) is refused at once."""
        length = self._content_length()
        if length is not None and length > self.settings.max_body:
            self._too_large("request body", length)
            return False
        return super().handle_expect_100()

    def _content_length(self) -> int | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return None
        return length if length >= 0 else None

    def _drain(self, length: int) -> None:
        """Read and drop what the client still sends of a refused body, for a short while, so that it
        reads the 413 rather than a reset connection; nothing of it is kept."""
        self.wfile.flush()
        self.connection.settimeout(0.5)
        deadline = time.monotonic() + _DRAIN_SECONDS
        try:
            while length > 0 and time.monotonic() < deadline:
                chunk = self.rfile.read1(min(length, 65536))
                if not chunk:
                    break
                length -= len(chunk)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
        url = urllib.parse.urlsplit(self.path)
        if len(url.query) > self.settings.max_body:
            self._too_large("query string", len(url.query))
            return
        params = urllib.parse.parse_qs(url.query)
        if url.path in ("/", "/index.html"):
            self._reply(200, self.page, "text/html; charset=utf-8")
        elif url.path == "/sparql":
            if "update" in params:
                self._refuse_update()
            elif "query" not in params:
                self._error(HTTPStatus.BAD_REQUEST, "give the query as ?query=...")
            else:
                self._answer(params["query"][0], params.get("format", [None])[0])
        elif url.path.startswith("/named/"):
            self._bind(urllib.parse.unquote(url.path[len("/named/"):]),
                       {k: v[0] for k, v in params.items()})
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql, the query page /")

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        length = self._content_length()
        if length is None or "Transfer-Encoding" in self.headers:
            self.close_connection = True
            self._error(HTTPStatus.LENGTH_REQUIRED, "send the body with a valid Content-Length (not chunked)",
                        {"Connection": "close"})
            return
        if length > self.settings.max_body:
            self._too_large("request body", length)
            self._drain(length)
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            return
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fmt = urllib.parse.parse_qs(url.query).get("format", [None])[0]
        if media == "application/sparql-update":
            self._refuse_update()
        elif media == "application/sparql-query":
            self._answer(body, fmt)
        elif media == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body)
            if "update" in form:
                self._refuse_update()
            elif "query" not in form:
                self._error(HTTPStatus.BAD_REQUEST, "give the query as the form field query=")
            else:
                self._answer(form["query"][0], form.get("format", [fmt])[0])
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        "send application/sparql-query or application/x-www-form-urlencoded")

    def _call(self, kind: str, *args: object) -> object | None:
        """A task's value from the pool, or None once the error has been answered."""
        try:
            return self.pool.call(self.settings.timeout, kind, *args)
        except (QueryTimeout, PoolBusy) as e:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(e), {"Retry-After": "5"})
        except QueryError as e:
            self._error(HTTPStatus.BAD_REQUEST, str(e))
        except (WorkerLost, WorkerFault) as e:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(e))
        return None

    def _bind(self, name: str, params: dict[str, str]) -> None:
        text = self._call("bind", name, params)
        if text is not None:
            self._reply(200, str(text).encode(), "application/sparql-query; charset=utf-8")

    def _answer(self, sparql: str, explicit_format: str | None) -> None:
        if is_update(sparql):
            self._refuse_update()
            return
        if uses_service(sparql):
            self._error(HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are refused by this endpoint")
            return
        if explicit_format and explicit_format not in MEDIA_TYPES:
            self._error(HTTPStatus.BAD_REQUEST,
                        f"unknown format {explicit_format}; use one of {', '.join(MEDIA_TYPES)}")
            return
        fmt = negotiate(self.headers.get("Accept") or "", query_form(sparql), explicit_format)
        answer = self._call("query", sparql, fmt, self.settings.max_rows)
        if answer is None:
            return
        body, truncated = answer  # type: ignore[misc]
        extra = {"X-CJKG-Truncated": "true"} if truncated else {}
        if fmt in ("csv", "tsv"):  # no room inside these formats: the file's name says it
            name = f"cjkg-result{'-truncated' if truncated else ''}.{fmt}"
            extra["Content-Disposition"] = f'attachment; filename="{name}"'
        self._reply(200, body, MEDIA_TYPES[fmt], extra)


def query_page(settings: Settings) -> bytes:
    """The query page: a form, a parameter form for each named query, results as a table with links.
    It loads nothing from the web."""
    queries = [{"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                "example": dict(q.example),
                "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                            "description": p.description, "cls": p.cls} for p in q.params]}
               for q in named.library().values()]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
    page = env.get_template("query.html").render(
        queries=queries, prefixes=list(PREFIXES), timeout=f"{settings.timeout:g}", max_rows=settings.max_rows,
        data={"queries": queries, "prefixes": PREFIXES})
    return page.encode()


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server and its worker pool, closed together."""

    daemon_threads = True
    pool: WorkerPool

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(out: Path | str = "out", host: str = "127.0.0.1", port: int = 7878,
                settings: Settings = Settings()) -> SparqlServer:
    """A ready server over the build in `out` (its workers have loaded the store); call
    serve_forever() on it, and shutdown() and server_close() to stop it."""
    pool = WorkerPool(Path(out), settings.workers)
    handler = type("Handler", (_Handler,), {"pool": pool, "settings": settings, "page": query_page(settings)})
    try:
        server = SparqlServer((host, port), handler)
    except BaseException:
        pool.close()
        raise
    server.pool = pool
    return server
