"""Each metric on small networks whose answers are known or counted by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.metrics import compute


def _by_id(metrics):
    return {r["id"]: r for r in metrics.nodes}


def test_path_of_three_counted_by_hand():
    g = nx.Graph()
    g.add_edge("a", "b", weight=2)
    g.add_edge("b", "c", weight=1)
    m = compute(g)
    rows = _by_id(m)
    assert {v: r["degree"] for v, r in rows.items()} == {"a": 1, "b": 2, "c": 1}
    assert {v: r["weighted_degree"] for v, r in rows.items()} == {"a": 2, "b": 3, "c": 1}
    assert rows["b"]["betweenness"] == 1.0 and rows["a"]["betweenness"] == 0.0
    assert rows["b"]["closeness"] == 1.0 and rows["a"]["closeness"] == pytest.approx(2 / 3)
    assert rows["b"]["harmonic"] == 2.0 and rows["c"]["harmonic"] == 1.5
    assert [v for v, r in rows.items() if r["articulation_point"]] == ["b"]
    assert m.bridges == [("a", "b"), ("b", "c")]
    assert {r["core"] for r in rows.values()} == {1}
    f = m.graph
    assert (f.nodes, f.edges, f.components, f.diameter) == (3, 2, 1, 2)
    assert f.average_path_length == pytest.approx(4 / 3) and f.density == pytest.approx(2 / 3)
    assert sum(r["pagerank"] for r in rows.values()) == pytest.approx(1.0)
    # the weighted edge a-b pulls PageRank towards a rather than c
    assert rows["a"]["pagerank"] > rows["c"]["pagerank"]


def test_krackhardt_kite_matches_the_published_values():
    # Values from Krackhardt (1990), as in networkx's own tests.
    m = _by_id(compute(nx.krackhardt_kite_graph()))
    betweenness = {0: 0.023, 1: 0.023, 2: 0.000, 3: 0.102, 4: 0.000, 5: 0.231, 6: 0.231, 7: 0.389, 8: 0.222, 9: 0.000}
    closeness = {0: 0.529, 1: 0.529, 2: 0.500, 3: 0.600, 4: 0.500, 5: 0.643, 6: 0.643, 7: 0.600, 8: 0.429, 9: 0.310}
    for v in range(10):
        assert m[v]["betweenness"] == pytest.approx(betweenness[v], abs=1e-3)
        assert m[v]["closeness"] == pytest.approx(closeness[v], abs=1e-3)
    assert [v for v in range(10) if m[v]["articulation_point"]] == [7, 8]


def test_hits_on_a_directed_fan():
    g = nx.DiGraph([("a", "b"), ("a", "c")])
    rows = _by_id(compute(g))
    assert rows["a"]["hub"] == pytest.approx(1.0) and rows["b"]["hub"] == pytest.approx(0.0)
    assert rows["b"]["authority"] == pytest.approx(0.5) and rows["c"]["authority"] == pytest.approx(0.5)
    assert rows["a"]["out_degree"] == 2 and rows["b"]["in_degree"] == 1


def test_louvain_finds_two_cliques_joined_by_one_edge():
    g = nx.barbell_graph(5, 0)
    m = compute(g)
    assert m.communities == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert m.bridges == [(4, 5)]
    assert {r["core"] for r in m.nodes} == {4}


def test_eigenvector_is_defined_on_a_disconnected_graph():
    g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    rows = _by_id(compute(g))
    assert rows["b"]["eigenvector"] > rows["a"]["eigenvector"] > 0
    assert compute(g).graph.components == 2 and compute(g).graph.largest_component == 3


def test_betweenness_is_exact_and_the_large_graph_searches_agree():
    g = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=1)
    first = compute(g, seed=7, sample_above=100)
    second = compute(g, seed=7, sample_above=100)
    assert first.nodes == second.nodes and first.communities == second.communities
    exact = compute(g)
    reference = nx.betweenness_centrality(g, normalized=True)
    for row in first.nodes:
        assert row["betweenness"] == pytest.approx(reference[row["id"]], abs=1e-9)
    # above the threshold, closeness, harmonic and path lengths come from SciPy's searches: the same values
    by_id = {r["id"]: r for r in first.nodes}
    for row in exact.nodes:
        assert by_id[row["id"]]["closeness"] == pytest.approx(row["closeness"], abs=1e-9)
        assert by_id[row["id"]]["harmonic"] == pytest.approx(row["harmonic"], abs=1e-9)
    assert (first.graph.diameter, first.graph.average_path_length) == (exact.graph.diameter,
                                                                        exact.graph.average_path_length)
