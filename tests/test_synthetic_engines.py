"""Every named query on the synthetic graph (scripts/synth.py) at CI size: it answers with rows, and
Oxigraph, rdflib and Virtuoso give the same rows. The curated graph's tests cannot catch a query that
differs only on shapes the curated data lacks (many events of one class, a project funded twice, ...);
the benchmark makes this comparison at a million triples (scripts/bench.py --virtuoso)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import rdflib

from graph.builder import build
from graph.endpoint import DEFAULT_GRAPH, push
from graph.engines import rows_of
from graph.named import library
from graph.namespaces import PREFIXES
from graph.querying import query
from graph.store import open_store

from . import virtuoso
from .engines import rdflib_rows

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from bench import bind_all  # noqa: E402
from synth import generate  # noqa: E402

TRIPLES = 6_000
"""Enough for two events of one class, agreements funding one project, gaps and vacancies; small
enough for rdflib to answer every query in a few seconds."""

NAMES = sorted(library())


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]], dict[str, str]]:
    """The synthetic graph built, with each named query's typical parameters and bound text."""
    work = tmp_path_factory.mktemp("synthetic")
    generate(TRIPLES, work / "data", seed=7)
    out = work / "out"
    build(out, work / "data")
    params, texts = bind_all(open_store(out))
    return out, params, texts


@pytest.fixture(scope="module")
def answers(synthetic) -> dict[str, object]:
    """Each named query's rows on the embedded store, normalised."""
    out, params, _ = synthetic
    return {name: rows_of(query(out, name, params.get(name, {}), rebuild=False).rows) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_answers_on_the_synthetic_graph(answers, name: str):
    assert answers[name], f"{name} returns no rows on the synthetic graph: scripts/synth.py must give it some"


@pytest.fixture(scope="module")
def rdflib_graph(synthetic) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(synthetic[0] / "cjkg.nt", format="nt")
    return graph


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_agrees_on_the_synthetic_graph(synthetic, answers, rdflib_graph: rdflib.Graph, name: str):
    _, rows = rdflib_rows(rdflib_graph, synthetic[2][name], PREFIXES)
    assert rows_of(rows) == answers[name]


@pytest.fixture(scope="module")
def server(synthetic, tmp_path_factory: pytest.TempPathFactory):
    if not virtuoso.available():
        if os.environ.get("CI"):
            pytest.fail("CI must install virtuoso-opensource (see .ci/run)")
        pytest.skip("Virtuoso (Debian package virtuoso-opensource) is not installed; CI installs it")
    instance = virtuoso.start(tmp_path_factory.mktemp("virtuoso"), wait=180, settings=virtuoso.LARGE)
    push(synthetic[0], instance.graph_store, DEFAULT_GRAPH, "dba", "dba")
    yield instance
    instance.stop()


@pytest.mark.parametrize("name", NAMES)
def test_virtuoso_agrees_on_the_synthetic_graph(synthetic, answers, server, name: str):
    out, params, _ = synthetic
    remote = query(out, name, params.get(name, {}), rebuild=False, endpoint=server.sparql, graph=DEFAULT_GRAPH)
    assert rows_of(remote.rows) == answers[name]
