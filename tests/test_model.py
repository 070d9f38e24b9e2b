"""The forms of issue 13, each from the curated YAML to a SPARQL answer: what the sources say of a
sum (its role, date, exactness, conversion), ... Values come from the curated records, not from here."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.loader import Catalog, load_catalog
from graph.querying import query
from graph.rdfbuild import decimal_lexical
from graph.resources import data_dir

CJD = "https://w3id.org/cjkg/id/"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(data_dir())


def ask(built: Path, name: str, **params: str) -> list[dict]:
    return query(built, name, params, rebuild=False).dicts()


def _amounts(catalog: Catalog):
    for ident, loc in sorted(catalog.records.items()):
        for i, a in enumerate(getattr(loc.record, "amounts", None) or (), 1):
            yield ident, i, a


def test_every_amount_has_a_role_of_the_scheme_and_a_currency(catalog: Catalog):
    from graph.ontology import vocabulary

    amounts = list(_amounts(catalog))
    assert len(amounts) > 150
    assert all(a.role in vocabulary().amount_roles and a.currency for _, _, a in amounts)


def test_a_dated_amount_answers_with_its_own_date_and_role(built: Path, catalog: Catalog):
    ident, _, a = next((i, n, a) for i, n, a in _amounts(catalog) if a.date and a.role == "grant ceiling")
    rows = ask(built, "amounts", role="grant ceiling", year=str(a.date.year))
    mine = [r for r in rows if r["record"] == CJD + ident and r["value"] == a.value]
    assert mine and mine[0]["date"] == a.date.first_day().isoformat()
    assert all(r["amountRole"] == "grant ceiling" for r in rows)


def test_a_converted_estimate_names_the_amount_it_converts(built: Path, catalog: Catalog):
    ident, _, a = next((i, n, a) for i, n, a in _amounts(catalog) if a.converts)
    source = catalog.records[ident].record.amounts[a.converts - 1]
    rows = ask(built, "amounts", role="converted estimate", currency=a.currency)
    row = next(r for r in rows if r["record"] == CJD + ident and r["value"] == a.value)
    assert row["converts"].startswith(f"{decimal_lexical(source.value)} {source.currency}")
    assert row["qualifier"] == a.qualifier


def test_the_amounts_of_a_role_are_those_curated(built: Path, catalog: Catalog):
    curated = sorted(a.value for _, _, a in _amounts(catalog) if a.role == "loan ceiling" and a.currency == "JPY")
    answered = sorted(r["value"] for r in ask(built, "amounts", role="loan ceiling", currency="JPY"))
    assert answered == curated


# -- One node per state ----------------------------------------------------------------------------


def test_a_government_is_its_country(built: Path, catalog: Catalog):
    from graph.named import resolve_entity
    from graph.store import open_store

    store = open_store(built)
    for country in ("japan", "cambodia"):
        governments = [a for a in catalog.records[country].record.aliases if "overnment" in a]
        assert governments
        for alias in governments:
            assert resolve_entity(store, alias) == CJD + country
    assert not [i for i, loc in catalog.records.items()
                if loc.kind == "organisations" and loc.record.name.startswith(("Government of", "Royal Government"))]


def test_the_actor_network_counts_each_state_once(built: Path, catalog: Catalog):
    from graph.projections import project
    from graph.store import open_store

    g = project(open_store(built), "actors")
    labels = {data["label"] for _, data in g.nodes(data=True)}
    assert "Japan" in labels and not {"Government of Japan", "Royal Government of Cambodia"} & labels
    # a project Japan funds that the Cambodian state carries out or co-funds links the two countries
    shared = [loc.record for loc in catalog.by_kind["projects"]
              if "japan" in loc.record.funders and "cambodia" in {*loc.record.funders, *loc.record.implementers}]
    assert shared and g.has_edge(CJD + "japan", CJD + "cambodia")


# -- Vessels ---------------------------------------------------------------------------------------


def test_a_port_call_names_its_ships_and_their_navy_takes_part(built: Path, catalog: Catalog):
    from graph.projections import project
    from graph.store import open_store

    calls = [loc.record for loc in catalog.by_kind["events"] if loc.record.vessels]
    assert calls
    event = calls[0]
    rows = query(built, f"""SELECT ?vessel ?operator WHERE {{
        <{CJD}{event.id}> cj:vessel ?vessel . ?vessel a cj:Vessel ; cj:operator ?operator }}""",
                 rebuild=False).dicts()
    assert {r["vessel"] for r in rows} == {CJD + v for v in event.vessels}
    operators = {r["operator"].removeprefix(CJD) for r in rows}
    assert operators <= set(event.participants)
    g = project(open_store(built), "actors")
    ships = {CJD + v for e in calls for v in e.vessels}
    assert not ships & set(g.nodes) and {CJD + o for o in operators} <= set(g.nodes)
