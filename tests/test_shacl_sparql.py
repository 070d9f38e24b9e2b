"""The SPARQL checks (the build's validator) against pySHACL (the reference), on every broken case
and on the shipped data: the same findings, at the same records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph import build
from graph.errors import CurationError, Problem, ShapeViolation
from graph.shacl import check_shapes
from graph.shacl_sparql import check_store
from graph.store import memory_store

from .conftest import BROKEN, MINI


def _outcome(data: Path, out: Path, validator: str) -> tuple[str, list[Problem]]:
    """How a full build of data ends: its warnings, its shape violations or the loader's problems."""
    try:
        return "built", build(out, data, validator=validator, full=True).warnings
    except ShapeViolation as e:
        return "shapes", e.problems
    except CurationError as e:
        return "loader", e.problems


@pytest.mark.parametrize("case", sorted(p.name for p in BROKEN.iterdir()))
def test_both_checkers_end_every_broken_case_alike(case: str, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    shutil.copy(BROKEN / case, data)
    by_sparql = _outcome(data, tmp_path / "sparql", "sparql")
    by_pyshacl = _outcome(data, tmp_path / "pyshacl", "pyshacl")
    assert by_sparql == by_pyshacl
    assert by_sparql[0] != "built" and by_sparql[1], f"{case} is not refused"


def test_both_checkers_find_the_same_on_the_shipped_data(built: Path):
    nt = (built / "cjkg.nt").read_bytes()
    graph = rdflib.Graph()
    graph.parse(data=nt, format="nt")
    by_pyshacl = check_shapes(graph)
    by_sparql = check_store(memory_store(nt))
    assert by_sparql.violations == by_pyshacl.violations == []
    assert by_sparql.warned == by_pyshacl.warned


def test_compiled_checks_are_kept_and_a_damaged_entry_is_compiled_again(tmp_path: Path):
    from graph.shacl_sparql import cached_checks, compile_shapes

    fresh = compile_shapes()
    assert cached_checks(tmp_path) == fresh
    (entry,) = tmp_path.glob("checks-*.json")
    assert cached_checks(tmp_path) == fresh  # read back from the entry
    entry.write_text("[{\"shape\": 1}", encoding="utf-8")
    assert cached_checks(tmp_path) == fresh and len(list(tmp_path.glob("checks-*.json"))) == 1


def test_the_screens_flag_exactly_the_nodes_their_checks_find(built: Path):
    """A screen stands for its checks: on the shipped data, with a meeting given a second identifier
    and a date that is not an xsd:date, each screen flags the nodes that its checks, run one by one
    on every node, find; and only counts above one go unscreened."""
    from graph.shacl_sparql import compile_shapes, screens

    store = memory_store((built / "cjkg.nt").read_bytes())
    meeting = next(iter(store.query("SELECT ?m WHERE { ?m a <https://w3id.org/cjkg/ontology#Meeting> } LIMIT 1")))["m"]
    store.add(ox.Quad(meeting, ox.NamedNode("http://purl.org/dc/terms/identifier"), ox.Literal("second-id")))
    store.add(ox.Quad(meeting, ox.NamedNode("https://w3id.org/cjkg/ontology#endDate"), ox.Literal("2020")))
    checks = compile_shapes()
    unscreened = [c for c in checks if c.condition is None]
    assert unscreened and all("COUNT(DISTINCT ?v) < 2" in c.sparql or "> 2)" in c.sparql for c in unscreened)
    flagged_anywhere: set[str] = set()
    for sparql, group in screens(checks):
        flagged = {row["focus"].value for row in store.query(sparql)}
        found = {row["focus"].value for check in group for row in store.query(check.sparql)}
        assert flagged == found
        flagged_anywhere |= flagged
    assert meeting.value in flagged_anywhere
