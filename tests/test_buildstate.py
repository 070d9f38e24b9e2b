"""Rebuilds from the saved state: after each kind of edit, the same bytes and figures as a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import build, digest, lastbuild, open_store
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
    event = """
events:
  - id: kishida-hun-manet-summit-2023-12
    title: Kishida–Hun Manet summit in Tokyo
    kind: summit
    date: 2023-12-18
    sectors: [diplomacy]
    sources:
      - url: "http://jp-gate.com/u/news/ryu641bni5koxo"
        publisher: "JP-Gate (Kyodo)"
        published: "2023-12-18"
"""
    (data / "more.yaml").write_text(event)
    result, said = _rebuild(data)
    assert not any("in full" in m for m in said)
    assert [w.record for w in result.warnings] == ["kishida-hun-manet-summit-2023-12"]
    _assert_same_as_full(data, result)
    (data / "more.yaml").write_text(event + "    participants: [japan]\n")
    result, said = _rebuild(data)
    assert result.warnings == []
    _assert_same_as_full(data, result)


def test_an_unchanged_build_does_nothing(data: Path):
    out = data.parent / "out"
    written = {name: (out / name).stat().st_mtime_ns for name in OUTPUTS}
    result, said = _rebuild(data)
    assert said == ["nothing changed since the last build"]
    assert {name: (out / name).stat().st_mtime_ns for name in OUTPUTS} == written
    _assert_same_as_full(data, result)


def test_the_command_answers_an_unchanged_build_from_the_manifest(data: Path, invoke):
    first = invoke("build", "--data", data, "--out", data.parent / "cli")
    again = invoke("build", "--data", data, "--out", data.parent / "cli")
    assert first.exit_code == again.exit_code == 0
    assert "nothing changed since the last build" in again.stderr
    assert first.stdout.split("\n")[1:] == again.stdout.split("\n")[1:]  # all but the seconds
    pyshacl = invoke("build", "--data", data, "--out", data.parent / "cli", "--validator", "pyshacl")
    assert "nothing changed" not in pyshacl.stderr  # asked for another checker: it checks


def test_a_damaged_output_is_written_again(data: Path):
    out = data.parent / "out"
    (out / "cjkg.ttl").write_bytes((out / "cjkg.ttl").read_bytes()[:-10])
    result, said = _rebuild(data)
    assert "nothing changed since the last build" not in said
    _assert_same_as_full(data, result)


def test_a_change_to_the_code_or_ontology_is_a_change(data: Path, monkeypatch: pytest.MonkeyPatch):
    out = data.parent / "out"
    assert lastbuild.current(out, data, "sparql") is not None
    module = data.parent / "module.py"
    module.write_text("# a module of the toolchain\n")
    code_files = digest.code_files
    monkeypatch.setattr(digest, "code_files", lambda: [*code_files(), module])
    assert lastbuild.current(out, data, "sparql") is None
    result, said = _rebuild(data)
    assert "building in full: the ontology, shapes or toolchain changed" in said
    _assert_same_as_full(data, result)
    assert lastbuild.current(out, data, "sparql") is not None
    module.write_text("# edited\n")
    assert lastbuild.current(out, data, "sparql") is None


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


def test_a_file_edited_during_a_build_is_read_again_by_the_next(data: Path, monkeypatch: pytest.MonkeyPatch):
    from graph import builder

    real = builder.load_catalog

    def edited_while_reading(*args, **kwargs):
        catalog = real(*args, **kwargs)
        _edit(data / "entities.yaml", "name: Hun Manet", "name: Hun Manet (PM)")
        return catalog

    monkeypatch.setattr(builder, "load_catalog", edited_while_reading)
    build(data.parent / "out", data, validator="sparql", full=True)
    monkeypatch.undo()
    result, said = _rebuild(data)
    assert "nothing changed since the last build" not in said
    _assert_same_as_full(data, result)
    assert "Hun Manet (PM)" in (data.parent / "out" / "cjkg.nt").read_text()


def test_a_publisher_tier_changed_recomputes_confidence_in_full(data: Path):
    """A tier is read by the facts of every file that cites the publisher: the rebuild goes in full."""
    _edit(data / "sources.yaml", '  - name: "The AsiaN (citing AKP)"\n    tier: news',
          '  - name: "The AsiaN (citing AKP)"\n    tier: copy')
    result, said = _rebuild(data)
    assert any("in full" in m and "tier" in m for m in said)
    _assert_same_as_full(data, result)
