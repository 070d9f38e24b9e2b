"""`cjkg html`: the graph as one self-contained, interactive HTML page (vis-network + our own template).

The page is our template, with the vis-network script and styles that PyVis ships inlined, so that
nothing is fetched from the web (PyVis's own template links Bootstrap from a CDN). The node and edge
lists are the ones PyVis's Network would build, written here: importing PyVis loads IPython, 0.4 s
of CPU that the page does not need. Every text from the curated data reaches the page as JSON data
and is put on screen with textContent, never as HTML.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader

from . import filters
from .errors import NothingSelected, OutputError, QueryError
from .metrics import DEFAULT_SEED, centrality
from .namespaces import CJ, CJD, ORG, curie
from .projections import Window, project
from .resolve import fold, resolve
from .sparql import select

TEMPLATES = Path(__file__).parent / "templates"
PYVIS_TEMPLATES = Path(next(iter(importlib.util.find_spec("pyvis").submodule_search_locations))) / "templates"
HIDDEN_TYPES = {"TermOfOffice"}  # shown through the org:holds shortcut and in the panels' offices
SIZE_BY = ("pagerank", "betweenness", "degree", "weighted_degree", "eigenvector", "harmonic")
OVERVIEW_NODES = 300  # the default page: the most central actors, a number a reader can take in
FULL_NODES = 1500  # the entities graph behind the page's toggle
FACTS_PER_NODE = 300  # facts listed in a panel (the most recent); the rest are counted
SOURCES_PER_NODE = 120  # sources listed in an actor's panel; a fact's panel lists all of its own
# Okabe–Ito's colour-blind-safe colours for the actors and the busiest facts, Paul Tol's muted
# scheme for the rest; every colour drawn has its line in the legend.
PALETTE = {
    "Person": "#0072B2", "Country": "#D55E00", "Organisation": "#009E73", "Agreement": "#CC79A7",
    "Event": "#E69F00", "Project": "#F0E442", "Place": "#56B4E9", "Office": "#44AA99",
    "Statement": "#882255", "Observation": "#DDCC77", "RelationshipStage": "#332288", "Other": "#999999",
}
# A class under several of these belongs to the first (a Country is also a Place).
FAMILIES = ("Person", "Country", "Organisation", "Office", "Agreement", "Event", "Project", "Statement",
            "Observation", "RelationshipStage", "Place")


# A fact's date, in order of preference, each with the property that gives its precision.
DATED = ("VALUES (?dateProp ?precisionProp ?rank) { (cj:date cj:datePrecision 1) "
         "(cj:dateSigned cj:dateSignedPrecision 2) (cj:startDate cj:startDatePrecision 3) "
         "(cj:openingDate cj:openingDatePrecision 4) }")


def at_precision(day: str | None, unit: str | None) -> str:
    """An ISO date cut to the precision its source gives: 2013 for a year, 2013-05 for a month."""
    if not day:
        return ""
    unit = (unit or "").rsplit("#unit", 1)[-1].lower()
    return day[:4] if unit == "year" else day[:7] if unit == "month" else day


@dataclass
class Export:
    """What an export holds: the vis-network data and what the page says about it."""

    html: str
    nodes: int
    edges: int
    left_out: int
    meta: dict[str, Any] = field(default_factory=dict)


def _families(store: ox.Store) -> dict[str, str]:
    """Class local name -> the legend family it belongs to (Summit -> Event, Company -> Organisation)."""
    values = " ".join(f"cj:{f}" for f in FAMILIES)
    rows = select(store, f"""SELECT ?cls ?top WHERE {{ ?cls rdfs:subClassOf* ?top . VALUES ?top {{ {values} }} }}""")
    out: dict[str, str] = {}
    for r in rows:
        cls, top = r["cls"].rsplit("#", 1)[-1], r["top"].rsplit("#", 1)[-1]
        if cls not in out or FAMILIES.index(top) < FAMILIES.index(out[cls]):
            out[cls] = top
    return out


def node_details(store: ox.Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Type label, names in every language, aliases, folded names (for the search box), description,
    dates, sectors and outcomes of each node, by SPARQL."""
    if not ids:
        return {}
    values = " ".join(f"<{i}>" for i in ids)
    out: dict[str, dict[str, Any]] = {i: {"aliases": [], "sectors": [], "outcomes": [], "names": []} for i in ids}
    for r in select(store, f"""SELECT ?n ?kind ?description ?start ?end ?confidence WHERE {{
            VALUES ?n {{ {values} }}
            OPTIONAL {{ ?n a ?c . ?c rdfs:label ?kind FILTER (lang(?kind) = "en") }}
            OPTIONAL {{ ?n dct:description ?description }}
            OPTIONAL {{ ?n cj:date|cj:dateSigned|cj:startDate|cj:openingDate|cj:attestedFrom ?start }}
            OPTIONAL {{ ?n cj:endDate|cj:attestedUntil ?end }}
            OPTIONAL {{ ?n cj:confidence ?confidence }} }}"""):
        d = out[r["n"]]
        for k in ("kind", "description", "confidence"):
            if r[k] and not d.get(k):
                d[k] = r[k]
        if r["start"] and (not d.get("start") or r["start"] < d["start"]):
            d["start"] = r["start"]
        if r["end"] and (not d.get("end") or r["end"] > d["end"]):
            d["end"] = r["end"]
    for r in select(store, f"""SELECT ?n ?alias WHERE {{ VALUES ?n {{ {values} }} ?n skos:altLabel ?alias }}
                               ORDER BY ?n ?alias"""):
        out[r["n"]]["aliases"].append(r["alias"])
    for r in select(store, f"""SELECT DISTINCT ?n ?name (LANG(?name) AS ?lang) WHERE {{ VALUES ?n {{ {values} }}
                               ?n rdfs:label ?name FILTER (lang(?name) != "en") }} ORDER BY ?n ?lang ?name"""):
        out[r["n"]]["names"].append({"name": r["name"], "lang": r["lang"]})
    keys: dict[str, set[str]] = {i: set() for i in ids}
    for r in select(store, f"""SELECT ?n ?name WHERE {{ VALUES ?n {{ {values} }}
                               ?n rdfs:label|skos:altLabel|skos:prefLabel ?name }}"""):
        keys[r["n"]].add(fold(r["name"]))
    for i in ids:
        out[i]["keys"] = sorted(keys[i] - {""})
    for r in select(store, f"""SELECT ?n ?sector WHERE {{ VALUES ?n {{ {values} }} ?n cj:sector/skos:notation ?sector }}
                               ORDER BY ?n ?sector"""):
        out[r["n"]]["sectors"].append(r["sector"])
    for r in select(store, f"""SELECT ?n ?o WHERE {{ VALUES ?n {{ {values} }} ?n cj:outcome ?o }} ORDER BY ?n ?o"""):
        out[r["n"]]["outcomes"].append(r["o"])
    return out


def offices_of(store: ox.Store, ids: list[str]) -> dict[str, list[dict[str, str]]]:
    """Each person's terms of office (office, from, to), in date order."""
    values = " ".join(f"<{i}>" for i in ids)
    out: dict[str, list[dict[str, str]]] = {}
    for r in select(store, f"""SELECT ?n ?office ?start ?sp ?end ?ep ?from ?until WHERE {{ VALUES ?n {{ {values} }}
            ?term a cj:TermOfOffice ; org:member ?n ; cj:office/rdfs:label ?office FILTER (lang(?office) = "en")
            OPTIONAL {{ ?term cj:startDate ?start OPTIONAL {{ ?term cj:startDatePrecision ?sp }} }}
            OPTIONAL {{ ?term cj:endDate ?end OPTIONAL {{ ?term cj:endDatePrecision ?ep }} }}
            OPTIONAL {{ ?term cj:attestedFrom ?from }} OPTIONAL {{ ?term cj:attestedUntil ?until }}
        }} ORDER BY ?n COALESCE(?start, ?from, ?end) ?office"""):
        out.setdefault(r["n"], []).append({"office": r["office"], "start": at_precision(r["start"], r["sp"]),
                                           "end": at_precision(r["end"], r["ep"]),
                                           "from": r["from"] or "", "until": r["until"] or ""})
    return out


TIER_ORDER = ("official", "intergovernmental", "news", "academic", "reference", "copy", "user-generated")


def fact_dates(store: ox.Store) -> dict[str, tuple[str, str]]:
    """Every fact's date as the pages show it (at its precision) and as it sorts (ISO day): its date,
    date of signature, start or opening, in that order of preference. One pass over the store, which
    beats a VALUES block of tens of thousands of facts."""
    best: dict[str, tuple[int, str, str]] = {}
    for r in select(store, f"""SELECT ?f ?date ?unit ?rank WHERE {{ {DATED} ?f ?dateProp ?date ; cj:confidence ?c .
                               OPTIONAL {{ ?f ?precisionProp ?unit }} }}"""):
        rank = int(r["rank"])
        if r["f"] not in best or rank < best[r["f"]][0]:
            best[r["f"]] = (rank, at_precision(r["date"], r["unit"]), r["date"])
    return {f: (shown, day) for f, (_, shown, day) in best.items()}


def cited_sources(store: ox.Store) -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    """What every resource cites, and every source the `sources-of` query counts (with a URL, a
    publisher and a tier): URL, publisher, publication date, tier. Two passes over the store."""
    table = {r["s"]: {"url": r["url"], "publisher": r["publisher"], "published": r["issued"] or "", "tier": r["tier"]}
             for r in select(store, """SELECT ?s ?url ?publisher ?tier ?issued WHERE {
                 ?s schema:url ?url ; dct:publisher/rdfs:label ?publisher ; cj:tier/skos:notation ?tier .
                 OPTIONAL { ?s dct:issued ?issued } }""")}
    cites: dict[str, list[str]] = {}
    for r in select(store, "SELECT ?n ?s WHERE { ?n prov:wasDerivedFrom ?s }"):
        if r["s"] in table:
            cites.setdefault(r["n"], []).append(r["s"])
    return cites, table


def _source_key(source: dict[str, str]) -> tuple[int, str, str]:
    """Official sources first, then by date, newest first."""
    tier = TIER_ORDER.index(source["tier"]) if source["tier"] in TIER_ORDER else len(TIER_ORDER)
    return tier, "".join(chr(0x10FFFF - ord(c)) for c in source["published"]), source["url"]


def evidence(store: ox.Store, ids: list[str]) -> tuple[dict[str, list[list[Any]]], dict[str, list[int]],
                                                       dict[str, tuple[int, int]], dict[str, dict[str, Any]],
                                                       list[dict[str, str]]]:
    """What stands behind each node, as `sources-of` finds it: the facts that name it (with the role,
    the property's label; the FACTS_PER_NODE most recent), the node's sources (its own and all its
    facts'; a fact's all, another node's SOURCES_PER_NODE first by tier and date), the numbers of its
    sources and facts, the facts listed (title, date, kind, sectors, own sources), and the source table they index."""
    values = " ".join(f"<{i}>" for i in ids)
    roles = {r["p"]: r["role"] for r in select(store, """SELECT ?p ?role WHERE {
        ?p a owl:ObjectProperty ; rdfs:label ?role FILTER (lang(?role) = "en") }""")}
    linked: dict[str, dict[str, set[str]]] = {}
    # The patterns of the `sources-of` named query (graph/queries/sources-of.rq), one query each:
    # Oxigraph answers them separately in a fraction of the time of their union.
    for pattern, link in (("?fact ?p ?entity ; cj:confidence ?isAFact .", None),
                          ("?fact cj:signature/cj:signer ?entity .", CJ + "signer"),
                          ("?fact org:member ?entity .", ORG + "member")):
        for r in select(store, f"SELECT DISTINCT ?entity ?fact ?p WHERE {{ VALUES ?entity {{ {values} }} {pattern} }}"):
            if r["fact"] != r["entity"]:
                found = linked.setdefault(r["entity"], {}).setdefault(r["fact"], set())
                p = r.get("p") or link or ""
                found.add(roles.get(p) or p.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    dates = fact_dates(store)
    cites, sources = cited_sources(store)
    behind: dict[str, list[list[Any]]] = {}
    chosen: dict[str, list[str]] = {}
    totals: dict[str, tuple[int, int]] = {}
    rank: dict[str, tuple[int, str, str]] = {}  # each source's key, computed once (hubs cite tens of thousands)
    for entity in ids:
        mine = linked.get(entity, {})
        recent = sorted(mine, key=lambda f: (dates.get(f, ("", ""))[1], f), reverse=True)[:FACTS_PER_NODE]
        behind[entity] = [[f, sorted(mine[f])] for f in recent]
        found = set(cites.get(entity, ()))
        for f in mine:
            found.update(cites.get(f, ()))
        totals[entity] = (len(found), len(mine))
        for s in found:
            if s not in rank:
                rank[s] = _source_key(sources[s])
        ordered = sorted(found, key=rank.__getitem__)
        chosen[entity] = ordered if entity in dates or len(ordered) <= SOURCES_PER_NODE else ordered[:SOURCES_PER_NODE]
    listed = sorted({f for rows in behind.values() for f, _ in rows} | set(ids))
    facts: dict[str, dict[str, Any]] = {}
    fvalues = " ".join(f"<{i}>" for i in listed)
    for r in select(store, f"""SELECT ?f ?title ?kind WHERE {{ VALUES ?f {{ {fvalues} }}
            ?f cj:confidence ?c . OPTIONAL {{ ?f rdfs:label ?title FILTER (lang(?title) = "en") }}
            OPTIONAL {{ ?f a ?cls . ?cls rdfs:label ?kind FILTER (lang(?kind) = "en") }} }}"""):
        f = facts.setdefault(r["f"], {"title": r["title"] or r["f"].rsplit("/", 1)[-1], "kind": "",
                                      "date": dates.get(r["f"], ("", ""))[0], "sectors": [], "sources": []})
        if r["kind"] and (not f["kind"] or r["kind"] < f["kind"]):
            f["kind"] = r["kind"]
    for r in select(store, f"""SELECT ?f ?sector WHERE {{ VALUES ?f {{ {fvalues} }}
                               ?f cj:sector/skos:notation ?sector }} ORDER BY ?f ?sector"""):
        if r["f"] in facts:
            facts[r["f"]]["sectors"].append(r["sector"])
    used = sorted({s for v in chosen.values() for s in v} | {s for f in facts for s in cites.get(f, ())},
                  key=lambda s: (sources[s]["published"], sources[s]["url"]))
    index = {s: i for i, s in enumerate(used)}
    for f, d in facts.items():
        d["sources"] = sorted(index[s] for s in set(cites.get(f, ())))
    cited = {v: sorted(index[s] for s in chosen[v]) for v in ids}
    return behind, cited, totals, facts, [sources[s] for s in used]


def in_sector(g: nx.Graph, store: ox.Store, sector: str) -> nx.Graph:
    """The facts in `sector` (an IRI) and what they link; in a network of actors, the actors of
    those facts."""
    rows = select(store, f"""SELECT DISTINCT ?n WHERE {{ ?f cj:sector <{sector}> .
                             {{ BIND (?f AS ?n) }} UNION {{ ?f ?p ?n FILTER (isIRI(?n)) }} }}""")
    named = {r["n"] for r in rows} & set(g.nodes)
    seeds = {r["n"] for r in select(store, f"SELECT DISTINCT ?n WHERE {{ ?n cj:sector <{sector}> }}")} & set(g.nodes)
    keep = set(seeds) if seeds else named
    for v in seeds:
        keep.update(nx.all_neighbors(g, v))
    return g.subgraph(keep).copy()


def around(g: nx.Graph, focus: str, depth: int) -> nx.Graph:
    """The nodes at most `depth` steps from `focus` (an IRI)."""
    if focus not in g:
        raise NothingSelected(f"{curie(focus)} is not in the exported graph (check --from/--to and --sector)")
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    return g.subgraph(nx.ego_graph(u, focus, radius=depth).nodes).copy()


def layout(graph: nx.Graph, seed: int = DEFAULT_SEED, scale: float = 1600.0) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions within ±scale, by rustworkx: in Rust, a quarter of a second for a
    thousand nodes where networkx's spring layout takes three to five seconds; seeded, so that equal
    graphs get equal pages."""
    import rustworkx as rx

    nodes = sorted(graph.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    g = rx.PyGraph()
    g.add_nodes_from(nodes)
    # log weights: the two states share a fact with nearly everyone, and full weights pull all into one knot
    g.add_edges_from(sorted((index[a], index[b], 1.0 + math.log(float(d.get("weight", 1))))
                            for a, b, d in graph.edges(data=True)))
    spread = 8.0 / max(len(nodes), 1) ** 0.5  # spaced as networkx's layout with k = 3/sqrt(n) was
    found = rx.spring_layout(g, k=spread, num_iter=100 if len(nodes) <= 500 else 50, seed=seed, weight_fn=float,
                             scale=scale)
    return {v: (round(found[i][0], 1), round(found[i][1], 1)) for v, i in index.items()}


Progress = Callable[[str], None]


@dataclass
class View:
    """One network the page can show: its nodes (with positions) and edges, as vis-network takes them."""

    name: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    total: int
    left_out: int


def make_view(name: str, graph: nx.Graph, families: dict[str, str], size_by: str, max_nodes: int, seed: int,
              say: Progress) -> View:
    """The `max_nodes` most central nodes of `graph`, sized by `size_by` and laid out ahead (seeded)."""
    graph = graph.subgraph([v for v, d in graph.nodes(data=True) if d.get("type") not in HIDDEN_TYPES]).copy()
    total = graph.number_of_nodes()
    say(f"sizing {total} nodes of the {name} graph by {size_by}")
    scores = {v: float(x) for v, x in centrality(graph, size_by).items()}
    if total > max_nodes:  # an overview shows the connected network: pairs apart from it are not central
        undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
        largest = max(nx.connected_components(undirected), key=len)
        graph = graph.subgraph(sorted(largest, key=lambda v: (-scores.get(v, 0.0), v))[:max_nodes]).copy()
    left_out = total - graph.number_of_nodes()
    say(f"laying out {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges")
    positions = layout(graph, seed)
    top = max([scores[v] for v in graph.nodes] or [1.0]) or 1.0
    nodes = []
    for v in sorted(graph.nodes):
        d = graph.nodes[v]
        family = families.get(d.get("type", ""), "Other")
        nodes.append({"id": v, "x": positions[v][0], "y": positions[v][1], "family": family,
                      "color": PALETTE.get(family, PALETTE["Other"]), "cls": d.get("type", ""),
                      "value": round(1 + 99 * (scores[v] / top) ** 0.5, 3), "score": round(scores[v], 6)})
    edges = []
    for a, b, d in sorted(graph.edges(data=True)):
        relation = d.get("relation") or (f"{d.get('weight', 1)} shared facts" if "years" in d else "")
        edges.append({"from": a, "to": b, "title": relation, "width": min(0.6 + 0.6 * float(d.get("weight", 1)), 6),
                      "arrows": "to" if graph.is_directed() else ""})
    return View(name, nodes, edges, total, left_out)


def node_info(store: ox.Store, ids: list[str], say: Progress) -> tuple[dict[str, dict[str, Any]],
                                                                       dict[str, dict[str, Any]], list[dict[str, str]]]:
    """What each node's panel says (names, description, offices, facts with roles, sources), the
    facts it names, and the source table."""
    say(f"gathering the facts and sources behind {len(ids)} nodes")
    details = node_details(store, ids)
    offices = offices_of(store, ids)
    behind, cited, totals, facts, table = evidence(store, ids)
    info: dict[str, dict[str, Any]] = {}
    for v in ids:
        d = details.get(v, {})
        info[v] = {**d, "offices": offices.get(v, []), "facts": behind.get(v, []),
                   "sources": cited.get(v, []), "sources_total": totals.get(v, (0, 0))[0],
                   "facts_total": totals.get(v, (0, 0))[1]}
    used = {f for v in ids for f, _ in info[v]["facts"]} | (set(ids) & set(facts))
    return info, {f: facts[f] for f in sorted(used) if f in facts}, table


def build_page(store: ox.Store, graph: nx.Graph, title: str, size_by: str = "pagerank",
               max_nodes: int = OVERVIEW_NODES, seed: int = DEFAULT_SEED, subtitle: str = "",
               progress: Progress | None = None, full: nx.Graph | None = None, full_nodes: int = FULL_NODES,
               name: str = "actors") -> Export:
    """Render `graph` as the interactive page; `full`, if given, is the entities graph the page's
    toggle switches to."""
    say = progress or (lambda _m: None)
    families = _families(store)
    views = [make_view(name, graph, families, size_by, max_nodes, seed, say)]
    if full is not None:
        views.append(make_view("entities", full, families, size_by, full_nodes, seed, say))
    ids = sorted({n["id"] for view in views for n in view.nodes})
    labels = {v: d.get("label") or v for g in (graph, full) if g is not None for v, d in g.nodes(data=True)}
    info, facts, table = node_info(store, ids, say)
    for v in ids:
        info[v]["label"] = labels.get(v, v)
    options = json.dumps({
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "hideEdgesOnDrag": True},
        "nodes": {"shape": "dot", "borderWidth": 1, "color": {"border": "#333333"},
                  "scaling": {"min": 5, "max": 40, "label": {"enabled": False}}},
        "edges": {"smooth": False, "color": {"inherit": False, "color": "#c8c8c8", "highlight": "#555"},
                  "arrows": {"to": {"scaleFactor": 0.35}}, "selectionWidth": 2},
        "layout": {"randomSeed": seed, "improvedLayout": False},
    }, sort_keys=True)
    first = views[0]
    used_families = sorted({n["family"] for view in views for n in view.nodes},
                           key=lambda f: (FAMILIES + ("Other",)).index(f))
    meta = {"title": title, "subtitle": subtitle, "total": first.total, "shown": len(first.nodes),
            "left_out": first.left_out, "size_by": size_by,
            "sources_listed": SOURCES_PER_NODE, "base": CJD, "palette": {f: PALETTE[f] for f in used_families},
            "families": used_families, "views": [v.name for v in views],
            "sectors": sorted({s for v in ids for s in info[v].get("sectors", [])}
                              | {s for f in facts.values() for s in f["sectors"]})}
    data = {v.name: {"nodes": v.nodes, "edges": v.edges, "total": v.total, "left_out": v.left_out}
            for v in views}
    env = Environment(loader=FileSystemLoader([str(TEMPLATES), str(PYVIS_TEMPLATES)]), autoescape=False)
    say("writing the page")
    page = env.get_template("graph.html").render(cjkg=meta, views=data, info=info, facts=facts, sources=table,
                                                 options=options)
    return Export(page, len(first.nodes), len(first.edges), first.left_out, meta)


def export_html(out: Path | str = "out", target: Path | str | None = None, projection: str = "actors",
                focus: str | None = None, depth: int = 1, sector: str | None = None, start: str | None = None,
                end: str | None = None, max_nodes: int | None = None, size_by: str = "pagerank",
                seed: int = DEFAULT_SEED, progress: Progress | None = None,
                full: bool = True) -> tuple[Path, Export]:
    """Write the interactive page of the build in `out` (default OUT/graph.html): the `projection`
    (the actors, by default: the most central 300) and, with `full`, the entities graph behind a
    toggle. Filters that leave nothing to show are an error, and the page already there stays as it was."""
    from .store import cached_store

    if size_by not in SIZE_BY:
        raise QueryError(f"--size-by takes one of: {', '.join(SIZE_BY)}")
    if max_nodes is None:
        max_nodes = FULL_NODES if projection == "entities" else OVERVIEW_NODES
    path = output_path(target, Path(out) / "graph.html")
    store = cached_store(Path(out))
    first, last = filters.period(start, end)
    window = Window(first, last, f"{start or '…'} to {end or '…'}" if (start or end) else "all")
    sector_iri = filters.sector(store, sector).iri if sector else None
    focus_iri = resolve(store, focus) if focus else None

    def narrowed(name: str) -> nx.Graph:
        if progress:
            progress(f"projecting the {name} network")
        graph = project(store, name, window)
        if not graph.number_of_nodes():
            given = filters.as_typed(from_=start, to=end) or "the build"
            raise NothingSelected(f"no facts in the {name} graph with {given}; {path} was not written")
        if sector_iri:
            graph = in_sector(graph, store, sector_iri)
            if not graph.number_of_nodes():
                raise NothingSelected(f"no facts in the {name} graph with "
                                      f"{filters.as_typed(sector=sector, from_=start, to=end)}; {path} was not written")
        if focus_iri:
            if focus_iri not in graph and name != "entities" and not (start or end or sector):
                raise NothingSelected(f"{focus} is not in the {name} network; --projection entities shows "
                                      "the neighbourhood of any entity or fact")
            graph = around(graph, focus_iri, depth)
        return graph

    graph = narrowed(projection)
    other = narrowed("entities") if full and projection != "entities" and not focus_iri else None
    parts = [f"{projection} graph", window.label if window.label != "all" else ""]
    if focus:
        parts.append(f"around {focus} (depth {depth})")
    if sector:
        parts.append(f"sector {sector}")
    title = "Cambodia–Japan Knowledge Graph"
    export = build_page(store, graph, title, size_by, max_nodes, seed, ", ".join(p for p in parts if p),
                        progress, other, name=projection)
    if not export.nodes:
        raise NothingSelected(f"nothing to show in the {projection} graph with these filters; {path} was not written")
    write_atomically(path, export.html)
    return path, export


def output_path(target: Path | str | None, default: Path) -> Path:
    """Where a page goes: `target` or `default`, in a folder that must exist (it is not created)."""
    path = Path(target) if target else default
    if not path.parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {path.parent} does not exist")
    return path


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file beside it, so a failure leaves the old file."""
    output_path(path, path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

