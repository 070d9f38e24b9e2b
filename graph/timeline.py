"""`cjkg html --timeline`: events and agreements in date order, grouped by year, in one offline page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader

from .html_export import TEMPLATES, sources_of, write_atomically
from .sparql import select


def timeline_items(store: ox.Store, sector: str | None = None, start: str | None = None,
                   end: str | None = None) -> list[dict[str, Any]]:
    """Every dated event and agreement (and stage of the relationship), with what a reader needs."""
    rows = select(store, """SELECT ?item ?date ?precision ?title ?kind ?family ?description WHERE {
        { ?item a/rdfs:subClassOf* cj:Event ; cj:date ?date . OPTIONAL { ?item cj:datePrecision ?p }
          BIND ("event" AS ?family) }
        UNION
        { ?item a/rdfs:subClassOf* cj:Agreement ; cj:dateSigned ?date . OPTIONAL { ?item cj:dateSignedPrecision ?p }
          BIND ("agreement" AS ?family) }
        UNION
        { ?item a cj:RelationshipStage ; cj:startDate ?date . OPTIONAL { ?item cj:startDatePrecision ?p }
          BIND ("stage" AS ?family) }
        ?item rdfs:label ?title ; a ?cls . FILTER (lang(?title) = "en")
        ?cls rdfs:label ?kind FILTER (lang(?kind) = "en")
        OPTIONAL { ?item dct:description ?description }
        BIND (COALESCE(LCASE(STRAFTER(STR(?p), "#unit")), "day") AS ?precision)
    } ORDER BY ?date ?title""")
    items = {r["item"]: {**r, "sectors": [], "places": [], "participants": [], "sources": [], "outcomes": []}
             for r in rows}
    if not items:
        return []
    values = " ".join(f"<{i}>" for i in items)
    lists = {
        "sectors": "?item cj:sector/skos:notation ?v",
        "places": '?item cj:place/rdfs:label ?v FILTER (lang(?v) = "en")',
        "participants": '?item cj:participant|cj:party|cj:signedBy ?x . ?x rdfs:label ?v FILTER (lang(?v) = "en")',
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
        if sector and sector not in it["sectors"]:
            continue
        if start and it["date"] < start:
            continue
        if end and it["date"] > end:
            continue
        out.append({k: ("" if v is None else v) for k, v in it.items()})
    return sorted(out, key=lambda it: (it["date"], it["title"]))


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
        raise NothingSelected(f"no events or agreements with {given}; {path} was not written")
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    sectors = sorted({s for i in items for s in i["sectors"]})
    kinds = sorted({i["kind"] for i in items})
    page = env.get_template("timeline.html").render(items=items, sectors=sectors, kinds=kinds)
    write_atomically(path, page)
    return path, len(items)
