"""The timeline page: every fact in date order, grouped by year, with an overview of activity per year
(stacked by family) that jumps to a year or filters a range; undated facts come last. One offline page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader

from .html_export import DATED, PALETTE, TEMPLATES, _families, at_precision, sources_of, write_atomically
from .projections import _ACTOR
from .sparql import select


def timeline_items(store: ox.Store, sector: str | None = None, start: str | None = None,
                   end: str | None = None) -> list[dict[str, Any]]:
    """Every fact (events, agreements, statements, projects, stages, terms, observations) with what a
    reader needs; dated by its date, date of signature, start or opening (in that order of preference),
    at the precision its source gives. Undated facts come last, and only when no period is asked for."""
    rows = select(store, f"""SELECT ?item ?date ?unit ?rank ?title ?cls ?kind ?description WHERE {{
        ?item cj:confidence ?c ; rdfs:label ?title ; a ?cls . FILTER (lang(?title) = "en")
        ?cls rdfs:label ?kind FILTER (lang(?kind) = "en")
        OPTIONAL {{ {DATED} ?item ?dateProp ?date OPTIONAL {{ ?item ?precisionProp ?unit }} }}
        OPTIONAL {{ ?item dct:description ?description }}
    }}""")
    families = _families(store)
    items: dict[str, dict[str, Any]] = {}
    for r in rows:
        rank = int(r["rank"]) if r["rank"] else 9
        it = items.get(r["item"])
        if it is None or rank < it["rank"] or (rank == it["rank"] and r["kind"] < it["kind"]):
            cls = r["cls"].rsplit("#", 1)[-1]
            unit = (r["unit"] or "").rsplit("#unit", 1)[-1].lower() or "day"
            items[r["item"]] = {
                "item": r["item"], "date": r["date"] or "", "shown": at_precision(r["date"], r["unit"]),
                "precision": unit if r["date"] else "", "rank": rank, "title": r["title"], "kind": r["kind"],
                "family": families.get(cls, "Office" if cls == "TermOfOffice" else "Other"),
                "description": r["description"] or "",
                "sectors": [], "places": [], "participants": [], "sources": [], "outcomes": []}
    if not items:
        return []
    values = " ".join(f"<{i}>" for i in items)
    lists = {
        "sectors": "?item cj:sector/skos:notation ?v",
        "places": '?item cj:place/rdfs:label ?v FILTER (lang(?v) = "en")',
        "participants": f'?item ?p ?actor . {_ACTOR} ?actor rdfs:label ?v FILTER (lang(?v) = "en")',
        "outcomes": "?item cj:outcome ?v",
    }
    for key, pattern in lists.items():
        for r in select(store, f"SELECT DISTINCT ?item ?v WHERE {{ VALUES ?item {{ {values} }} {pattern} }} "
                               "ORDER BY ?item ?v"):
            items[r["item"]][key].append(r["v"])
    for item, cited in sources_of(store, list(items)).items():
        items[item]["sources"] = cited
    out = []
    for it in items.values():
        it.pop("rank")
        if sector and sector not in it["sectors"]:
            continue
        if (start or end) and not it["date"]:
            continue
        if start and it["date"] < start:
            continue
        if end and it["date"] > end:
            continue
        out.append(it)
    return sorted(out, key=lambda it: (not it["date"], it["date"], it["title"], it["item"]))


def export_timeline(out: Path | str = "out", target: Path | str | None = None, sector: str | None = None,
                    start: str | None = None, end: str | None = None) -> tuple[Path, int]:
    """Write OUT/timeline.html (or `target`); returns the path and the number of items. Filters that
    leave nothing are an error, and the page already there stays as it was."""
    from . import filters
    from .errors import NothingSelected
    from .html_export import output_path
    from .store import open_store

    path = output_path(target, Path(out) / "timeline.html")
    store = open_store(Path(out))
    first, last = filters.period(start, end)
    notation = filters.sector(store, sector).notation if sector else None
    items = timeline_items(store, notation, first.isoformat() if first else None, last.isoformat() if last else None)
    if not items:
        given = filters.as_typed(sector=sector, from_=start, to=end) or "the build"
        raise NothingSelected(f"no dated facts with {given}; {path} was not written")
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    sectors = sorted({s for i in items for s in i["sectors"]})
    kinds = sorted({i["kind"] for i in items})
    families = [f for f in PALETTE if any(i["family"] == f for i in items)]
    page = env.get_template("timeline.html").render(items=items, sectors=sectors, kinds=kinds,
                                                    palette={f: PALETTE[f] for f in families})
    write_atomically(path, page)
    return path, len(items)
