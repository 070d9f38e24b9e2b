"""The office-gaps query: its gaps are those a plain walk over the terms finds, and vacancies explain them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import rdflib

from graph.namespaces import CJ
from graph.querying import query

OPEN = dt.date(9999, 12, 31)


def _terms(built: Path) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """Per office, the span each term covers, read from the triples without SPARQL: a term of a
    form of an office (First Prime Minister) covers that office too."""
    g = rdflib.Graph()
    g.parse(built / "cjkg.nt", format="nt")
    c = rdflib.Namespace(CJ)
    spans: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for term in g.subjects(rdflib.RDF.type, c.TermOfOffice):
        get = {p: g.value(term, c[p]) for p in ("startDate", "endDate", "attestedFrom", "attestedUntil")}
        day = {p: v.toPython() for p, v in get.items() if v is not None}
        first = day.get("startDate") or day.get("attestedFrom") or day["endDate"]
        last = day.get("endDate") or day.get("attestedUntil") or OPEN
        office = g.value(term, c.office)
        for held in {office, *g.transitive_objects(office, c.formOf)}:
            spans[str(held)].append((first, last))
    return spans


def _gaps(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Walk the terms in order of their first day; a gap opens where the covered run stops."""
    gaps, reach = [], None
    for first, last in sorted(spans):
        if reach is not None and (first - reach).days > 1:
            gaps.append((reach, first))
        reach = last if reach is None else max(reach, last)
    return gaps


def test_the_gaps_are_those_a_walk_over_the_terms_finds(built: Path):
    expected = {(office, a, b) for office, spans in _terms(built).items() for a, b in _gaps(spans)}
    rows = query(built, "office-gaps", rebuild=False).dicts()
    found = {(r["office"], dt.date.fromisoformat(r["gapStart"]), dt.date.fromisoformat(r["gapEnd"])) for r in rows}
    assert expected and found == expected


def test_adjoining_terms_leave_no_gap_and_an_office_can_be_chosen(built: Path):
    rows = query(built, "office-gaps", {"office": "Prime Minister of Cambodia"}, rebuild=False).dicts()
    assert rows and {r["officeName"] for r in rows} == {"Prime Minister of Cambodia"}
    # Hun Sen's premiership ended on the day Hun Manet's began.
    assert all(r["gapStart"] != "2023-08-22" for r in rows)


def test_the_co_premiers_hold_the_premiership_between_them(built: Path):
    """From 1993 to 1998 the premiership was held as First and Second Prime Minister: those terms
    cover the office they are forms of, as `office-holder` counts them."""
    rows = query(built, "office-gaps", {"office": "Prime Minister of Cambodia"}, rebuild=False).dicts()
    assert not [r for r in rows if r["gapStart"] < "1998-01-01" and r["gapEnd"] > "1994-01-01"]
    holders = query(built, "office-holder", {"office": "Prime Minister of Cambodia", "date": "1995-06-01"},
                    rebuild=False).dicts()
    assert {h["post"] for h in holders} == {"First Prime Minister of Cambodia", "Second Prime Minister of Cambodia"}


def test_the_break_in_relations_explains_the_ambassadors_gap(built: Path):
    rows = query(built, "office-gaps", {"office": "ambassador-of-japan-to-cambodia"}, rebuild=False).dicts()
    across = [r for r in rows if r["gapStart"] < "1975-04-01" and r["gapEnd"] > "1990-01-01"]
    assert across and all("1975" in (r["explanation"] or "") for r in across)
    # a gap wholly after the break is not explained by it
    assert all(not r["explanation"] for r in rows if r["gapStart"] > "1993-01-01")
