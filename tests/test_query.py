"""Queries on the embedded store: forms, formats, errors, timeouts, rebuilding when stale."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import build
from graph.engines import rows_of
from graph.errors import QueryError
from graph.evaluate import is_update, query_form, uses_service
from graph.querying import query
from graph.results import render

from .conftest import MINI


def test_count_of_all_triples_equals_the_ntriples_lines(mini_built: Path):
    rows = query(mini_built, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").dicts()
    assert rows == [{"n": len((mini_built / "cjkg.nt").read_text().splitlines())}]


@pytest.mark.parametrize("name", ["counts-by-decade", "timeline", "leader-meetings", "single-source-facts"])
def test_the_in_memory_store_answers_as_the_on_disk_store(built: Path, name: str):
    """The query function's in-memory copy (for servers and notebooks) and the on-disk store (for
    one-off commands) hold the same graph, so every answer is the same."""
    memory = query(built, name, rebuild=False, memory=True)
    disk = query(built, name, rebuild=False, memory=False)
    assert memory.rows and rows_of(memory.rows) == rows_of(disk.rows)


def test_ask_and_construct(mini_built: Path):
    assert query(mini_built, "ASK { cjd:hun-manet a cj:Person }").boolean is True
    assert query(mini_built, "ASK { cjd:hun-manet a cj:Country }").boolean is False
    g = query(mini_built, "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a cj:Person ; rdfs:label ?l }")
    assert g.form == "graph" and len(g.triples) == 3
    assert b"cjd:fumio-kishida" in render(g, "turtle")


def test_query_from_a_file(mini_built: Path, tmp_path: Path):
    rq = tmp_path / "summits.rq"
    rq.write_text("SELECT ?s WHERE { ?s a cj:Summit }\n")
    assert query(mini_built, str(rq)).dicts() == [{"s": "https://w3id.org/cjkg/id/summit-2022-11-12-phnom-penh"}]


def test_syntax_error_names_line_and_column(mini_built: Path, invoke):
    with pytest.raises(QueryError, match=r"line 2, column \d+"):
        query(mini_built, "SELECT ?s WHERE {\n ?s ?p }")
    result = invoke("query", "--out", mini_built, "SELECT ?s WHERE { ?s ?p }")
    assert result.exit_code == 2 and "SPARQL syntax error at line 1" in result.stderr


SPARQL_ROWS = "SELECT ?p ?name ?start WHERE { ?t org:member ?p ; cj:startDate ?start . ?p rdfs:label ?name }"


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_result_formats_parse_back_with_an_independent_parser(mini_built: Path, fmt: str):
    result = query(mini_built, SPARQL_ROWS)
    parsed = ox.parse_query_results(render(result, fmt), format=getattr(ox.QueryResultsFormat, fmt.upper()))
    assert {tuple(sol[v] for v in ("p", "name", "start")) for sol in parsed} == set(result.rows)


def test_csv_results_are_plain_values_with_crlf(mini_built: Path):
    result = query(mini_built, SPARQL_ROWS)
    text = render(result, "csv").decode()
    lines = text.split("\r\n")
    assert lines[0] == "p,name,start" and lines[-1] == ""
    assert set(lines[1:-1]) == {",".join(t.value for t in row) for row in result.rows}


def test_ask_in_json_and_table(mini_built: Path):
    result = query(mini_built, "ASK { ?s a cj:Summit }")
    assert render(result, "json") == b'{"head": {}, "boolean": true}\n'
    assert render(result, "table") == b"true\n"


def test_table_and_markdown_are_readable(mini_built: Path, invoke):
    result = invoke("query", "--out", mini_built, "-f", "table",
                    "SELECT ?name WHERE { ?p a cj:Person ; rdfs:label ?name } ORDER BY ?name")
    assert result.output.splitlines() == ["name", "-------------", "Fumio Kishida", "Hun Manet", "Hun Sen", "(3 rows)"]
    md = invoke("query", "--out", mini_built, "-f", "md", "SELECT ?name WHERE { cjd:hun-sen rdfs:label ?name }")
    assert md.output.splitlines() == ["| name |", "|---|", "| Hun Sen |"]


def test_query_forms_updates_and_service_are_recognised():
    assert query_form("PREFIX x: <http://x/>\n# c\nASK {}") == "ask"
    assert query_form("describe <x>") == "describe"
    assert is_update("PREFIX a: <b>\nINSERT DATA { <a> <b> <c> }") and not is_update("SELECT * {}")
    assert uses_service("SELECT * { SERVICE <http://x> { ?s ?p ?o } }")
    assert not uses_service('SELECT * { ?s ?p "SERVICE" }')


def test_stale_build_is_rebuilt_first(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    out = tmp_path / "out"
    build(out, data)
    said: list[str] = []
    assert query(out, "SELECT ?s WHERE { ?s a cj:Place }", progress=said.append).dicts() == [
        {"s": "https://w3id.org/cjkg/id/phnom-penh"}]
    assert said == []
    entities = data / "entities.yaml"
    entities.write_text(entities.read_text().replace(
        "places:\n", "places:\n  - id: tokyo\n    name: Tokyo\n    kind: city\n    country: japan\n"))
    rows = query(out, "SELECT ?s WHERE { ?s a cj:Place } ORDER BY ?s", progress=said.append).dicts()
    assert [r["s"].rsplit("/", 1)[1] for r in rows] == ["phnom-penh", "tokyo"]
    assert any("changed since the last build" in s for s in said)


def test_a_query_past_its_timeout_is_stopped(mini_built: Path):
    # A cross product of the graph with itself three times runs for hours; the command must give up.
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "graph", "query", "--out", str(mini_built), "--timeout", "0.5",
                           heavy], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "longer than its timeout of 0.5 s" in proc.stderr
    assert time.monotonic() - started < 30


LONGEST_TITLE = """SELECT ?title WHERE { ?f rdfs:label ?title FILTER (lang(?title) = "en") }
                   ORDER BY DESC(STRLEN(?title)) ?title LIMIT 2"""


def test_the_table_marks_cut_cells_and_wide_shows_them_whole(built: Path, invoke):
    titles = [r["title"] for r in query(built, LONGEST_TITLE, rebuild=False).dicts()]
    assert len(titles[0]) > 60
    cut = invoke("query", "--out", built, "-f", "table", LONGEST_TITLE).output.splitlines()
    assert cut[2] == titles[0][:59] + "…" and titles[0] not in "\n".join(cut)
    assert "cells longer than 60 characters end in …, --wide shows them whole" in cut[-1]
    wide = invoke("query", "--out", built, "-f", "table", "--wide", LONGEST_TITLE).output.splitlines()
    assert [line.rstrip() for line in wide[2:4]] == titles and "…" not in wide[-1]
    assert len(wide[1]) == len(titles[0])


def test_an_unknown_prefix_is_named_with_the_known_ones(mini_built: Path, invoke):
    with pytest.raises(QueryError, match=r"unknown prefix 'xyz:' at line 2, column \d+; the known prefixes are .*cj:"):
        query(mini_built, "SELECT * WHERE {\n  ?s xyz:holds ?o ; cj:date ?d }")
    declared = "PREFIX xyz: <https://example.org/>\nSELECT * WHERE { ?s xyz:holds ?o }"
    assert query(mini_built, declared).rows == []
    result = invoke("query", "--out", mini_built, 'SELECT * WHERE { ?s rdfs:label "a:b" ; foo:bar ?o }')
    assert result.exit_code == 2 and "unknown prefix 'foo:'" in result.stderr
    assert "expected one of" not in result.stderr and "sector:" in result.stderr
