"""The timeline page: every fact in date order, grouped by year, with an overview of activity per year
(stacked by family) that jumps to a year or filters a range; undated facts come last. One offline page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader

from .html_export import PALETTE, TEMPLATES, _families, cited_sources, fact_dates, write_atomically
from .sparql import select


def timeline_items(store: ox.Store, sector: str | None = None, start: str | None = None,
                   end: str | None = None, table: list[dict[str, str]] | None = None) -> list[dict[str, Any]]:
    """Every fact (events, agreements, statements, projects, stages, terms, observations) with what a
    reader needs; dated by its date, date of signature, start or opening (in that order of preference),
    at the precision its source gives. Undated facts come last, and only when no period is asked for.
    Each fact's sources are dicts, or indices into `table` when a list is given (filled here)."""
    rows = select(store, """SELECT ?item ?title ?cls ?kind ?description WHERE {
        ?item cj:confidence ?c ; rdfs:label ?title ; a ?cls . FILTER (lang(?title) = "en")
        ?cls rdfs:label ?kind FILTER (lang(?kind) = "en")
        OPTIONAL { ?item dct:description ?description } }""")
    families = _families(store)
    dates = fact_dates(store)
    units = {f: {4: "year", 7: "month"}.get(len(shown), "day") for f, (shown, _) in dates.items()}
    items: dict[str, dict[str, Any]] = {}
    for r in rows:
        it = items.get(r["item"])
        if it is not None and r["kind"] >= it["kind"]:
            continue
        cls = r["cls"].rsplit("#", 1)[-1]
        shown, day = dates.get(r["item"], ("", ""))
        items[r["item"]] = {
            "item": r["item"], "date": day, "shown": shown, "precision": units.get(r["item"], ""),
            "title": r["title"], "kind": r["kind"],
            "family": families.get(cls, "Office" if cls == "TermOfOffice" else "Other"),
            "description": r["description"] or "",
            "sectors": [], "places": [], "participants": [], "sources": [], "outcomes": []}
    if not items:
        return []
    actor_classes = " ".join(f"<{r['c']}>" for r in select(store, """SELECT DISTINCT ?c WHERE {
        { ?c rdfs:subClassOf* cj:Organisation } UNION { VALUES ?c { cj:Person cj:Country } } }"""))
    # One pass over the facts for each list: faster than a VALUES block of every fact.
    lists = {
        "sectors": "?item cj:sector/skos:notation ?v",
        "places": '?item cj:place/rdfs:label ?v FILTER (lang(?v) = "en")',
        "participants": f'?item ?p ?actor . ?actor a ?ac . VALUES ?ac {{ {actor_classes} }} '
                        '?actor rdfs:label ?v FILTER (lang(?v) = "en")',
        "outcomes": "?item cj:outcome ?v",
    }
    for key, pattern in lists.items():
        for r in select(store, f"SELECT DISTINCT ?item ?v WHERE {{ ?item cj:confidence ?c . {pattern} }}"):
            if r["item"] in items:
                items[r["item"]][key].append(r["v"])
    cites, sources = cited_sources(store)
    index: dict[str, int] = {}
    for item, it in items.items():
        for key in lists:
            it[key].sort()
        cited = sorted(cites.get(item, ()), key=lambda s: (sources[s]["published"], sources[s]["url"]))
        if table is None:
            it["sources"] = [sources[s] for s in cited]
        else:
            for s in cited:
                if s not in index:
                    index[s] = len(table)
                    table.append(sources[s])
            it["sources"] = [index[s] for s in cited]
    out = []
    for it in items.values():
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
    from .store import cached_store

    path = output_path(target, Path(out) / "timeline.html")
    store = cached_store(Path(out))  # the graph page's copy when both pages are written in one run
    first, last = filters.period(start, end)
    notation = filters.sector(store, sector).notation if sector else None
    table: list[dict[str, str]] = []
    items = timeline_items(store, notation, first.isoformat() if first else None, last.isoformat() if last else None,
                           table)
    if not items:
        given = filters.as_typed(sector=sector, from_=start, to=end) or "the build"
        raise NothingSelected(f"no dated facts with {given}; {path} was not written")
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    sectors = sorted({s for i in items for s in i["sectors"]})
    kinds = sorted({i["kind"] for i in items})
    families = [f for f in PALETTE if any(i["family"] == f for i in items)]
    page = env.get_template("timeline.html").render(items=items, sectors=sectors, kinds=kinds, sources=table,
                                                    palette={f: PALETTE[f] for f in families})
    write_atomically(path, page)
    return path, len(items)
