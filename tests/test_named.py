"""The named query library: documented, answering on the curated data, and the same on two engines."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from graph.named import library
from graph.namespaces import PREFIXES
from graph.querying import query, resolve
from graph.store import open_store

from .engines import rdflib_rows, rows_of

EXAMPLES = {q.name: dict(q.example) for q in library().values()}


def test_the_library_is_large_and_documented():
    lib = library()
    assert len(lib) >= 25
    for name in ("office-holder", "agreements", "timeline", "sources-of"):
        assert name in lib
    for q in lib.values():
        assert q.title and q.description and q.answers.startswith("CQ")
        for p in q.params:
            assert p.description
        for name, _ in q.example:
            assert name in {p.name for p in q.params}, f"{q.name}: example names unknown parameter {name}"


def test_every_competency_question_with_a_sparql_answer_has_a_query():
    answered = {cq.strip() for q in library().values() for cq in q.answers.split(",")}
    assert {f"CQ{i}" for i in range(1, 21)} <= answered


@pytest.fixture(scope="module")
def rdflib_graph(built: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(built / "cjkg.nt", format="nt")
    return g


@pytest.mark.parametrize("name", sorted(library()))
def test_rdflib_and_oxigraph_agree(built: Path, rdflib_graph: rdflib.Graph, name: str):
    sparql = resolve(open_store(built), name, EXAMPLES.get(name, {}))
    ours = query(built, sparql, rebuild=False)
    variables, rows = rdflib_rows(rdflib_graph, sparql, PREFIXES)
    assert variables == ours.variables
    assert rows_of(variables, rows) == rows_of(ours.variables, ours.rows)
    assert ours.rows, f"{name} answers nothing on the curated data with its example parameters"


def test_organisation_kinds_are_direct_subclasses():
    """Two queries match organisation kinds without a property path (see their headers): this keeps them right."""
    from rdflib.namespace import RDFS

    from graph.namespaces import CJ
    from graph.ontology import ontology_graph

    g = ontology_graph()
    org = rdflib.URIRef(CJ + "Organisation")
    every = set(g.transitive_subjects(RDFS.subClassOf, org)) - {org}
    direct = set(g.subjects(RDFS.subClassOf, org))
    assert every == direct
