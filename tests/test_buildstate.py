"""Rebuilds from the saved state: after each kind of edit, the same bytes and figures as a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import build, open_store
from graph.buildstate import STATE_DIR, read
from graph.errors import CurationError

from .conftest import MINI

OUTPUTS = ("cjkg.nt", "cjkg.ttl", "cjkg.jsonld", "manifest.json")

# Records of the curated data (diplomacy/visits-and-summits.yaml, aid-economy/projects-transport.yaml),
# cut down to what the mini data set can refer to, with one of their sources each.
NEW_EVENT = """
  - id: kishida-hun-manet-summit-2023-12
    title: Kishida–Hun Manet summit in Tokyo
    kind: summit
    date: 2023-12-18
    participants: [fumio-kishida, hun-manet]
    sectors: [diplomacy]
    sources:
      - url: "http://jp-gate.com/u/news/ryu641bni5koxo"
        publisher: "JP-Gate (Kyodo)"
        published: "2023-12-18"
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the mini data set, built once (with the SPARQL checks, which rebuilds patch)."""
    copy = tmp_path / "data"
    shutil.copytree(MINI, copy)
    build(tmp_path / "out", copy, validator="sparql")
    return copy


def _rebuild(data: Path) -> tuple[object, list[str]]:
    said: list[str] = []
    result = build(data.parent / "out", data, progress=said.append, validator="sparql")
    return result, said


def _assert_same_as_full(data: Path, result: object) -> None:
    out, full = data.parent / "out", data.parent / "full"
    expected = build(full, data, validator="sparql", full=True)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    for attr in ("triples", "entities", "facts", "sources", "per_class", "warnings"):
        assert getattr(result, attr) == getattr(expected, attr), attr
    stored = {q.triple for q in open_store(out)}
    assert stored == {q.triple for q in ox.parse(path=str(out / "cjkg.nt"), format=ox.RdfFormat.N_TRIPLES)}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_new_label_reaches_the_files_that_spell_it_out(data: Path):
    _edit(data / "entities.yaml", "name: Hun Manet", "name: Hun Manet (Prime Minister)")
    result, said = _rebuild(data)
    assert any(m.startswith("rebuilding: 1 of 3") for m in said) and not any("in full" in m for m in said)
    _assert_same_as_full(data, result)
    nt = (data.parent / "out" / "cjkg.nt").read_text()
    assert '"Hun Manet (Prime Minister) called for more investment from Japan"@en' in nt  # from facts.yaml


def test_a_new_record_with_a_new_source(data: Path):
    _edit(data / "facts.yaml", "events:\n", "events:" + NEW_EVENT)
    result, said = _rebuild(data)
    assert not any("in full" in m for m in said)
    _assert_same_as_full(data, result)
    assert result.sources == 6


def test_a_removed_record(data: Path):
    text = (data / "facts.yaml").read_text()
    (data / "facts.yaml").write_text(text[:text.index("statements:")])
    before = read(data.parent / "out").sizes["cjkg.nt"]
    result, said = _rebuild(data)
    assert not any("in full" in m for m in said)
    _assert_same_as_full(data, result)
    assert (data.parent / "out" / "cjkg.nt").stat().st_size < before


def test_a_new_json_lines_file(data: Path):
    (data / "more.jsonl").write_text(
        '{"record":"events","id":"kishida-hun-manet-summit-2023-12","title":"Kishida–Hun Manet summit in Tokyo",'
        '"kind":"summit","date":"2023-12-18","participants":["fumio-kishida","hun-manet"],"sectors":["diplomacy"],'
        '"sources":[{"url":"http://jp-gate.com/u/news/ryu641bni5koxo",'
        '"publisher":"JP-Gate (Kyodo)","published":"2023-12-18"}]}\n')
    result, said = _rebuild(data)
    assert any(m.startswith("rebuilding: 1 of 4") for m in said)
    _assert_same_as_full(data, result)


def test_shape_warnings_come_and_go_with_the_records(data: Path):
    project = """
projects:
  - id: national-road-5-improvement
    title: National Road 5 Improvement Project (Prek Kdam–Poipet)
    sectors: [transport]
    confidence: high
    sources:
      - url: "https://www.jica.go.jp/english/news/press/2019/20200324_31_en.html"
        publisher: "JICA"
        published: "2020-03-24"
"""
    (data / "facts.yaml").write_text((data / "facts.yaml").read_text() + project)
    result, said = _rebuild(data)
    assert not any("in full" in m for m in said)
    assert [w.record for w in result.warnings] == ["national-road-5-improvement"]
    _assert_same_as_full(data, result)
    (data / "facts.yaml").write_text((data / "facts.yaml").read_text() + "    funders: [japan]\n")
    result, said = _rebuild(data)
    assert result.warnings == []
    _assert_same_as_full(data, result)


def test_an_unchanged_build_is_patched_with_nothing(data: Path):
    result, said = _rebuild(data)
    assert any(m.startswith("rebuilding: 0 of 3") for m in said)
    _assert_same_as_full(data, result)


def test_a_bad_edit_is_reported_as_a_full_build_reports_it_and_changes_nothing(data: Path):
    out = data.parent / "out"
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    _edit(data / "facts.yaml", "places: [phnom-penh]", "places: [siem-reap]")
    with pytest.raises(CurationError) as rebuilt:
        _rebuild(data)
    with pytest.raises(CurationError) as full:
        build(data.parent / "full", data, validator="sparql", full=True)
    assert rebuilt.value.problems == full.value.problems
    assert [(p.file, p.field) for p in rebuilt.value.problems] == [("facts.yaml", "places[0]")]
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before


def test_removing_a_record_others_refer_to_falls_back_to_a_full_build(data: Path):
    text = (data / "entities.yaml").read_text()
    start = text.index("places:")
    (data / "entities.yaml").write_text(text[:start] + text[text.index("people:"):])
    said: list[str] = []
    with pytest.raises(CurationError) as e:
        build(data.parent / "out", data, progress=said.append, validator="sparql")
    assert any("'phnom-penh' was removed" in m for m in said)
    assert "unknown reference 'phnom-penh'" in str(e.value.problems[0])


def test_a_damaged_state_means_a_full_build(data: Path):
    (data.parent / "out" / STATE_DIR / "index.pickle").write_bytes(b"not a pickle")
    _edit(data / "entities.yaml", "name: Hun Manet", "name: Hun Manet (PM)")
    result, said = _rebuild(data)
    assert not any(m.startswith("rebuilding") for m in said)
    _assert_same_as_full(data, result)
    assert read(data.parent / "out") is not None  # and the state is written anew


def test_a_line_two_files_give_stays_until_neither_gives_it(mini_built: Path):
    from collections import Counter

    from graph.builder import _apply, _union
    from graph.serialize import SortedDocument

    lines = (mini_built / "cjkg.nt").read_text().splitlines()
    shared = lines[10]
    nt, multi = _union([lines[:11], lines[10:], [shared, shared]])
    assert nt.decode().splitlines() == lines and multi == {shared: 3}
    graph = SortedDocument(nt, 1)
    for gone in (1, 2):
        added, removed = _apply(graph, Counter({shared: -1}), multi)
        assert (added, removed) == ([], set()) and multi == ({shared: 2} if gone == 1 else {})
    added, removed = _apply(graph, Counter({shared: -1}), multi)
    assert removed == {shared.encode()} and multi == {}


def test_a_publisher_tier_changed_recomputes_confidence_in_full(data: Path):
    """A tier is read by the facts of every file that cites the publisher: the rebuild goes in full."""
    _edit(data / "sources.yaml", '  - name: "The AsiaN (citing AKP)"\n    tier: news',
          '  - name: "The AsiaN (citing AKP)"\n    tier: copy')
    result, said = _rebuild(data)
    assert any("in full" in m and "tier" in m for m in said)
    _assert_same_as_full(data, result)
