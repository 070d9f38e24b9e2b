"""One matcher suggests near misses everywhere: curated identifiers, sectors, and named queries."""

from __future__ import annotations

import pytest

from graph.errors import QueryError
from graph.loader import load_catalog
from graph.named import get, library
from graph.ontology import vocabulary
from graph.resources import data_dir
from graph.suggest import close_matches, did_you_mean


def test_a_misspelt_identifier_finds_the_curated_one():
    ids = sorted(load_catalog(data_dir()).records)
    assert close_matches("norodom-sihanuk", ids)[0] == "norodom-sihanouk"
    assert did_you_mean("norodom-sihanuk", ids) == "; did you mean 'norodom-sihanouk'?"


def test_a_misspelt_sector_finds_the_sector_and_nonsense_finds_nothing():
    sectors = list(vocabulary().sectors)
    assert close_matches("peacekeping", sectors) == ["peacekeeping"]
    assert close_matches("Peace-Keeping", sectors)[0] == "peacekeeping"  # case and hyphens do not count
    assert did_you_mean("outer-space", sectors) == ""


def test_suggestions_are_best_first_and_stable():
    names = list(library())
    first = close_matches("office-holdr", names, n=3)
    assert first[0] == "office-holder" and first == close_matches("office-holdr", names, n=3)


def test_a_misspelt_named_query_is_suggested_by_the_same_matcher():
    with pytest.raises(QueryError, match="did you mean 'office-holder'"):
        get("office-holdr")
