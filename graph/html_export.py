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
from .namespaces import curie
from .projections import Window, project
from .resolve import fold, resolve
from .sparql import select

TEMPLATES = Path(__file__).parent / "templates"
PYVIS_TEMPLATES = Path(next(iter(importlib.util.find_spec("pyvis").submodule_search_locations))) / "templates"
LAYOUT_ABOVE = 400  # above this many nodes the layout is computed ahead and physics stays off
HIDDEN_TYPES = {"TermOfOffice"}  # shown through the org:holds shortcut instead
SIZE_BY = ("pagerank", "betweenness", "degree", "weighted_degree", "eigenvector", "harmonic")
PALETTE = {
    "Person": "#1f77b4", "Country": "#d62728", "Organisation": "#2ca02c", "Agreement": "#9467bd",
    "Event": "#ff7f0e", "Project": "#8c564b", "Place": "#17becf", "Office": "#7f7f7f",
    "Statement": "#bcbd22", "Observation": "#e377c2", "RelationshipStage": "#393b79", "Other": "#aaaaaa",
}


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
    rows = select(store, """SELECT ?cls ?top WHERE { ?cls rdfs:subClassOf* ?top .
        VALUES ?top { cj:Person cj:Country cj:Organisation cj:Agreement cj:Event cj:Project cj:Place cj:Office
                      cj:Statement cj:Observation cj:RelationshipStage } }""")
    return {r["cls"].rsplit("#", 1)[-1]: r["top"].rsplit("#", 1)[-1] for r in rows}


def node_details(store: ox.Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Type label, aliases, folded names (for the search box), description, dates, sectors and
    sources of each node, by SPARQL."""
    if not ids:
        return {}
    values = " ".join(f"<{i}>" for i in ids)
    out: dict[str, dict[str, Any]] = {i: {"aliases": [], "sectors": [], "sources": [], "outcomes": []} for i in ids}
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
    for node, cited in sources_of(store, ids).items():
        out[node]["sources"] = cited
    return out


def sources_of(store: ox.Store, ids: list[str]) -> dict[str, list[dict[str, str]]]:
    """The sources each resource cites directly: URL, publisher, publication date."""
    values = " ".join(f"<{i}>" for i in ids)
    out: dict[str, list[dict[str, str]]] = {}
    for r in select(store, f"""SELECT ?n ?url ?publisher ?issued WHERE {{ VALUES ?n {{ {values} }}
            ?n prov:wasDerivedFrom ?s . ?s schema:url ?url ; dct:publisher/rdfs:label ?publisher .
            OPTIONAL {{ ?s dct:issued ?issued }} }} ORDER BY ?n ?issued ?url"""):
        out.setdefault(r["n"], []).append({"url": r["url"], "publisher": r["publisher"],
                                           "published": r["issued"] or ""})
    return out


def select_nodes(g: nx.Graph, scores: dict[str, float], max_nodes: int) -> tuple[nx.Graph, int]:
    """Keep the `max_nodes` highest-scoring nodes (ties by id); return the subgraph and how many went."""
    if g.number_of_nodes() <= max_nodes:
        return g, 0
    keep = sorted(g.nodes, key=lambda v: (-scores.get(v, 0.0), v))[:max_nodes]
    return g.subgraph(keep).copy(), g.number_of_nodes() - max_nodes


def in_sector(g: nx.Graph, store: ox.Store, sector: str) -> nx.Graph:
    """The facts in `sector` (an IRI) and what they link."""
    seeds = {r["n"] for r in select(store, f"SELECT DISTINCT ?n WHERE {{ ?n cj:sector <{sector}> }}")} & set(g.nodes)
    keep = set(seeds)
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
    g.add_edges_from(sorted((index[a], index[b], float(d.get("weight", 1))) for a, b, d in graph.edges(data=True)))
    spread = 8.0 / max(len(nodes), 1) ** 0.5  # spaced as networkx's layout with k = 3/sqrt(n) was
    found = rx.spring_layout(g, k=spread, num_iter=50, seed=seed, weight_fn=float, scale=scale)
    return {v: (round(found[i][0], 1), round(found[i][1], 1)) for v, i in index.items()}


Progress = Callable[[str], None]


def build_page(store: ox.Store, graph: nx.Graph, title: str, size_by: str = "pagerank", max_nodes: int = 1500,
               seed: int = DEFAULT_SEED, subtitle: str = "", progress: Progress | None = None) -> Export:
    """Render `graph` as the interactive page."""
    say = progress or (lambda _m: None)
    graph = graph.subgraph([v for v, d in graph.nodes(data=True) if d.get("type") not in HIDDEN_TYPES]).copy()
    total = graph.number_of_nodes()
    say(f"sizing {total} nodes by {size_by}")
    scores = {v: float(x) for v, x in centrality(graph, size_by, seed).items()}
    graph, left_out = select_nodes(graph, scores, max_nodes)
    details = node_details(store, sorted(graph.nodes))
    families = _families(store)
    top = max([scores[v] for v in graph.nodes] or [1.0]) or 1.0
    ahead = graph.number_of_nodes() > LAYOUT_ABOVE
    if ahead:
        say(f"laying out {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges")
    positions = layout(graph, seed) if ahead else {}

    nodes: list[dict[str, Any]] = []
    for v in sorted(graph.nodes):
        d = graph.nodes[v]
        family = families.get(d.get("type", ""), "Other")
        info = details.get(v, {})
        extra: dict[str, Any] = {"x": positions[v][0], "y": positions[v][1]} if ahead else {}
        nodes.append(dict(
            id=v, shape="dot", label=d.get("label") or v,
            title=f"{d.get('label', v)} ({info.get('kind') or d.get('type')})",
            color=PALETTE.get(family, PALETTE["Other"]), value=round(1 + 99 * (scores[v] / top) ** 0.5, 3),
            family=family, cls=d.get("type", ""), kind=info.get("kind", ""),
            aliases=info.get("aliases", []), sectors=info.get("sectors", []),
            start=info.get("start") or "", end=info.get("end") or "",
            description=info.get("description") or "", outcomes=info.get("outcomes", []),
            confidence=info.get("confidence") or "", sources=info.get("sources", []),
            keys=info.get("keys", []),
            score=round(scores[v], 6), **extra))
    edges: list[dict[str, Any]] = []
    for a, b, d in sorted(graph.edges(data=True)):
        relation = d.get("relation") or (f"{d.get('weight', 1)} shared facts" if "years" in d else "")
        edges.append({"from": a, "to": b, "title": relation, "width": min(0.6 + 0.6 * float(d.get("weight", 1)), 6),
                      "arrows": "to" if graph.is_directed() else ""})
    options = json.dumps({
        "physics": {"enabled": not ahead, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -45, "centralGravity": 0.02, "springLength": 70,
                                         "avoidOverlap": 0.3},
                    "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "nodes": {"shape": "dot", "scaling": {"min": 6, "max": 44,
                                              "label": {"enabled": True, "min": 12, "max": 44, "drawThreshold": 10,
                                                        "maxVisible": 26}}},
        "edges": {"smooth": False, "color": {"inherit": False, "color": "#c4c4c4", "highlight": "#555"},
                  "arrows": {"to": {"scaleFactor": 0.35}}, "selectionWidth": 2},
        "layout": {"randomSeed": seed, "improvedLayout": not ahead},
    }, sort_keys=True)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    largest = max(nx.connected_components(undirected), key=len) if graph.number_of_nodes() else set()
    meta = {"title": title, "subtitle": subtitle, "total": total, "shown": graph.number_of_nodes(),
            "fit": sorted(largest) if len(largest) < graph.number_of_nodes() else [],
            "left_out": left_out, "size_by": size_by, "palette": PALETTE, "layout_ahead": ahead,
            "families": sorted({families.get(d.get("type", ""), "Other") for _, d in graph.nodes(data=True)}),
            "sectors": sorted({s for v in graph.nodes for s in details.get(v, {}).get("sectors", [])})}
    env = Environment(loader=FileSystemLoader([str(TEMPLATES), str(PYVIS_TEMPLATES)]), autoescape=False)
    say("writing the page")
    page = env.get_template("graph.html").render(cjkg=meta, nodes=nodes, edges=edges, options=options)
    return Export(page, graph.number_of_nodes(), graph.number_of_edges(), left_out, meta)


def export_html(out: Path | str = "out", target: Path | str | None = None, projection: str = "entities",
                focus: str | None = None, depth: int = 1, sector: str | None = None, start: str | None = None,
                end: str | None = None, max_nodes: int = 1500, size_by: str = "pagerank",
                seed: int = DEFAULT_SEED, progress: Progress | None = None) -> tuple[Path, Export]:
    """Write the interactive page of the build in `out` (default OUT/graph.html). Filters that leave
    nothing to show are an error, and the page already there stays as it was."""
    from .store import cached_store

    if size_by not in SIZE_BY:
        raise QueryError(f"--size-by takes one of: {', '.join(SIZE_BY)}")
    path = output_path(target, Path(out) / "graph.html")
    store = cached_store(Path(out))
    first, last = filters.period(start, end)
    window = Window(first, last, f"{start or '…'} to {end or '…'}" if (start or end) else "all")
    sector_iri = filters.sector(store, sector).iri if sector else None
    if progress:
        progress(f"projecting the {projection} network")
    focus_iri = resolve(store, focus) if focus else None
    graph = project(store, projection, window)
    if not graph.number_of_nodes():
        given = filters.as_typed(from_=start, to=end) or "the build"
        raise NothingSelected(f"no facts in the {projection} graph with {given}; {path} was not written")
    if sector_iri:
        graph = in_sector(graph, store, sector_iri)
        if not graph.number_of_nodes():
            raise NothingSelected(f"no facts in the {projection} graph with "
                                  f"{filters.as_typed(sector=sector, from_=start, to=end)}; {path} was not written")
    if focus_iri:
        graph = around(graph, focus_iri, depth)
    parts = [f"{projection} graph", window.label if window.label != "all" else ""]
    if focus:
        parts.append(f"around {focus} (depth {depth})")
    if sector:
        parts.append(f"sector {sector}")
    title = "Cambodia–Japan Knowledge Graph"
    export = build_page(store, graph, title, size_by, max_nodes, seed, ", ".join(p for p in parts if p),
                        progress)
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

