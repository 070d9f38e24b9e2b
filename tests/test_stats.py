"""Counts of a build, checked against the small real fixture counted by hand."""

from __future__ import annotations

from graph import graph_stats, open_store


def test_counts_of_the_mini_fixture(mini_built):
    s = graph_stats(open_store(mini_built))
    # 2 countries (each standing for its government too), 2 offices, 1 place, 3 people
    assert s.entities == 8
    # 3 terms of office, 1 summit, 1 statement
    assert s.facts == 5
    assert s.sources == 5 and s.publishers == 5
    assert s.per_class["cj:TermOfOffice"] == 3 and s.per_class["cj:Summit"] == 1
    assert s.per_sector == {"diplomacy": 1, "investment": 1}
    # terms start 1985, 2023, 2021; summit 2022; statement 2024
    assert s.per_decade == {"1980s": 1, "2020s": 4}
    # every fact of the fixture cites exactly one source
    assert s.single_source_facts == 5
    assert s.worklist["no date"] == [] and s.worklist["no sector"] == []
    # Cambodia cites nothing and no sourced fact names it; a sourced statement names Japan
    assert "cambodia" in s.worklist["no source"] and "japan" not in s.worklist["no source"]
    assert "hun-sen" not in s.worklist["no source"]


def test_amounts_by_role_and_quantities_by_kind_count_the_curated_ones(built):
    from graph.loader import load_catalog
    from graph.resources import data_dir

    catalog = load_catalog(data_dir())
    roles: dict[str, int] = {}
    for loc in catalog.records.values():
        for a in getattr(loc.record, "amounts", None) or ():
            roles[a.role] = roles.get(a.role, 0) + 1
    s = graph_stats(open_store(built))
    assert s.amounts_per_role == dict(sorted(roles.items(), key=lambda kv: (-kv[1], kv[0])))
    quantities = sum(len(getattr(loc.record, "quantities", ())) for loc in catalog.records.values())
    shares = len(catalog.by_kind["shareholdings"])  # each gives its share as a quantity
    assert sum(s.quantities_per_kind.values()) == quantities + shares


def test_stats_command_prints_sectors_decades_and_worklist(invoke, mini_built):
    result = invoke("stats", "--out", mini_built)
    assert result.exit_code == 0
    for expected in ("facts per sector", "facts per decade", "1980s", "curation worklist", "single-source facts"):
        assert expected in result.output


def test_name_coverage_counts_the_curated_khmer_and_japanese_names(built):
    """Each group's counts against the curated records read by the loader, not the store."""
    from graph.loader import load_catalog
    from graph.rdfbuild import _lang_of
    from graph.records import Entity, Office, Person
    from graph.resources import data_dir

    s = graph_stats(open_store(built))
    catalog = load_catalog(data_dir())
    entities = [loc.record for loc in catalog.records.values() if isinstance(loc.record, Entity)]

    def has(rec, lang: str) -> bool:
        own = rec.name_km if lang == "km" else rec.name_ja
        return bool(own) or any(_lang_of(a) == lang for a in rec.aliases)

    assert sum(c.entities for c in s.names_by_class.values()) == len(entities) == s.entities
    assert sum(c.khmer for c in s.names_by_class.values()) == sum(has(r, "km") for r in entities)
    assert sum(c.japanese for c in s.names_by_class.values()) == sum(has(r, "ja") for r in entities)
    people = [r for r in entities if isinstance(r, Person)]
    assert s.names_by_class["cj:Person"].japanese == sum(has(r, "ja") for r in people) > 0
    japanese = [r for r in entities if (r.nationality if isinstance(r, Person) else
                                        r.jurisdiction if isinstance(r, Office) else
                                        r.__dict__.get("country")) == "japan"]
    assert s.names_by_country["japan"].entities == len(japanese)
    assert s.names_by_country["japan"].japanese == sum(has(r, "ja") for r in japanese)
    assert s.names_by_country["cambodia"].khmer > 0


def test_stats_command_prints_name_coverage(invoke, built):
    result = invoke("stats", "--out", built)
    assert "names in Khmer and Japanese, by class" in result.output
    assert "names in Khmer and Japanese, by country" in result.output
