"""The read-only SPARQL endpoint: protocol, negotiation, refusals, and many clients at once."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.serve import Settings, make_server, negotiate


@pytest.fixture(scope="module")
def endpoint(mini_built: Path):
    server = make_server(mini_built, "127.0.0.1", 0, Settings(timeout=5, max_rows=4))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def _get(base: str, query: str, accept: str = "") -> tuple[int, str, bytes]:
    return _call(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


PEOPLE = "SELECT ?name WHERE { ?p a cj:Person ; rdfs:label ?name } ORDER BY ?name"


def test_get_returns_sparql_json_by_default(endpoint: str):
    status, media, body = _get(endpoint, PEOPLE)
    assert status == 200 and media == "application/sparql-results+json"
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert names == ["Fumio Kishida", "Hun Manet", "Hun Sen"]


@pytest.mark.parametrize(("accept", "media"), [
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/html;q=0.9, text/csv;q=0.5, application/sparql-results+xml;q=0.8", "application/sparql-results+xml"),
])
def test_content_negotiation(endpoint: str, accept: str, media: str):
    status, got, body = _get(endpoint, PEOPLE, accept)
    assert status == 200 and got == media and b"Hun Manet" in body


def test_post_form_and_query_body(endpoint: str):
    form = urllib.parse.urlencode({"query": "ASK { cjd:hun-sen a cj:Person }"}).encode()
    status, _, body = _call(f"{endpoint}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, media, body = _call(f"{endpoint}/sparql", b"CONSTRUCT WHERE { cjd:hun-sen rdfs:label ?l }",
                                {"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert status == 200 and media == "application/n-triples"
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


def test_rows_are_capped(endpoint: str):
    status, _, body = _get(endpoint, "SELECT ?s WHERE { ?s ?p ?o }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 4


def test_the_query_page_is_self_contained(endpoint: str):
    status, media, body = _call(f"{endpoint}/")
    page = body.decode()
    assert status == 200 and media.startswith("text/html")
    assert "office-holder" in page and "<script src" not in page and "<link" not in page
    assert "url(" not in page and "@import" not in page


def test_twenty_clients_at_once_each_get_their_answer(endpoint: str):
    people = {"hun-sen": "Hun Sen", "hun-manet": "Hun Manet", "fumio-kishida": "Fumio Kishida"}
    jobs = [list(people)[i % 3] for i in range(24)]

    def ask(ident: str) -> str:
        status, _, body = _get(endpoint, f"SELECT ?name WHERE {{ cjd:{ident} rdfs:label ?name }}")
        assert status == 200
        return json.loads(body)["results"]["bindings"][0]["name"]["value"]

    with ThreadPoolExecutor(max_workers=24) as pool:
        answers = list(pool.map(ask, jobs))
    assert answers == [people[j] for j in jobs]


def test_negotiation_prefers_quality_and_fits_the_query_form():
    assert negotiate("text/csv;q=0.2, application/sparql-results+xml", "select", None) == "xml"
    assert negotiate("text/csv", "construct", None) == "turtle"
    assert negotiate("", "describe", None) == "turtle"
    assert negotiate("*/*", "select", None) == "json"
    assert negotiate("text/csv", "select", "tsv") == "tsv"
