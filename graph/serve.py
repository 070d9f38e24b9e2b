"""`cjkg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built store, with a query page.

Standard library HTTP (one thread per request): GET and POST on /sparql, content negotiation over
the SPARQL result formats, updates and federated SERVICE calls refused, a timeout and a row cap on
every query. Binds to loopback unless told otherwise.
"""

from __future__ import annotations

import html
import json
import sys
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from . import named
from .errors import QueryError
from .evaluate import QueryTimeout, is_update, query_form, run_sparql, uses_service
from .results import MEDIA_TYPES, render
from .store import cached_store

_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld",
    "text/plain": "table",
}
_GRAPH = ("turtle", "nt", "jsonld")


@dataclass(frozen=True)
class Settings:
    timeout: float = 30.0
    max_rows: int = 10_000


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
        if fmt and (fmt in _GRAPH) == graph:
            return fmt
    return "turtle" if graph else "json"


class _Handler(BaseHTTPRequestHandler):
    server_version = "cjkg-sparql/0.1"
    store: ox.Store
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

    def _error(self, status: int, message: str) -> None:
        self._reply(status, (message + "\n").encode(), "text/plain; charset=utf-8")

    def _refuse_update(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
        url = urllib.parse.urlsplit(self.path)
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
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql, the query page /")

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
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

    def _answer(self, sparql: str, explicit_format: str | None) -> None:
        if is_update(sparql):
            self._refuse_update()
            return
        if uses_service(sparql):
            self._error(HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are refused by this endpoint")
            return
        if explicit_format and explicit_format not in MEDIA_TYPES:
            self._error(HTTPStatus.BAD_REQUEST, f"unknown format {explicit_format}")
            return
        fmt = negotiate(self.headers.get("Accept") or "", query_form(sparql), explicit_format)
        try:
            result = run_sparql(self.store, sparql, self.settings.timeout, self.settings.max_rows)
            body = render(result, fmt)
        except QueryTimeout as e:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(e))
            return
        except QueryError as e:
            self._error(HTTPStatus.BAD_REQUEST, str(e))
            return
        extra = {"X-CJKG-Truncated": "true"} if result.truncated else {}
        self._reply(200, body, MEDIA_TYPES[fmt], extra)


def query_page(store: ox.Store) -> bytes:
    """The query page: a form, the named queries as examples, results as a table. No web resources."""
    examples = []
    for q in named.library().values():
        try:
            text = named.bind(store, q, dict(q.example))
        except QueryError:
            text = q.text  # an example naming what this graph lacks: show the query unbound
        examples.append({"name": q.name, "title": q.title, "text": text})
    data = json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")
    return _PAGE.replace("__EXAMPLES__", data).replace("__TITLE__", html.escape("CJKG SPARQL endpoint")).encode()


def make_server(out: Path | str = "out", host: str = "127.0.0.1", port: int = 7878,
                settings: Settings = Settings()) -> ThreadingHTTPServer:
    """A ready server over the build in `out`; call serve_forever() on it (shutdown() stops it)."""
    store = cached_store(Path(out))
    handler = type("Handler", (_Handler,), {"store": store, "settings": settings, "page": query_page(store)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; } textarea { width: 100%; height: 16rem; font: 13px/1.4 ui-monospace, monospace; }
select, button { font: inherit; padding: .25rem .5rem; } table { border-collapse: collapse; margin-top: 1rem; }
td, th { border: 1px solid #ccc; padding: .2rem .45rem; vertical-align: top; text-align: left; font-size: 13px; }
th { background: #f3f3f3; } #status { color: #555; margin-left: .75rem; } pre { white-space: pre-wrap; }
</style></head><body>
<h1>Cambodia–Japan Knowledge Graph: SPARQL</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code>. The project prefixes (cj:, cjd:, sector:, prov:,
dct:, schema:, skos:, org:, rdfs:, xsd: ...) are predeclared.</p>
<p><label>Example: <select id="examples"><option value="">choose a named query…</option></select></label></p>
<textarea id="query" spellcheck="false">
SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)</textarea>
<p><button id="run">Run</button>
<label>Download as <select id="format"><option>json</option><option>xml</option><option>csv</option>
<option>tsv</option></select></label> <button id="download">Download</button><span id="status"></span></p>
<div id="out"></div>
<script>
const examples = __EXAMPLES__;
const sel = document.getElementById("examples");
for (const ex of examples) { const o = document.createElement("option"); o.value = ex.name;
  o.textContent = ex.name + ": " + ex.title; sel.appendChild(o); }
sel.addEventListener("change", () => { const ex = examples.find(e => e.name === sel.value);
  if (ex) document.getElementById("query").value = ex.text; });
function cell(b) { if (!b) return ""; return b.value; }
async function post(accept) {
  return fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", "Accept": accept },
    body: document.getElementById("query").value });
}
document.getElementById("run").addEventListener("click", async () => {
  const status = document.getElementById("status"), out = document.getElementById("out");
  status.textContent = "running…"; out.textContent = "";
  const t0 = performance.now(); const r = await post("application/sparql-results+json, text/turtle;q=0.9");
  const ms = Math.round(performance.now() - t0);
  if (!r.ok) { status.textContent = "error " + r.status; const pre = document.createElement("pre");
    pre.textContent = await r.text(); out.appendChild(pre); return; }
  const type = r.headers.get("Content-Type") || "";
  if (!type.includes("json")) { const pre = document.createElement("pre"); pre.textContent = await r.text();
    out.appendChild(pre); status.textContent = ms + " ms"; return; }
  const data = await r.json();
  if ("boolean" in data) { out.textContent = String(data.boolean); status.textContent = ms + " ms"; return; }
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) { const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]); }
  out.appendChild(table);
  status.textContent = data.results.bindings.length + " rows, " + ms + " ms" +
    (r.headers.get("X-CJKG-Truncated") ? " (cut at the row limit)" : "");
});
document.getElementById("download").addEventListener("click", () => {
  const f = document.getElementById("format").value, q = encodeURIComponent(document.getElementById("query").value);
  window.location = "/sparql?format=" + f + "&query=" + q;
});
</script></body></html>
"""
