"""The forms of issue 13, each from the curated YAML to a SPARQL answer: what the sources say of a
sum (its role, date, exactness, conversion), ... Values come from the curated records, not from here."""

from __future__ import annotations

import re
from decimal import Decimal
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
    from graph.resolve import resolve
    from graph.store import open_store

    store = open_store(built)
    for country in ("japan", "cambodia"):
        governments = [a for a in catalog.records[country].record.aliases if "overnment" in a]
        assert governments
        for alias in governments:
            assert resolve(store, alias) == CJD + country
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


# -- Quantities ------------------------------------------------------------------------------------

UNIT_WORDS = {
    "KMT": r"km|kilomet(?:re|er)s?", "MTR": r"m|metres?|meters?", "TNE": r"tons?|tonnes?", "HAR": r"hectares?|ha",
    "MTQ": r"cubic met(?:re|er)s?", "P1": r"%|per ?cent|percent", "MAW": r"MW|megawatts?", "ANN": r"years?(?!')",
    "MON": r"months?", "C62": r"TEU|staff|crew|people|personnel|troops|officers|police|volunteers|schools|workers",
}
# "in 17 years" and "for 43 years" say how long since something last happened, not a measure of the thing
_UNITS = "|".join(f"(?P<{u}>{w})" for u, w in UNIT_WORDS.items())
NUMBER_WITH_UNIT = re.compile(r"(?<![\w.,])(?<!\bin )(?<!\bfor )(\d[\d,]*(?:\.\d+)?)(?:\s|-)(" + _UNITS + r")(?![\w-])")


def _unit_of(m: re.Match[str]) -> str:
    return next(u for u in UNIT_WORDS if m.group(u))


def test_every_number_with_a_unit_in_a_description_is_a_quantity(catalog: Catalog):
    """A description may say '2,215 m'; the record then holds that length as a quantity."""
    missing = []
    checked = 0
    for ident, loc in sorted(catalog.records.items()):
        text = getattr(loc.record, "description", None) or ""
        # a change is stored signed ("down 25 per cent" is -25); the description gives its size
        quantities = getattr(loc.record, "quantities", ())
        held = {(abs(q.value) if q.kind == "change" else q.value, q.unit) for q in quantities}
        for m in NUMBER_WITH_UNIT.finditer(text):
            checked += 1
            value = Decimal(m.group(1).replace(",", ""))
            if (value, _unit_of(m)) not in held:
                missing.append(f"{loc.file}: {ident}: '{m.group(0)}'")
    assert checked > 40
    assert not missing, "numbers with units in descriptions without a matching quantity:\n" + "\n".join(missing)


def test_the_quantities_of_a_thing_answer_as_curated(built: Path, catalog: Catalog):
    ident, loc = next((i, loc) for i, loc in sorted(catalog.records.items())
                      if len(getattr(loc.record, "quantities", ())) >= 3)
    rows = ask(built, "quantities", entity=ident)
    assert sorted((r["quantityKind"], Decimal(str(r["value"])), r["unit"]) for r in rows) == sorted(
        (q.kind, q.value, q.unit) for q in loc.record.quantities)
    assert all(r["sources"].startswith("http") for r in rows)


def test_a_kind_of_quantity_answers_across_the_graph(built: Path, catalog: Catalog):
    lengths = sorted((CJD + i, q.value) for i, loc in catalog.records.items()
                     for q in getattr(loc.record, "quantities", ()) if q.kind == "length")
    rows = ask(built, "quantities", kind="length")
    assert len(lengths) >= 5
    assert sorted((r["thing"], Decimal(str(r["value"]))) for r in rows) == lengths


def test_the_unit_codes_of_the_shapes_are_those_of_the_loader():
    import rdflib
    from rdflib.namespace import SH

    from graph.namespaces import CJSH
    from graph.ontology import shapes_graph
    from graph.records import UNIT_CODES

    g = shapes_graph()
    (lst,) = g.objects(rdflib.URIRef(CJSH + "QuantitativeValue-unitCode"), SH["in"])
    assert [str(v) for v in rdflib.collection.Collection(g, lst)] == list(UNIT_CODES)


# -- Participation roles ---------------------------------------------------------------------------


def test_a_victim_is_named_in_a_role_and_meets_no_one(built: Path, catalog: Catalog):
    from graph.projections import project
    from graph.store import open_store

    event, role = next((loc.record, r) for loc in catalog.by_kind["events"] for r in loc.record.roles
                       if r.role == "victim")
    rows = query(built, f"""SELECT ?who ?role WHERE {{ <{CJD}{event.id}> cj:qualifiedParticipation ?p .
        ?p prov:agent ?who ; prov:hadRole/skos:notation ?role }}""", rebuild=False).dicts()
    assert {"who": CJD + role.who, "role": "victim"} in rows
    participants = {r["p"] for r in query(built, f"SELECT ?p WHERE {{ <{CJD}{event.id}> cj:participant ?p }}",
                                           rebuild=False).dicts()}
    assert participants == {CJD + p for p in event.participants} and CJD + role.who not in participants
    actors = project(open_store(built), "actor-event")
    assert not (CJD + event.id in actors and actors.has_edge(CJD + role.who, CJD + event.id))


def test_a_role_of_taking_part_makes_a_participant_and_an_honoree_meets_no_one(built: Path, catalog: Catalog):
    from graph.ontology import vocabulary

    present = vocabulary().present_roles
    assert {"host", "guest", "signatory"} <= present and not {"victim", "honoree"} & present
    event, role = next((loc.record, r) for loc in catalog.by_kind["events"] for r in loc.record.roles
                       if r.role == "host")
    guests = [r.who for r in event.roles if r.role == "guest"]
    rows = query(built, f"""SELECT ?who WHERE {{ <{CJD}{event.id}> cj:qualifiedParticipation ?p .
        ?p prov:agent ?who ; prov:hadRole prole:host . <{CJD}{event.id}> cj:participant ?who }}""",
                 rebuild=False).dicts()
    assert CJD + role.who in {r["who"] for r in rows}
    assert guests and CJD + role.who in {r["other"] for r in ask(built, "met-with", person=guests[0])}
    event, role = next((loc.record, r) for loc in catalog.by_kind["events"] for r in loc.record.roles
                       if r.role == "honoree")
    people = {CJD + p for p in event.participants if catalog.kind_of(p) == "people"}
    assert people and not people & {r["other"] for r in ask(built, "met-with", person=role.who)}


# -- Dates per party -------------------------------------------------------------------------------


def test_an_agreement_gives_each_partys_dates(built: Path, catalog: Catalog):
    rec = next(loc.record for loc in catalog.by_kind["agreements"] if loc.record.party_dates)
    first = rec.party_dates[0]
    (row,) = [r for r in ask(built, "agreements-in-force", date=str(rec.in_force)) if r["agreement"] == CJD + rec.id]
    shown = row["partyDates"].split("; ")
    assert len(shown) == len(rec.party_dates)
    mine = next(s for s in shown if s.startswith(catalog.label(first.party) + ":"))
    assert f"in force {first.in_force.first_day().isoformat()}" in mine
    assert f"signed {first.signed.first_day().isoformat()}" in mine
    # a party's dates are not an agreement of their own on the timeline
    timeline = ask(built, "timeline", year=str(first.signed.year))
    assert not [r for r in timeline if "_commitment-" in r["fact"]]


# -- Observations: a period or a point in time ----------------------------------------------------


def test_a_fiscal_year_runs_from_april_to_march():
    import datetime as dt

    from graph.rdfbuild import period_span

    first, last, unit = period_span("FY2019")
    assert (first, last) == (dt.date(2019, 4, 1), dt.date(2020, 3, 31)) and unit.endswith("unitFiscalYear")
    assert period_span("2019-02")[:2] == (dt.date(2019, 2, 1), dt.date(2019, 2, 28))


def test_an_observation_states_its_period_or_its_date(built: Path, catalog: Catalog):
    observations = [loc.record for loc in catalog.by_kind["observations"]]
    of_period = next(o for o in observations if o.period)
    at_date = next(o for o in observations if o.date and o.date.precision == "day")
    rows = query(built, f"""SELECT ?period ?start ?end ?unit WHERE {{ <{CJD}{of_period.id}> cj:period ?period ;
        cj:startDate ?start ; cj:endDate ?end ; cj:periodUnit ?unit }}""", rebuild=False).dicts()
    assert rows == [{"period": of_period.period, "start": f"{of_period.period}-01-01",
                     "end": f"{of_period.period}-12-31", "unit": "http://www.w3.org/2006/time#unitYear"}]
    rows = query(built, f"SELECT ?date WHERE {{ <{CJD}{at_date.id}> cj:date ?date }}", rebuild=False).dicts()
    assert rows == [{"date": at_date.date.first_day().isoformat()}]


# -- Shares, twinned places, series of events ----------------------------------------------------


def test_a_shareholding_gives_its_share_as_a_dated_quantity(built: Path, catalog: Catalog):
    rec = catalog.by_kind["shareholdings"][0].record
    rows = query(built, f"""SELECT ?holder ?held ?value ?unit ?kind ?date WHERE {{
        <{CJD}{rec.id}> a cj:Shareholding ; cj:holder ?holder ; cj:heldOrganisation ?held ; cj:share ?q .
        ?q schema:value ?value ; schema:unitCode ?unit ; cj:quantityKind/skos:notation ?kind ; cj:date ?date }}""",
                 rebuild=False).dicts()
    assert rows == [{"holder": CJD + rec.holder, "held": CJD + rec.held, "value": float(rec.share), "unit": "P1",
                     "kind": "share", "date": rec.date.first_day().isoformat()}]


def test_twinned_places_are_twinned_both_ways(built: Path, catalog: Catalog):
    place = next(loc.record for loc in catalog.by_kind["places"] if loc.record.twinned_with)
    other = place.twinned_with[0]
    rows = query(built, "SELECT ?a ?b WHERE { ?a cj:twinnedWith ?b }", rebuild=False).dicts()
    assert {"a": CJD + place.id, "b": CJD + other} in rows and {"a": CJD + other, "b": CJD + place.id} in rows


def test_the_editions_of_a_series_in_order(built: Path, catalog: Catalog):
    numbered = [loc.record for loc in catalog.by_kind["events"] if loc.record.edition]
    series = numbered[0].series
    curated = sorted((e.edition, e.id) for e in numbered if e.series == series)
    rows = query(built, f"""SELECT ?event ?edition WHERE {{ ?event cj:series <{CJD}{series}> ; cj:edition ?edition }}
        ORDER BY ?edition""", rebuild=False).dicts()
    assert [(r["edition"], r["event"].removeprefix(CJD)) for r in rows] == curated


# -- Documents -------------------------------------------------------------------------------------


def test_every_dated_grant_or_loan_of_a_project_has_its_signed_document(built: Path, catalog: Catalog):
    """A project's grant or loan that the sources date was committed by a document signed then: an
    agreement record that funds the project, found by SPARQL."""
    committed = ("grant", "grant ceiling", "loan", "loan ceiling")
    checked = 0
    for loc in catalog.by_kind["projects"]:
        for a in loc.record.amounts:
            if a.role not in committed or a.date is None:
                continue
            checked += 1
            rows = query(built, f"""SELECT ?agreement ?signed WHERE {{ ?agreement cj:funds <{CJD}{loc.record.id}> ;
                cj:dateSigned ?signed }}""", rebuild=False).dicts()
            span = (a.date.first_day().isoformat(), a.date.last_day().isoformat())
            assert any(span[0] <= r["signed"] <= span[1] for r in rows), (loc.record.id, str(a.date), rows)
    assert checked >= 20


def test_a_ceremony_names_the_project_whose_works_it_opened(built: Path, catalog: Catalog):
    """Openings, groundbreakings and handovers link to their project (`projects` on the event): for
    every curated link, the project answers with the event, and each is a project."""
    curated = {(ident, p) for ident, loc in catalog.records.items()
               for p in getattr(loc.record, "projects", None) or ()}
    assert len(curated) >= 15
    rows = query(built, """SELECT ?e ?p WHERE { ?event cj:milestoneOf ?project . ?project a cj:Project .
                           ?event dct:identifier ?e . ?project dct:identifier ?p }""", rebuild=False).dicts()
    assert {(r["e"], r["p"]) for r in rows} == curated
