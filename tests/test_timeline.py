"""The timeline page: date order, grouped by year, filters, escaped text, offline."""

from __future__ import annotations

import re
from pathlib import Path

from graph.store import open_store
from graph.timeline import export_timeline, timeline_items

from .browser import open_page


def test_items_are_in_date_order_with_sources(mini_built: Path):
    items = timeline_items(open_store(mini_built))
    assert [i["title"] for i in items] == ["Kishida–Hun Sen summit in Phnom Penh"]
    (summit,) = items
    assert summit["date"] == "2022-11-12" and summit["sectors"] == ["diplomacy"]
    assert summit["participants"] == ["Fumio Kishida", "Hun Sen"] and summit["places"] == ["Phnom Penh"]
    assert summit["sources"][0]["publisher"] == "Ministry of Foreign Affairs of Japan"


def test_timeline_page_is_offline_and_filters(built: Path, tmp_path: Path):
    path, n = export_timeline(built, tmp_path / "timeline.html")
    html = path.read_text()
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", html)
    with open_page(path) as visit:
        page = visit.page
        page.wait_for_function("window.cjkg && window.cjkg.items.length > 0")
        assert page.evaluate("window.cjkg.items.length") == n
        years = page.evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent)")
        assert years == sorted(years) and len(years) > 10
        page.select_option("#sector", "defense")
        count = page.inner_text("#count")
        shown = int(count.split(" of ")[0])
        assert 0 < shown < n
        assert visit.errors == [] and visit.requests == []
