"""The read-only SPARQL endpoint: protocol, negotiation, refusals, limits, timeouts, many clients at once,
the HTML results and the query page."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.endpoint import remote_query
from graph.named import get as named_query
from graph.querying import query
from graph.serve import Settings, make_server, negotiate

from .browser import CHROMIUM, require_browser

MAX_ROWS = 4
MAX_BODY = 4096


def _start(out: Path, settings: Settings):
    server = make_server(out, "127.0.0.1", 0, settings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def served(mini_built: Path):
    server, base = _start(mini_built, Settings(timeout=5, max_rows=MAX_ROWS, max_body=MAX_BODY, workers=2))
    yield server, base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def endpoint(served) -> str:
    return served[1]


def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _get(base: str, query: str, accept: str = "", **params: str) -> tuple[int, dict[str, str], bytes]:
    return _call(f"{base}/sparql?{urllib.parse.urlencode({'query': query, **params})}", headers={"Accept": accept})


PEOPLE = "SELECT ?name WHERE { ?p a cj:Person ; rdfs:label ?name } ORDER BY ?name"
EVERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def test_get_returns_sparql_json_by_default(endpoint: str):
    status, headers, body = _get(endpoint, PEOPLE)
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names == ["Fumio Kishida", "Hun Manet", "Hun Sen"]
    assert "truncated" not in json.loads(body) and "X-CJKG-Truncated" not in headers


@pytest.mark.parametrize(("accept", "media"), [
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/html;q=0.4, text/csv;q=0.5, application/sparql-results+xml;q=0.8", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"),
])
def test_content_negotiation(endpoint: str, accept: str, media: str):
    status, headers, body = _get(endpoint, PEOPLE, accept)
    assert status == 200 and headers["Content-Type"] == media and b"Hun Manet" in body


def test_post_form_and_query_body(endpoint: str):
    form = urllib.parse.urlencode({"query": "ASK { cjd:hun-sen a cj:Person }"}).encode()
    status, _, body = _call(f"{endpoint}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, headers, body = _call(f"{endpoint}/sparql", b"CONSTRUCT WHERE { cjd:hun-sen rdfs:label ?l }",
                                  {"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    assert ox.Triple(ox.NamedNode("https://w3id.org/cjkg/id/hun-sen"),
                     ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                     ox.Literal("Hun Sen", language="en")) in triples


def test_updates_are_refused_and_change_nothing(endpoint: str):
    before = json.loads(_get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2])
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    for data, ctype in [(urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
                        (update.encode(), "application/sparql-update"),
                        (update.encode(), "application/sparql-query")]:
        status, _, _ = _call(f"{endpoint}/sparql", data, {"Content-Type": ctype})
        assert status == 403
    assert json.loads(_get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2]) == before


def test_federation_is_refused(endpoint: str):
    status, _, body = _get(endpoint, "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body


def test_bad_query_gets_400_with_the_parser_message(endpoint: str):
    status, _, body = _get(endpoint, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and b"line 1, column" in body


# -- Size limits ------------------------------------------------------------------------------------


def _raw(endpoint: str, request: bytes) -> bytes:
    """What the server answers to `request`, read until it closes the connection."""
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize("expect", [b"", b"Expect: 100-continue\r\n"])
def test_a_large_body_gets_413_before_it_is_read(endpoint: str, expect: bytes):
    """The server answers on the headers alone: the client here never sends the 32 MB it announces."""
    answer = _raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  + expect + b"Content-Length: 33554432\r\n\r\nSELECT * WHERE { ?s ?p ?o }")
    assert answer.startswith(b"HTTP/1.1 413 ") and b"33554432 bytes" in answer
    assert b"100 Continue" not in answer


@pytest.mark.parametrize("length", [b"Content-Length: -5\r\n", b"Transfer-Encoding: chunked\r\n"])
def test_a_body_without_a_valid_length_gets_411(endpoint: str, length: bytes):
    answer = _raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  + length + b"\r\n5\r\nASK{}\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 411 ")


def test_a_large_body_sent_whole_still_reads_the_413(endpoint: str):
    body = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (3 * 1024 * 1024)
    status, _, message = _call(f"{endpoint}/sparql", body, {"Content-Type": "application/sparql-query"})
    assert status == 413 and str(len(body)).encode() in message
    form = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BODY}).encode()
    status, _, _ = _call(f"{endpoint}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413


def test_a_long_query_string_gets_413_and_a_short_one_an_answer(endpoint: str):
    long = "SELECT ?name WHERE { ?p a cj:Person ; rdfs:label ?name } #" + "x" * MAX_BODY
    assert _get(endpoint, long)[0] == 413
    assert _get(endpoint, PEOPLE)[0] == 200


# -- Truncation, said inside each format ---------------------------------------------------------


def test_a_cut_json_result_says_so_and_stays_valid(endpoint: str):
    status, headers, body = _get(endpoint, EVERY, "application/sparql-results+json")
    data = json.loads(body)
    assert status == 200 and data["truncated"] is True and headers["X-CJKG-Truncated"] == "true"
    assert len(data["results"]["bindings"]) == MAX_ROWS
    assert len(list(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))) == MAX_ROWS


def test_a_cut_xml_result_links_to_truncated_and_stays_valid(endpoint: str):
    _, _, body = _get(endpoint, EVERY, "application/sparql-results+xml")
    assert b'<link href="#truncated"/>' in body.split(b"</head>")[0]
    assert len(list(ox.parse_query_results(body, format=ox.QueryResultsFormat.XML))) == MAX_ROWS
    _, _, whole = _get(endpoint, PEOPLE, "application/sparql-results+xml")
    assert b"<link" not in whole


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_a_cut_csv_or_tsv_result_keeps_strict_rows_and_says_so_in_its_name(endpoint: str, mini_built: Path,
                                                                            fmt: str, delimiter: str):
    everything = query(mini_built, EVERY, rebuild=False)
    status, headers, body = _get(endpoint, EVERY, format=fmt)
    rows = list(csv.reader(io.StringIO(body.decode()), delimiter=delimiter))
    assert status == 200 and len(rows) == 1 + MAX_ROWS and all(len(r) == 3 for r in rows)
    assert rows[1][0].lstrip("<").rstrip(">") == everything.rows[0][0].value
    assert headers["X-CJKG-Truncated"] == "true"
    assert headers["Content-Disposition"] == f'attachment; filename="cjkg-result-truncated.{fmt}"'
    _, whole, _ = _get(endpoint, PEOPLE, format=fmt)
    assert whole["Content-Disposition"] == f'attachment; filename="cjkg-result.{fmt}"'


@pytest.mark.parametrize(("fmt", "rdf"), [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)])
def test_a_cut_graph_result_opens_with_a_comment(endpoint: str, fmt: str, rdf: ox.RdfFormat):
    _, _, body = _get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", format=fmt)
    assert body.startswith(f"# truncated: cut at the row limit of {MAX_ROWS} triples\n".encode())
    assert len(list(ox.parse(body, format=rdf))) == MAX_ROWS


def test_a_remote_query_keeps_the_cut(endpoint: str, mini_built: Path):
    cut = remote_query(f"{endpoint}/sparql", EVERY, graph=None)
    assert cut.truncated and cut.rows == query(mini_built, EVERY, rebuild=False).rows[:MAX_ROWS]
    whole = remote_query(f"{endpoint}/sparql", PEOPLE, graph=None)
    assert not whole.truncated and len(whole.rows) == 3


def test_a_cut_html_result_says_so(endpoint: str):
    _, _, body = _get(endpoint, EVERY, "text/html")
    page = _Page.of(body)
    assert "truncated" in page.ids and len(page.rows) == MAX_ROWS
    assert "truncated" not in _Page.of(_get(endpoint, PEOPLE, "text/html")[2]).ids


# -- HTML results --------------------------------------------------------------------------------


class _Page(HTMLParser):
    """The table cells, links and element ids of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: dict[str, str] = {}
        self.ids: set[str] = set()
        self._href: str | None = None
        self._cell: list[str] | None = None
        self._header = False

    @classmethod
    def of(cls, body: bytes) -> _Page:
        page = cls()
        page.feed(body.decode())
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._header = tag == "th"
            self._cell = []
        elif tag == "a":
            self._href = a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            if not self._header:
                self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "a":
            self._href = None
        elif tag == "tr" and self.rows and not self.rows[-1]:
            self.rows.pop()  # the header row

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._href is not None:
            self.links[data] = self._href


def test_html_results_link_iris_and_urls_and_escape_text(endpoint: str, mini_built: Path):
    sparql = """SELECT ?person ?url ?text WHERE { ?person a cj:Person ; rdfs:label "Hun Sen"@en .
        ?source schema:url ?url . BIND ("<b>Hun & Sen</b>" AS ?text) } ORDER BY ?url LIMIT 1"""
    expected = query(mini_built, sparql, rebuild=False).rows[0]
    status, headers, body = _get(endpoint, sparql, "text/html")
    page = _Page.of(body)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.rows == [["cjd:hun-sen", expected[1].value, "<b>Hun & Sen</b>"]]
    assert page.links == {"cjd:hun-sen": expected[0].value, expected[1].value: expected[1].value}
    assert b"<b>Hun" not in body and b"&lt;b&gt;Hun &amp; Sen" in body


def test_html_results_of_ask_and_construct(endpoint: str):
    assert b'<p id="boolean">true</p>' in _get(endpoint, "ASK { cjd:hun-sen a cj:Person }", "text/html")[2]
    _, headers, body = _get(endpoint, "CONSTRUCT WHERE { cjd:hun-sen rdfs:label ?l }", "text/html")
    assert headers["Content-Type"].startswith("text/html")
    assert _Page.of(body).rows == [["cjd:hun-sen", "rdfs:label", "Hun Sen"]]


# -- Timeouts and many clients ---------------------------------------------------------------------


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.is_file() and stat.read_text().split(")")[-1].split()[0] == "Z")


def test_a_query_past_its_timeout_is_stopped_and_the_next_one_answered(mini_built: Path):
    server, base = _start(mini_built, Settings(timeout=1, max_rows=100, workers=1))
    try:
        [worker] = server.pool.pids()
        started = time.monotonic()
        status, _, body = _get(base, CARTESIAN)
        answered = time.monotonic()
        assert status == 503 and b"timeout of 1 s" in body
        while _alive(worker) and time.monotonic() - answered < 2:
            time.sleep(0.02)
        gone = time.monotonic()
        assert not _alive(worker), "the worker that ran the query still runs 2 s after its timeout"
        assert gone - started < 3
        cpu = time.process_time()
        time.sleep(1)
        assert time.process_time() - cpu < 0.3, "the server process itself still evaluates the query"
        status, _, body = _get(base, PEOPLE)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
        assert worker not in server.pool.pids() and len(server.pool.pids()) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_closing_the_server_stops_its_workers(mini_built: Path):
    server, _ = _start(mini_built, Settings(workers=2))
    pids = server.pool.pids()
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    server.shutdown()
    server.server_close()
    assert not any(_alive(p) for p in pids)


def test_twenty_clients_at_once_each_get_their_answer(endpoint: str, mini_built: Path):
    triples = list(ox.parse(path=str(mini_built / "cjkg.nt"), format=ox.RdfFormat.N_TRIPLES))
    counts = Counter(t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode))
    subjects = sorted(counts)[:20]
    assert len(subjects) == 20
    start = threading.Barrier(20)

    def ask(iri: str) -> int:
        start.wait(timeout=30)
        status, _, body = _get(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{iri}> ?p ?o }}")
        assert status == 200
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(ask, subjects, timeout=60))
    assert answers == [counts[s] for s in subjects]
    assert time.monotonic() - began < 30


def test_negotiation_prefers_quality_and_fits_the_query_form():
    assert negotiate("text/csv;q=0.2, application/sparql-results+xml", "select", None) == "xml"
    assert negotiate("text/csv", "construct", None) == "turtle"
    assert negotiate("", "describe", None) == "turtle"
    assert negotiate("*/*", "select", None) == "json"
    assert negotiate("text/csv", "select", "tsv") == "tsv"
    assert negotiate("text/html", "construct", None) == "html"


# -- Named queries and the query page ------------------------------------------------------------


def _office_params() -> dict[str, str]:
    """Values for office-holder's parameters, by type, so that renaming a parameter keeps the test."""
    values = {"entity": "Prime Minister of Cambodia", "date": "2020-06-01"}
    return {p.name: values[p.type] for p in named_query("office-holder").params}


def test_named_query_binding(endpoint: str, mini_built: Path):
    params = _office_params()
    status, headers, body = _call(f"{endpoint}/named/office-holder?{urllib.parse.urlencode(params)}")
    assert status == 200 and headers["Content-Type"] == "application/sparql-query; charset=utf-8"
    assert "<https://w3id.org/cjkg/id/prime-minister-of-cambodia>" in body.decode()
    held = query(mini_built, "office-holder", params, rebuild=False)
    answer = json.loads(_get(endpoint, body.decode())[2])
    assert [b["person"]["value"] for b in answer["results"]["bindings"]] == [r["person"] for r in held.dicts()]
    entity = next(p.name for p in named_query("office-holder").params if p.type == "entity")
    status, _, body = _call(f"{endpoint}/named/office-holder?{urllib.parse.urlencode({entity: 'Nobody'})}")
    assert status == 400 and b"names no" in body
    assert _call(f"{endpoint}/named/no-such-query")[0] == 400


def test_the_query_page_is_self_contained(endpoint: str):
    status, headers, body = _call(f"{endpoint}/")
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "office-holder" in page and "<script src" not in page and "<link" not in page
    assert "url(" not in page and "@import" not in page


def test_the_query_page_offers_a_form_for_a_named_query(endpoint: str, mini_built: Path):
    require_browser()
    from playwright.sync_api import sync_playwright

    nq = named_query("office-holder")
    params = _office_params()
    held = query(mini_built, "office-holder", params, rebuild=False).dicts()
    assert held
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()

            def route(r):
                if r.request.url.startswith(endpoint):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(endpoint + "/")
            page.select_option("#named", "office-holder")
            for param in nq.params:
                assert param.description in page.inner_text(f"#params .param:has(#param-{param.name})")
                page.fill(f"#param-{param.name}", params[param.name])
            page.click("#bind")
            page.wait_for_selector("#out table")
            assert "VALUES" in page.input_value("#query")
            links = page.eval_on_selector_all("#out td a", "els => els.map(a => [a.textContent, a.href])")
            for row in held:
                assert [row["person"].replace("https://w3id.org/cjkg/id/", "cjd:"), row["person"]] in links
        finally:
            browser.close()
    assert outside == []



def test_the_serve_command_takes_its_limits_and_stops_cleanly(mini_built: Path):
    command = [sys.executable, "-m", "graph", "serve", "--out", str(mini_built), "--port", "0", "--max-body", "200",
               "--max-rows", "2", "--workers", "1", "--timeout", "5"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        base = re.search(r"http://[\d.]+:\d+", line).group(0)
        assert line.startswith(f"serving {mini_built} at {base}/sparql")
        assert _get(base, "SELECT ?s WHERE { ?s ?p ?o } #" + "x" * 200)[0] == 413
        status, headers, body = _get(base, EVERY)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2 and headers["X-CJKG-Truncated"]
        workers = [int(p) for p in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
        assert workers
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        process.stderr.close()
    assert not any(_alive(p) for p in workers)


def test_a_worker_ends_when_its_server_is_killed_mid_query(mini_built: Path):
    command = [sys.executable, "-m", "graph", "serve", "--out", str(mini_built), "--port", "0", "--workers", "1",
               "--timeout", "60"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        host, port = re.search(r"http://([\d.]+):(\d+)", process.stderr.readline()).groups()
        [worker] = [int(p) for p in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(f"GET /sparql?{urllib.parse.urlencode({'query': CARTESIAN})} HTTP/1.1\r\nHost: x\r\n\r\n"
                         .encode())
            time.sleep(0.5)
            process.kill()
    finally:
        process.kill()
        process.wait()
        process.stderr.close()
    killed = time.monotonic()
    while _alive(worker) and time.monotonic() - killed < 3:
        time.sleep(0.05)
    assert not _alive(worker), "a worker outlived its server by 3 s"


def test_named_query_parameters_take_any_name_the_resolver_takes(endpoint: str):
    """The /named route binds through named.py, so a folded name or one with a title resolves."""
    entity = next(p.name for p in named_query("office-holder").params if p.type == "entity")
    for given in ("prime minister of CAMBODIA", "Cambodia, Prime Minister"):
        status, _, body = _call(f"{endpoint}/named/office-holder?{urllib.parse.urlencode({entity: given})}")
        assert status == 200 and "<https://w3id.org/cjkg/id/prime-minister-of-cambodia>" in body.decode(), given
    status, _, body = _call(f"{endpoint}/named/office-holder?{urllib.parse.urlencode({entity: 'Prime Minster'})}")
    assert status == 400 and b"did you mean" in body
