"""A server-class triple store as the store: `cjkg push` into Virtuoso and `--endpoint` queries give
the same answers as the embedded store. CI installs Virtuoso; elsewhere the tests skip if it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.engines import rows_of
from graph.named import library
from graph.querying import query

from . import virtuoso
from .test_named import EXAMPLES

pytestmark = pytest.mark.skipif(not virtuoso.available() and not os.environ.get("CI"),
                                reason="Virtuoso (Debian package virtuoso-opensource) is not installed; CI installs it")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not virtuoso.available():
        pytest.fail("CI must install virtuoso-opensource (see .ci/run)")
    instance = virtuoso.start(tmp_path_factory.mktemp("virtuoso"))
    yield instance
    instance.stop()


@pytest.fixture(scope="module")
def pushed(server, built: Path, invoke_module):
    result = invoke_module("push", "--out", built, "--endpoint", server.graph_store, "--user", "dba",
                           "--password", "dba")
    assert result.exit_code == 0, result.output + result.stderr
    return server


def test_push_loads_every_triple_and_replaces_the_previous_version(pushed, built: Path, invoke_module):
    n = len((built / "cjkg.nt").read_text().splitlines())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert query(built, count, endpoint=pushed.sparql, rebuild=False).dicts() == [{"n": n}]
    again = invoke_module("push", "--out", built, "--endpoint", pushed.graph_store, "--user", "dba",
                          "--password", "dba")
    assert again.exit_code == 0
    assert query(built, count, endpoint=pushed.sparql, rebuild=False).dicts() == [{"n": n}]


def test_push_without_credentials_is_refused(server, built: Path, invoke_module):
    result = invoke_module("push", "--out", built, "--endpoint", server.graph_store)
    assert result.exit_code == 2 and "401" in result.stderr


@pytest.mark.parametrize("name", sorted(library()))
def test_named_queries_agree_with_the_embedded_store(pushed, built: Path, name: str):
    params = EXAMPLES.get(name, {})
    local = query(built, name, params, rebuild=False)
    remote = query(built, name, params, endpoint=pushed.sparql, rebuild=False)
    assert remote.variables == local.variables
    assert rows_of(remote.rows) == rows_of(local.rows)


def test_push_in_pieces_sends_every_triple_once(pushed, built: Path):
    """A build larger than one piece goes as a PUT and POSTs (Virtuoso stalls on one PUT of a million
    triples); a second push replaces the graph rather than adding to it."""
    from graph.endpoint import chunks, push

    data = (built / "cjkg.nt").read_bytes()
    pieces = chunks(data, 5_000)
    assert len(pieces) > 2 and b"".join(pieces) == data
    assert all(p.count(b"\n") == 5_000 for p in pieces[:-1]) and all(p.endswith(b"\n") for p in pieces)
    graph = "https://w3id.org/cjkg/test/pieces"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for _ in range(2):
        assert push(built, pushed.graph_store, graph, "dba", "dba", lines=5_000) == data.count(b"\n")
        assert query(built, count, endpoint=pushed.sparql, graph=graph, rebuild=False).dicts() == [
            {"n": data.count(b"\n")}]
