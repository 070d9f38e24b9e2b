"""The competency questions (../shared/reference/competency-questions.md), each asked through its named
query and checked against the curated data on at least two cases. CQ20-22 are network questions:
tests/test_report.py and tests/test_projections.py check them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.loader import load_catalog
from graph.querying import query
from graph.resources import data_dir

CJD = "https://w3id.org/cjkg/id/"


def ask(built: Path, name: str, **params: str) -> list[dict]:
    return query(built, name, params, rebuild=False).dicts()


def ids(rows: list[dict], key: str) -> set[str]:
    return {r[key].removeprefix(CJD) for r in rows if r.get(key)}


def test_cq1_relationship_stages(built: Path):
    rows = ask(built, "relationship-stages")
    assert rows[0]["title"] == "Diplomatic relations established" and rows[0]["start"] == "1953-01-09"
    csp = next(r for r in rows if r["title"] == "Comprehensive Strategic Partnership")
    assert (csp["start"], csp["startPrecision"]) == ("2023-01-01", "year")
    assert set(csp["otherDates"].split("; ")) == {"2022-11-12", "2022-04-23"}


def test_cq2_timeline_of_a_year(built: Path):
    rows = ask(built, "timeline", year="2023")
    assert all(r["date"].startswith("2023") for r in rows)
    assert "kishida-hun-manet-summit-jakarta-2023" in ids(rows, "fact")
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert "sihanouk-state-visit-japan-1955" in ids(ask(built, "timeline", year="1955"), "fact")


def test_cq3_counts_per_decade_and_sector_match_the_curated_files(built: Path):
    catalog = load_catalog(data_dir())
    expected: Counter = Counter()
    for loc in [*catalog.by_kind["events"], *catalog.by_kind["agreements"]]:
        when = loc.record.date if loc.kind == "events" else loc.record.signed
        if when is None:
            continue
        for sector in loc.record.sectors:
            expected[(when.year // 10 * 10, sector, loc.kind)] += 1
    rows = ask(built, "counts-by-decade")
    got = {(r["decade"], r["sector"]): (r["events"], r["agreements"]) for r in rows}
    for (decade, sector) in [(2020, "diplomacy"), (1990, "peacekeeping"), (2010, "development-aid")]:
        assert got[(decade, sector)] == (expected[(decade, sector, "events")], expected[(decade, sector, "agreements")])


@pytest.mark.parametrize(("office", "date", "holder"), [
    ("Prime Minister of Japan", "2020-06-01", "shinzo-abe"),
    ("Prime Minister of Japan", "2022-06-01", "fumio-kishida"),
    ("Ambassador of Japan to Cambodia", "2020-06-01", "masahiro-mikami"),
    ("prime-minister-of-cambodia", "2024-01-01", "hun-manet"),
])
def test_cq4_office_holder_on_a_date(built: Path, office: str, date: str, holder: str):
    assert ids(ask(built, "office-holder", office=office, date=date), "person") == {holder}


def test_cq4_the_co_premiers_both_held_the_office_of_prime_minister(built: Path):
    rows = ask(built, "office-holder", office="Prime Minister of Cambodia", date="1995")
    assert {(r["name"], r["post"]) for r in rows} == {("Hun Sen", "Second Prime Minister of Cambodia"),
                                                        ("Norodom Ranariddh", "First Prime Minister of Cambodia")}


def test_cq5_offices_and_activities_of_a_person(built: Path):
    offices = ask(built, "offices-of", person="Hun Sen")
    terms = {(r["start"], r["end"]) for r in offices if r["office"].endswith("/prime-minister-of-cambodia")}
    assert terms == {("1985-01-14", "1993-09-24"), ("1998-11-30", "2023-08-22")}
    acts = ask(built, "person-activities", person="Hun Manet")
    assert {"kishida-hun-manet-summit-jakarta-2023", "kishida-hun-manet-summit-2023-12"} <= ids(acts, "fact")


def test_cq6_officials_who_met_repeatedly(built: Path):
    rows = ask(built, "repeated-meetings", min="2")
    pair = next(r for r in rows if {r["nameA"], r["nameB"]} == {"Hun Sen", "Shinzo Abe"})
    assert pair["meetings"] >= 10 and pair["first"] <= "2007-06-14"
    assert any({r["nameA"], r["nameB"]} == {"Fumio Kishida", "Hun Manet"} for r in rows)


def test_cq7_signatories_and_their_offices(built: Path):
    (row,) = ask(built, "signatories", agreement="memorandum-defence-cooperation-2013")
    assert (row["name"], row["statedOffice"]) == ("Tea Banh", "Minister of National Defence of Cambodia")
    rows = ask(built, "signatories", agreement="peacekeeping-training-cooperation-agreement-2013")
    assert {r["name"] for r in rows} == {"Long Visalo", "Yuji Kumamaru"}
    assert "Ambassador of Japan to Cambodia" in {r["officesHeldThatDay"] for r in rows}


def test_cq8_agreements_by_sector_and_period(built: Path):
    rows = ask(built, "agreements", sector="defense", **{"from": "2013"})
    assert "memorandum-defence-cooperation-2013" in ids(rows, "agreement")
    assert all(r["signed"] >= "2013-01-01" for r in rows)
    old = ask(built, "agreements", **{"from": "1951", "to": "1959"})
    assert {"treaty-of-amity-japan-cambodia", "san-francisco-peace-treaty"} <= ids(old, "agreement")


def test_cq9_in_force_and_regional(built: Path):
    assert "ajcep" in ids(ask(built, "agreements-in-force", date="2020"), "agreement")
    assert "rcep" not in ids(ask(built, "agreements-in-force", date="2010"), "agreement")
    assert {"ajcep", "rcep"} <= ids(ask(built, "regional-agreements"), "agreement")


def test_cq10_agreements_funding_a_project(built: Path):
    rows = ask(built, "project-funding", project="tsubasa-bridge")
    # the construction grant, and the detailed design granted in March 2010
    assert {(r["value"], r["currency"], r["role"]) for r in rows} == {(131000000, "USD", "grant"),
                                                                      (239000000, "JPY", "grant ceiling")}
    kizuna = ask(built, "bridges")
    assert any(r["project"].endswith("kizuna-bridge") and r["opened"] == "2001-12-04" for r in kizuna)


def test_cq11_leader_meetings_in_a_period(built: Path):
    rows = ask(built, "leader-meetings", **{"from": "2023", "to": "2023"})
    jakarta = next(r for r in rows if r["event"].endswith("kishida-hun-manet-summit-jakarta-2023"))
    assert jakarta["places"] == "Jakarta" and "Hun Manet (Prime Minister of Cambodia)" in jakarta["participants"]
    tokyo = next(r for r in rows if r["event"].endswith("kishida-hun-manet-summit-2023-12"))
    assert tokyo["signedThere"]


def test_cq12_events_at_a_place(built: Path):
    assert "port-call-uraga-hirado-2022-03" in ids(ask(built, "events-at", place="Sihanoukville"), "event")
    assert "abe-hun-sen-summit-2013-12" in ids(ask(built, "events-at", place="Tokyo"), "event")


def test_cq13_defence_events_in_order(built: Path):
    rows = ask(built, "defence-events")
    assert {"defence-ministers-meeting-2022-06", "port-call-uraga-hirado-2022-03"} <= ids(rows, "event")
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_cq14_projects_by_sector(built: Path):
    rows = ask(built, "projects", sector="transport")
    tsubasa = next(r for r in rows if r["project"].endswith("tsubasa-bridge"))
    assert tsubasa["opened"] == "2015-04-06" and "Japan" in tsubasa["funders"]
    assert "kizuna-bridge" in ids(rows, "project")


def test_cq15_yearly_figures(built: Path):
    rows = ask(built, "figures", measure="two-way-trade")
    y2019 = next(r for r in rows if r["year"] == 2019)
    assert (y2019["value"], y2019["unit"]) == (2292000000.0, "USD")
    assert "two-way-trade" in ids(ask(built, "measures"), "measure")


def test_cq16_japanese_organisations(built: Path):
    rows = ask(built, "japanese-organisations")
    jica = next(r for r in rows if r["org"].endswith("/jica"))
    assert jica["facts"] >= 40 and "development-aid" in jica["sectors"]
    assert "ministry-of-defense-japan" in ids(rows, "org")


def test_cq17_sources_of_a_fact(built: Path):
    rows = ask(built, "sources-of", entity="stage-comprehensive-strategic-partnership")
    assert {"publisher": "BNN Breaking", "published": "2024-03-26"}.items() <= next(
        r for r in rows if "bnnbreaking" in r["url"]).items()
    assert len(ask(built, "sources-of", entity="Hun Manet")) > 10


def test_cq18_single_sources_and_disagreements(built: Path):
    assert "seed-tourism-cooperation" in ids(ask(built, "single-source-facts"), "fact")
    rows = ask(built, "disagreements")
    interrupted = next(r for r in rows if r["fact"].endswith("stage-relations-interrupted"))
    assert (interrupted["adopted"], interrupted["otherValue"]) == ("1975-04-01", "1975-04-05")


def test_cq19_curation_worklist(built: Path):
    rows = ask(built, "worklist")
    no_date = {r["record"].removeprefix(CJD) for r in rows if r["problem"] == "no date"}
    assert "cambodia-japan-special-economic-zone" in no_date
    assert not any(r["problem"] == "no sector" for r in rows)
