"""The confidence rule (graph/evidence.py) on crafted small records, and its place in the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from graph import build, graph_stats, open_store
from graph.errors import CurationError
from graph.evidence import check, effective, tier_names, weigh
from graph.loader import SourceInfo, all_located, facts_of, load_catalog
from graph.querying import query
from graph.resources import data_dir
from graph.sparql import select

from .conftest import MINI

ROOT = Path(__file__).resolve().parents[1]

# Real sources of the shipped data, with their publishers and the tiers the registry gives them.
MOFA = SourceInfo("https://www.mofa.go.jp/mofaj/s_sa/sea1/kh/page1_001397.html", "Ministry of Foreign Affairs of Japan",
                  None, None, "official")
UNV = SourceInfo("https://www.unv.org/news/japan-provides-support-un-volunteers", "United Nations Volunteers (UNV)",
                 None, None, "intergovernmental")
PPP = SourceInfo("https://phnompenhpost.com/national/king-sihamoni-heads-japan-emperor-naruhitos-enthronement",
                 "Phnom Penh Post", None, None, "news")
PPP_2 = SourceInfo("https://phnompenhpost.com/business/national-assembly-passes-ajcep-1st-protocol", "Phnom Penh Post",
                   None, None, "news")
KT = SourceInfo("https://www.khmertimeskh.com/731973/my-memory-of-japan/", "Khmer Times", None, None, "news")
ISEAS = SourceInfo("https://www.iseas.edu.sg/articles-commentaries/iseas-perspective/2021-59/", "ISEAS", None, None,
                   "academic")
WIKI = SourceInfo("https://en.wikipedia.org/wiki/Noboru_Takeshita", "Wikipedia", None, None, "reference")
MIRROR = SourceInfo("https://www.liquisearch.com/shinzo_abe", "LiquiSearch", None, None, "copy")
BLOG = SourceInfo("https://note.com/cambodiataro/n/n8490f54c2eb4", "note.com (cambodiataro blog)", None, None,
                  "user-generated")
# A newspaper reprinting Khmer Times (tier news, but Khmer Times' voice) and a second reprint of it.
REPRINT = SourceInfo("https://www.vietnam.vn/en/khmer-times-report", "Vietstock", None, None, "news", copy_of=KT.url)
REPRINT_2 = SourceInfo("https://b2b-cambodia.com/news/khmer-times-report", "B2B Cambodia", None, None, "news",
                       copy_of=KT.url)
UNKNOWN_ORIGIN = "https://www.nikkei.com/article/some-article"
COPY_A = SourceInfo("https://en.vietstock.vn/nikkei-copy", "Vietstock", None, None, "news", copy_of=UNKNOWN_ORIGIN)
COPY_B = SourceInfo("https://www.daily8.com/nikkei-copy", "Daily8 (Jiji Press)", None, None, "news",
                    copy_of=UNKNOWN_ORIGIN)
ALL = {s.url: s for s in (MOFA, UNV, PPP, PPP_2, KT, ISEAS, WIKI, MIRROR, BLOG, REPRINT, REPRINT_2, COPY_A, COPY_B)}


@pytest.mark.parametrize(("sources", "level"), [
    ([MOFA], "high"),
    ([UNV], "high"),
    ([MOFA, BLOG], "high"),
    ([PPP], "medium"),
    ([ISEAS], "medium"),
    ([PPP, KT], "high"),
    ([PPP, ISEAS], "high"),
    ([PPP, PPP_2], "medium"),  # one publisher, one origin
    ([PPP, WIKI, MIRROR, BLOG], "medium"),
    ([WIKI], "low"),
    ([MIRROR], "low"),
    ([BLOG], "low"),
    ([WIKI, MIRROR, BLOG], "low"),
    ([KT, REPRINT], "medium"),  # a reprint counts as its origin
    ([REPRINT, REPRINT_2], "medium"),  # two reprints of one article: one origin
    ([COPY_A, COPY_B], "medium"),  # copies of one page that is not a source of the graph
    ([COPY_A, PPP], "high"),
], ids=lambda v: "+".join(s.tier + ("(copy)" if s.copy_of else "") for s in v) if isinstance(v, list) else v)
def test_each_combination_of_tiers_gives_its_level(sources: list[SourceInfo], level: str):
    assert weigh([s.url for s in sources], ALL).level == level


def test_a_source_cited_twice_counts_once():
    assert weigh([PPP.url, PPP.url], ALL).origins == 1


def test_a_curator_may_lower_a_level_but_not_raise_it():
    medium = weigh([PPP.url], ALL)
    assert check("low", medium) is None and check("medium", medium) is None and check(None, medium) is None
    why = check("high", medium)
    assert why and "'medium'" in why and "news" in why
    assert effective("high", "low") == "low" and effective("medium", "high") == "medium"
    assert effective("medium", None) == "medium"


def _with(tmp_path: Path, name: str, text: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / name).write_text(text)
    return data


LOWERED = """
statements:
  - id: hun-manet-designated-2023-07
    subject: hun-manet
    relation: was named, as one report relayed from the state news agency says,
    object_text: prime minister-designate of Cambodia
    date: 2023-07
    sectors: [diplomacy]
    confidence: low
    confidence_reason: The report relays the state agency; the agency's own page is not cited.
    sources: ["http://www.theasian.asia/archives/181085"]
"""


def test_a_lowered_level_is_stated_and_the_computed_one_kept(tmp_path: Path):
    data = _with(tmp_path, "lowered.yaml", LOWERED)
    build(tmp_path / "out", data)
    rows = select(open_store(tmp_path / "out"), """SELECT ?stated ?computed ?reason WHERE {
        cjd:hun-manet-designated-2023-07 cj:confidence ?stated ; cj:computedConfidence ?computed ;
        cj:confidenceReason ?reason }""")
    assert [(r["stated"], r["computed"]) for r in rows] == [("low", "medium")]
    assert rows[0]["reason"].startswith("The report relays")


def test_aliases_of_a_publisher_are_one_origin(tmp_path: Path):
    """Two pages of the Phnom Penh Post under two of its names: one origin, so high is too high."""
    data = _with(tmp_path, "aliases.yaml", """
sources:
  - url: "https://www.phnompenhpost.com/supplements-special-reports/japan-and-cambodia-long-and-prosperous-strategic-partnership"
    publisher: "Phnom Penh Post (essay by Pou Sothirak)"
  - url: "https://phnompenhpost.com/business/national-assembly-passes-ajcep-1st-protocol"
    publisher: "Phnom Penh Post"
statements:
  - id: exchanges-since-1569
    subject: cambodia
    relation: has had exchanges since 1569 with
    object: japan
    sectors: [diplomacy]
    confidence: high
    sources:
      - "https://phnompenhpost.com/business/national-assembly-passes-ajcep-1st-protocol"
      - "https://www.phnompenhpost.com/supplements-special-reports/japan-and-cambodia-long-and-prosperous-strategic-partnership"
""")
    with pytest.raises(CurationError) as e:
        load_catalog(data)
    [problem] = e.value.problems
    assert (problem.file, problem.line, problem.record, problem.field) == ("aliases.yaml", 13, "exchanges-since-1569",
                                                                         "confidence")
    assert "1 independent news or academic origin" in problem.message


def test_the_script_removes_levels_not_lower_than_computed_and_is_rerunnable(tmp_path: Path):
    data = _with(tmp_path, "lowered.yaml", LOWERED + """
  - id: kishida-hun-sen-summit-stated
    subject: fumio-kishida
    relation: held a summit with
    object: hun-sen
    date: 2022-11-12
    sectors: [diplomacy]
    confidence: high
    sources: ["https://www.mofa.go.jp/mofaj/s_sa/sea1/kh/page1_001397.html"]
""")
    script = [sys.executable, str(ROOT / "scripts" / "confidence.py"), str(data)]
    first = subprocess.run(script, capture_output=True, text=True, cwd=ROOT, check=True)
    assert "deleted 1 recorded confidence in 1 files" in first.stdout
    text = (data / "lowered.yaml").read_text()
    assert "confidence: low" in text and "confidence: high" not in text
    second = subprocess.run(script, capture_output=True, text=True, cwd=ROOT, check=True)
    assert "deleted 0 recorded confidences" in second.stdout
    load_catalog(data)


def test_the_shipped_data_records_no_level_above_its_sources():
    """The build would refuse it; checked here on the catalog for a direct message."""
    catalog = load_catalog(data_dir())
    assert catalog.sources and all(info.tier for info in catalog.sources.values())


def _stated_levels(catalog) -> tuple[Counter, Counter]:
    computed, stated = Counter(), Counter()
    for loc in all_located(catalog):
        for _, fact in facts_of(loc):
            level = weigh((c.url for c in fact.sources), catalog.sources).level
            computed[level] += 1
            stated[effective(level, fact.confidence)] += 1
    return computed, stated


def test_the_evidence_profile_of_stats_follows_the_rule(built: Path):
    """The SPARQL profile of `cjkg stats` counts what the Python rule gives, on the shipped data."""
    computed, stated = _stated_levels(load_catalog(data_dir()))
    e = graph_stats(open_store(built)).evidence
    assert e.per_confidence == {level: computed[level] for level in ("high", "medium", "low")}
    assert e.per_stated == {level: stated[level] for level in ("high", "medium", "low")}
    assert e.weak_only == computed["low"]
    assert sum(e.per_tier.values()) == len(load_catalog(data_dir()).sources)
    backed, total = e.official_events
    assert 0 < backed < total


def test_sources_of_gives_tier_and_origin(built: Path):
    rows = query(built, "sources-of", {"entity": "stage-comprehensive-strategic-partnership"}, rebuild=False).dicts()
    bnn = next(r for r in rows if "bnnbreaking" in r["url"])
    assert (bnn["tier"], bnn["origin"]) == ("copy", "BNN Breaking")
    assert {r["tier"] for r in rows} <= set(tier_names())


def test_the_worklist_names_weak_evidence_and_missing_official_sources(built: Path):
    rows = query(built, "worklist", {}, rebuild=False).dicts()
    by_problem: dict[str, set[str]] = {}
    for r in rows:
        by_problem.setdefault(r["problem"], set()).add(r["record"].rsplit("/", 1)[-1])
    catalog = load_catalog(data_dir())
    seed = catalog.records["seed-tourism-cooperation"].record  # rests on one aggregator's article
    assert weigh((c.url for c in seed.sources), catalog.sources).level == "low"
    assert "seed-tourism-cooperation" in by_problem["weak evidence: reference, copy or user-generated sources only"]
    summits = by_problem["no official source for a summit, visit or agreement"]
    assert summits and all(catalog.records[i].kind in ("events", "agreements") for i in summits)
    backed = catalog.records["abe-hun-sen-summit-2013-12"].record  # cites the foreign ministry
    assert any(catalog.sources[c.url].tier == "official" for c in backed.sources)
    assert "abe-hun-sen-summit-2013-12" not in summits


def test_the_publishers_script_lists_a_new_publisher_with_a_tier_from_its_host(tmp_path: Path):
    data = _with(tmp_path, "new.yaml", """
statements:
  - id: hun-manet-named-2023-08
    subject: hun-manet
    relation: was named prime minister by the National Assembly, reports
    object_text: a Turkish broadcaster
    date: 2023-08
    sectors: [diplomacy]
    sources:
      - url: "https://www.trtworld.com/asia/cambodia-parliament-approves-hun-manet-as-prime-minister-14643016"
        publisher: "TRT World"
""")
    script = [sys.executable, str(ROOT / "scripts" / "publishers.py"), str(data)]
    out = subprocess.run(script, capture_output=True, text=True, cwd=ROOT, check=True).stdout
    # "TRT World (Anadolu)", registered as news, publishes on the same host
    lines = out.splitlines()
    assert lines[0] == '  - name: "TRT World"' and lines[1].startswith("    tier: news  # https://www.trtworld.com/")
    with pytest.raises(CurationError) as e:
        load_catalog(data)
    assert 'add it to graph/data/publishers.yaml: `- {name: "TRT World", tier: <tier>}`' in str(e.value)
