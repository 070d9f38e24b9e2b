"""URL hygiene (graph/urls.py): canonical spellings, and what a source's URL must not be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.loader import load_catalog, url_warnings
from graph.resources import data_dir
from graph.urls import canonical, problems

from .conftest import MINI


@pytest.mark.parametrize(("written", "canon"), [
    ("https://note.com./cambodiataro/n/ndee2cb3a41c2", "https://note.com/cambodiataro/n/ndee2cb3a41c2"),
    ("https://Blog.GOO.ne.jp./akanai1/d/20140610", "https://blog.goo.ne.jp/akanai1/d/20140610"),
    ("https://www.marketscreener.com/news/latest/The-Regional-Comprehensive-Economic-Partnership-RCEP-Agreement-will-"
     "enter-into-force-on-January-1--36892848/?utm_medium=RSS&utm_content=20211104",
     "https://www.marketscreener.com/news/latest/The-Regional-Comprehensive-Economic-Partnership-RCEP-Agreement-will-"
     "enter-into-force-on-January-1--36892848/"),
    ("https://example.org/a?id=3&fbclid=abc&gclid=x", "https://example.org/a?id=3"),
    # what may change the page stays as written: the scheme, the path's case, other parameters
    ("http://www.seishiro.jp/archives/465.html", "http://www.seishiro.jp/archives/465.html"),
    ("https://askwikinow.com/view_html.php?lang=en&q=Takeo_Miki&sq=Google",
     "https://askwikinow.com/view_html.php?lang=en&q=Takeo_Miki&sq=Google"),
])
def test_canonical_spelling(written: str, canon: str):
    assert canonical(written) == canon
    assert canonical(canon) == canon


@pytest.mark.parametrize(("url", "error", "reason"), [
    ("http://108.161.137.60/piglix/Mamoru_Shigemitsu", True, "raw IP address"),
    ("http://the-uncensored-wiki.com:20061/n/o/b/Noboru_Takeshita_9503.html", True, "port"),
    ("https://homsy-staging.cambridgecore.org/core/books/cambodia/cambodiajapan-relations/38F0116E2F4B0C3D8B13F98EC39A3569",
     True, "staging"),
    ("https://dev-v4.freemalaysiatoday.com/category/world/2023/01/20/japan-to-supply-advanced-land-mine-detectors-to-"
     "ukraine", True, "staging"),
    ("https://www.scribd.com/document/453413152/moot-court-treaty-south-china-sea", False, "file-sharing"),
    ("https://docslib.org/doc/6882215/japans-oda-to-the-kingdom-of-cambodia", False, "file-sharing"),
    ("https://kokalog.net/search.html?speech=%22%E3%82%AB%E3%83%B3%E3%83%9C%E3%82%B8%E3%82%A2%22", False, "search"),
    ("http://www.samrany.com/search/label/King", False, "search or tag"),
])
def test_each_hygiene_rule(url: str, error: bool, reason: str):
    found = problems(url)
    assert found and found[0].error is error and reason in found[0].reason


@pytest.mark.parametrize("url", [
    "https://www.mofa.go.jp/mofaj/s_sa/sea1/kh/page1_001397.html",
    "https://www.liquisearch.com/shinzo_abe",  # "search" in the host is no search page
    "https://japantoday.com/category/politics/japan-cambodia-sign-90-mln-aid-agreement",
    "https://www.stagecoach-news.com/article",  # a registrable name that merely contains a word
    # a search system's display page shows one document (the Friends of Cambodia communique of 1998)
    "https://parlinfo.aph.gov.au/parlInfo/search/display/display.w3p;query=Id:%22media/pressrel/GN105%22;src1=sm1",
])
def test_ordinary_pages_pass(url: str):
    assert problems(url) == ()


def test_two_spellings_of_one_url_are_one_source(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "spellings.yaml").write_text("""
statements:
  - id: relations-raised-1955
    subject: cambodia
    relation: raised its legation to an embassy with
    object: japan
    date: 1955-02
    sectors: [diplomacy]
    sources:
      - url: "https://WWW.MOFA.GO.JP./mofaj/s_sa/sea1/kh/page1_001397.html?utm_source=newsletter"
        publisher: "Ministry of Foreign Affairs of Japan"
""")
    catalog = load_catalog(data)
    assert [u for u in catalog.sources if "page1_001397" in u] == [
        "https://www.mofa.go.jp/mofaj/s_sa/sea1/kh/page1_001397.html"]


def test_a_file_sharing_page_is_a_warning_at_its_line(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "shared.yaml").write_text("""
sources:
  - url: "https://docslib.org/doc/6882215/japans-oda-to-the-kingdom-of-cambodia"
    publisher: "Phnom Penh Post"
""")
    warned = url_warnings(load_catalog(data))["shared.yaml"]
    assert [(w.line, w.field) for w in warned] == [(3, "url")] and "file-sharing" in warned[0].message


def test_no_shipped_source_is_on_a_malformed_staging_or_ip_host():
    bad = [(u, p.reason) for u in load_catalog(data_dir()).sources for p in problems(u) if p.error]
    assert bad == []
    assert not [u for u in load_catalog(data_dir()).sources if "./" in u.split("//", 1)[1].split("/", 1)[0] + "/"]
