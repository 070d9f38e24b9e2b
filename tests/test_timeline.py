"""The timeline page: every fact in date order (statements, projects and terms too), an overview of
activity per year that jumps and filters, search beyond titles, escaped text, offline."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from graph.store import open_store
from graph.timeline import export_timeline, timeline_items

from .browser import open_page


def test_items_are_in_date_order_with_sources(mini_built: Path):
    items = timeline_items(open_store(mini_built))
    dates = [i["date"] for i in items]
    assert dates == sorted(dates) and all(dates)
    summit = next(i for i in items if i["title"] == "Kishida–Hun Sen summit in Phnom Penh")
    assert summit["date"] == "2022-11-12" and summit["sectors"] == ["diplomacy"]
    assert summit["participants"] == ["Fumio Kishida", "Hun Sen"] and summit["places"] == ["Phnom Penh"]
    assert summit["sources"][0]["publisher"] == "Ministry of Foreign Affairs of Japan"
    assert {i["family"] for i in items} >= {"Event", "Statement", "Office"}  # statements and terms too
    month = next(i for i in items if i["family"] == "Statement")
    assert month["precision"] == "month" and month["shown"] == month["date"][:7]


def test_every_fact_is_on_the_timeline(built: Path):
    store = open_store(built)
    items = timeline_items(store)
    (total,) = store.query("SELECT (COUNT(DISTINCT ?f) AS ?n) "
                           "WHERE { ?f <https://w3id.org/cjkg/ontology#confidence> ?c }")
    assert len(items) == int(total["n"].value)
    families = Counter(i["family"] for i in items if i["date"])
    assert families["Statement"] > 50 and families["Project"] > 20
    undated = [i for i in items if not i["date"]]
    assert items[len(items) - len(undated):] == undated  # undated facts come last


def test_timeline_page_is_offline_with_an_overview_that_jumps_and_filters(built: Path, tmp_path: Path):
    path, n = export_timeline(built, tmp_path / "timeline.html")
    html = path.read_text()
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", html)
    items = timeline_items(open_store(built))
    with open_page(path) as visit:
        page = visit.page
        page.wait_for_function("window.cjkg && window.cjkg.ready === true")
        assert page.evaluate("window.cjkg.items.length") == n == len(items)
        axis = page.evaluate("window.cjkg.axis")
        years = sorted({int(i["date"][:4]) for i in items if i["date"]})
        expected = [str(y) for y in years if y >= axis["first"]]
        if axis["earlier"]:
            expected = ["earlier", *expected]
        assert page.evaluate("window.cjkg.bars") == expected and len(expected) > 30
        heights = page.eval_on_selector_all("#overview g.year", "gs => gs.map(g => g.getBBox().height)")
        assert all(h > 0 for h in heights)
        legend = page.eval_on_selector_all("#overview .legend text", "ts => ts.map(t => t.textContent)")
        assert {"Event", "Statement", "Project"} <= set(legend)
        heads = page.evaluate("[...document.querySelectorAll('#list h2')].map(h => h.textContent)")
        assert heads[:-1] == sorted(heads[:-1]) and heads[-1] == "Undated"
        # a decade button jumps to the decade's first year with facts
        page.click("#decades button[data-decade='2010']")
        assert page.evaluate("window.cjkg.jumped") == min(y for y in years if y >= 2010)
        # a drag across the overview keeps those years only
        page.evaluate("window.cjkg.setRange([2013, 2015])")
        shown = int(page.inner_text("#count").split(" of ")[0])
        assert shown == sum(1 for i in items if i["date"] and 2013 <= int(i["date"][:4]) <= 2015)
        page.click("#clear")
        # search reads participants and places, not titles only
        page.fill("#q", "Phnom Penh")
        found = int(page.inner_text("#count").split(" of ")[0])
        in_titles = sum(1 for i in items if "phnom penh" in i["title"].lower())
        assert found > in_titles
        page.fill("#q", "")
        page.select_option("#sector", "defense")
        shown = int(page.inner_text("#count").split(" of ")[0])
        assert 0 < shown < n
        assert visit.errors == [] and visit.requests == []
