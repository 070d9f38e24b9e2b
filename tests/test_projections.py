"""Projections from the store to NetworkX, on the small real fixture and the curated data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph.projections import Window, periods, project
from graph.store import open_store

CJD = "https://w3id.org/cjkg/id/"


def test_actor_network_of_the_mini_fixture(mini_built: Path):
    g = project(open_store(mini_built), "actors")
    # the one summit links its two participants; terms of office and statements link no actors
    assert sorted(g.edges(data=True)) == [(CJD + "fumio-kishida", CJD + "hun-sen", {"weight": 1, "years": "2022"})]
    assert g.nodes[CJD + "hun-sen"] == {"label": "Hun Sen", "type": "Person"}


def test_bipartite_and_entity_projections_of_the_mini_fixture(mini_built: Path):
    store = open_store(mini_built)
    events = project(store, "actor-event")
    summit = CJD + "summit-2022-11-12-phnom-penh"
    assert set(events.neighbors(summit)) == {CJD + "fumio-kishida", CJD + "hun-sen"}
    assert events.nodes[summit]["bipartite"] == 1 and events.nodes[CJD + "hun-sen"]["bipartite"] == 0
    assert project(store, "actor-agreement").number_of_nodes() == 0
    entities = project(store, "entities")
    assert entities.is_directed()
    assert entities.edges[CJD + "hun-manet", CJD + "cambodia"]["relation"] == "cj:country"
    assert entities.edges[summit, CJD + "phnom-penh"]["relation"] == "cj:place"


def test_a_window_keeps_only_its_facts(built: Path):
    store = open_store(built)
    whole = project(store, "actors")
    recent = project(store, "actors", Window(dt.date(2023, 1, 1), dt.date(2026, 12, 31), "2023–2026"))
    assert 0 < recent.number_of_edges() < whole.number_of_edges()
    for _, _, data in recent.edges(data=True):
        assert all("2023" <= y <= "2026" for y in data["years"].split())
    assert whole.number_of_nodes() >= 150


def test_period_splits(built: Path):
    store = open_store(built)
    by_pm = periods(store, "pm-cambodia", dt.date(1990, 1, 1))
    labels = [w.label for w in by_pm]
    # the premierships tile the time: ordered, not overlapping, the co-premiership naming both
    assert labels == ["Hun Sen (1985–1993)", "Hun Sen & Norodom Ranariddh (1993–1997)",
                      "Hun Sen & Ung Huot (1997–1998)", "Hun Sen (1998–2023)", "Hun Manet (2023–)"]
    assert all(a.end is not None and a.end < b.start for a, b in zip(by_pm, by_pm[1:], strict=False))
    decades = periods(store, "decade", dt.date(1990, 1, 1), dt.date(2025, 1, 1))
    assert [w.label for w in decades] == ["1990s", "2000s", "2010s", "2020s"]
    assert decades[0].start == dt.date(1990, 1, 1) and decades[0].end == dt.date(1999, 12, 31)
