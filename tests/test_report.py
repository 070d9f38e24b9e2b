"""The centrality report: its files, determinism, and agreement with an independent library (igraph)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import igraph
import pytest

from graph.report import report_for, write_report


@pytest.fixture(scope="module")
def report_dir(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    write_report(report_for(built, "actors", periods="pm-cambodia"), folder)
    return folder


def test_report_files(report_dir: Path):
    rows = list(csv.DictReader((report_dir / "centrality.csv").open()))
    assert list(rows[0])[:12] == ["id", "label", "type", "degree", "weighted_degree", "in_degree", "out_degree",
                                  "betweenness", "closeness", "harmonic", "eigenvector", "pagerank"]
    assert len(rows) >= 150
    doc = json.loads((report_dir / "centrality.json").read_text())
    assert doc["graph"]["nodes"] == len(rows) and doc["parameters"]["seed"] == 42
    assert [p["period"] for p in doc["periods"]][-1] == "Hun Manet (2023–)"
    html = (report_dir / "centrality.html").read_text()
    assert "<svg" in html and "Brokers at a glance" in html and "<script" not in html
    assert "Risers" in (report_dir / "centrality.md").read_text()


def test_report_is_deterministic(built: Path, report_dir: Path, tmp_path: Path):
    write_report(report_for(built, "actors", periods="pm-cambodia"), tmp_path)
    for name in ("centrality.csv", "centrality.json", "centrality.md", "centrality.html", "network.graphml"):
        assert (tmp_path / name).read_bytes() == (report_dir / name).read_bytes(), name


def test_figures_agree_with_igraph(report_dir: Path):
    g = igraph.Graph.Read_GraphML(str(report_dir / "network.graphml"))
    ours = {r["id"]: r for r in csv.DictReader((report_dir / "centrality.csv").open())}
    ids = g.vs["id"]
    n = g.vcount()
    assert n == len(ours)
    degree = g.degree()
    strength = g.strength(weights="weight")
    betweenness = g.betweenness(directed=False)
    pagerank = g.pagerank(weights="weight", directed=False)
    coreness = g.coreness()
    harmonic = g.harmonic_centrality(normalized=False)
    for i, node in enumerate(ids):
        row = ours[node]
        assert int(row["degree"]) == degree[i]
        assert float(row["weighted_degree"]) == pytest.approx(strength[i])
        assert float(row["betweenness"]) == pytest.approx(betweenness[i] / ((n - 1) * (n - 2) / 2), abs=1e-9)
        assert float(row["pagerank"]) == pytest.approx(pagerank[i], abs=1e-6)
        assert int(row["core"]) == coreness[i]
        assert float(row["harmonic"]) == pytest.approx(harmonic[i], abs=1e-9)
    figures = json.loads((report_dir / "centrality.json").read_text())["graph"]
    parts = g.connected_components()
    assert figures["components"] == len(parts)
    largest = parts.giant()
    assert figures["diameter"] == largest.diameter()
    assert figures["average_path_length"] == pytest.approx(largest.average_path_length(), abs=1e-9)
    assert figures["articulation_points"] == len(g.articulation_points())
    assert figures["bridges"] == len(g.bridges())
    assert figures["density"] == pytest.approx(g.density(), abs=1e-9)


def test_beyond_the_two_states(report_dir: Path, built: Path):
    """The section on the network without Japan and Cambodia names brokers the full network hides,
    and communities by their members; --without-states computes the whole report on it."""
    from graph.report import STATES

    doc = json.loads((report_dir / "centrality.json").read_text())
    beyond = doc["without_states"]
    assert sorted(beyond["removed"]) == sorted(STATES)
    assert beyond["brokers"] and not set(beyond["brokers"]) & set(STATES)
    labels = {r["id"]: r["label"] for r in doc["nodes"]}
    first = beyond["communities"][0]
    assert first["name"].split(" · ")[0] in {labels[m] for m in first["members"]}
    html = (report_dir / "centrality.html").read_text()
    assert "Beyond the two states" in html and "Community 0" not in html
    assert "None" not in html.split("<footer>")[1] and "[]" not in html.split("<footer>")[1]
    whole = report_for(built, "actors", without_states=True)
    assert not set(STATES) & {r["id"] for r in whole.metrics.nodes} and whole.beyond is None
    assert whole.metrics.graph.nodes == doc["graph"]["nodes"] - 2


def test_premierships_are_ordered_and_do_not_overlap(report_dir: Path):
    periods = json.loads((report_dir / "centrality.json").read_text())["periods"]
    spans = [(p["from"], p["to"]) for p in periods]
    assert spans == sorted(spans)
    assert all(a[1] is not None and a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert any("&" in p["period"] for p in periods)  # the co-premiership names both
