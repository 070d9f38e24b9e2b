"""Network metrics of a projection, computed with NetworkX (PageRank and betweenness with rustworkx):
per node and for the graph as a whole.

Conventions (as in Gephi's statistics): PageRank, weighted degree and eigenvector centrality use
the edge `weight`; betweenness and closeness use hop counts; betweenness is NetworkX's normalised
value, computed exactly (from every source) by rustworkx; above `sample_above` nodes, closeness,
harmonic centrality and path lengths come from SciPy's searches. Every random step takes the seed,
so two runs give the same numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

DEFAULT_SEED = 42
SAMPLE_ABOVE = 2_000

COLUMNS = ("id", "label", "type", "degree", "weighted_degree", "in_degree", "out_degree", "betweenness",
           "closeness", "harmonic", "eigenvector", "pagerank", "hub", "authority", "core", "community",
           "component", "articulation_point")


@dataclass
class GraphFigures:
    nodes: int
    edges: int
    directed: bool
    density: float
    components: int
    largest_component: int
    diameter: int | None
    average_path_length: float | None
    communities: int
    modularity: float | None
    articulation_points: int
    bridges: int
    seed: int


@dataclass
class Metrics:
    """The figures of one network: a row per node (COLUMNS), graph-level figures, and communities."""

    nodes: list[dict[str, Any]]
    graph: GraphFigures
    communities: list[list[str]] = field(default_factory=list)
    bridges: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"graph": asdict(self.graph), "nodes": self.nodes, "communities": self.communities,
                "bridges": [list(b) for b in self.bridges]}


def _round(value: float) -> float:
    return round(float(value), 10)


def _eigenvector(u: nx.Graph) -> dict[str, float]:
    """Weighted eigenvector centrality per connected component (scaled by component size), so that a
    disconnected graph has a defined answer."""
    out: dict[str, float] = {}
    n = u.number_of_nodes()
    for comp in nx.connected_components(u):
        sub = u.subgraph(comp)
        if sub.number_of_edges() == 0:
            out.update({v: 0.0 for v in comp})
            continue
        if sub.number_of_nodes() < 3:  # ARPACK needs a few nodes; the power method is exact here
            ec = nx.eigenvector_centrality(sub, weight="weight", max_iter=2000, tol=1e-9)
        else:
            ec = nx.eigenvector_centrality_numpy(sub, weight="weight")
        share = len(comp) / n
        out.update({v: x * share for v, x in ec.items()})
    return out


def _distances(u: nx.Graph, largest: set, chunk: int = 512) -> tuple[dict, dict, int | None, float | None]:
    """Closeness, harmonic closeness, and the diameter and average path length of the largest component,
    from breadth-first searches in SciPy's compiled graph routines, a block of sources at a time.

    The same definitions as NetworkX (closeness scaled by the reachable share, as `wf_improved`), for
    graphs where a search from every node in Python would take too long."""
    import numpy as np
    from scipy.sparse.csgraph import shortest_path

    nodes = list(u.nodes)
    matrix = nx.to_scipy_sparse_array(u, nodelist=nodes, weight=None, format="csr")
    n = len(nodes)
    in_largest = np.array([v in largest for v in nodes])
    closeness, harmonic = {}, {}
    diameter, total, pairs = 0, 0.0, 0
    for start in range(0, n, chunk):
        rows = list(range(start, min(start + chunk, n)))
        dist = shortest_path(matrix, method="D", unweighted=True, directed=False, indices=rows)
        finite = np.isfinite(dist)
        for k, i in enumerate(rows):
            d = dist[k][finite[k]]
            reach = d.size  # including the node itself, at distance 0
            total_d = d.sum()
            c = (reach - 1) / total_d if total_d > 0 else 0.0
            closeness[nodes[i]] = c * (reach - 1) / (n - 1) if n > 1 else 0.0
            positive = d[d > 0]
            harmonic[nodes[i]] = float((1.0 / positive).sum())
            if in_largest[i]:
                inside = dist[k][in_largest]
                diameter = max(diameter, int(inside.max()))
                total += float(inside.sum())
                pairs += int(in_largest.sum()) - 1
    avg = total / pairs if pairs else None
    return closeness, harmonic, (diameter if len(largest) > 1 else None), avg


def pagerank(g: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank on the edge `weight`, as networkx defines it (an undirected edge counts both ways,
    dangling nodes spread evenly), computed by rustworkx: networkx's version builds a scipy matrix,
    which costs a fifth of a second of import and conversion on every page export. Iterated to a tolerance
    of 1e-10, nearer the exact solution (igraph's PRPACK) than networkx's default of 1e-6."""
    import rustworkx as rx

    if not g.number_of_nodes():
        return {}
    nodes = list(g.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    d = rx.PyDiGraph(multigraph=False)
    d.add_nodes_from(nodes)
    edges = [(index[a], index[b], float(w.get("weight", 1))) for a, b, w in g.edges(data=True)]
    if not g.is_directed():
        edges += [(b, a, w) for a, b, w in edges if a != b]
    d.extend_from_weighted_edge_list(edges)
    found = rx.pagerank(d, alpha=alpha, weight_fn=float, tol=1e-10, max_iter=1000)  # to the exact solution
    return {nodes[i]: float(found[i]) for i in d.node_indices()}


def betweenness(u: nx.Graph) -> dict[str, float]:
    """Exact normalised betweenness on hop counts of an undirected graph (NetworkX's values), by
    rustworkx's Brandes in one thread: several times faster than NetworkX's estimate from 500 sampled
    sources, and exact. (Its threads add the same terms in another order from run to run, and the
    last bits would then differ between two reports of the same graph.)"""
    import rustworkx as rx

    order = sorted(u.nodes)
    index = {v: i for i, v in enumerate(order)}
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(order)
    graph.add_edges_from_no_data(sorted((index[a], index[b]) for a, b in u.edges if a != b))
    if len(order) < 3:
        return {v: 0.0 for v in order}
    found = rx.betweenness_centrality(graph, normalized=True, parallel_threshold=len(order) + 1)
    return {v: float(found[i]) for v, i in index.items()}


def centrality(g: nx.Graph, name: str, sample_above: int = SAMPLE_ABOVE) -> dict[str, float]:
    """One centrality of every node, with the report's conventions: for sizing nodes of a large graph
    without computing the whole report."""
    u = g.to_undirected(as_view=True) if g.is_directed() else g
    if name == "pagerank":
        return pagerank(g)
    if name == "degree":
        return {v: float(d) for v, d in u.degree()}
    if name == "weighted_degree":
        return {v: float(d) for v, d in u.degree(weight="weight")}
    if name == "eigenvector":
        return _eigenvector(u)
    n = u.number_of_nodes()
    if name == "betweenness":
        return betweenness(u)
    if name == "harmonic":
        if n > sample_above:
            return _distances(u, set(max(nx.connected_components(u), key=len)))[1]
        return nx.harmonic_centrality(u)
    raise ValueError(f"unknown centrality {name}")


def compute(g: nx.Graph, seed: int = DEFAULT_SEED, sample_above: int = SAMPLE_ABOVE) -> Metrics:
    """Every metric of the report for graph `g` (directed or not)."""
    directed = g.is_directed()
    u = g.to_undirected(as_view=False) if directed else g
    n = g.number_of_nodes()
    order = sorted(g.nodes)

    degree = dict(u.degree())
    wdegree = dict(u.degree(weight="weight"))
    in_deg = dict(g.in_degree(weight="weight")) if directed else {}
    out_deg = dict(g.out_degree(weight="weight")) if directed else {}
    sampled = n > sample_above
    between = betweenness(u)
    components = sorted((sorted(c) for c in nx.connected_components(u)), key=lambda c: (-len(c), c[0]))
    largest = u.subgraph(components[0]) if components else u
    if sampled:
        closeness, harmonic, diameter, avg_path = _distances(u, set(largest.nodes))
    else:
        closeness = nx.closeness_centrality(u)
        harmonic = nx.harmonic_centrality(u)
        diameter = nx.diameter(largest) if largest.number_of_nodes() > 1 else None
        avg_path = nx.average_shortest_path_length(largest) if largest.number_of_nodes() > 1 else None
    eigenvector = _eigenvector(u)
    ranks = pagerank(g)
    hubs, authorities = ({}, {})
    if directed and g.number_of_edges():
        hubs, authorities = nx.hits(g, max_iter=1000, normalized=True)
    core_graph = u.copy()
    core_graph.remove_edges_from(nx.selfloop_edges(core_graph))
    core = nx.core_number(core_graph)
    communities = sorted((sorted(c) for c in nx.community.louvain_communities(u, weight="weight", seed=seed)),
                         key=lambda c: (-len(c), c[0])) if n else []
    community_of = {v: i for i, c in enumerate(communities) for v in c}
    component_of = {v: i for i, c in enumerate(components) for v in c}
    articulation = set(nx.articulation_points(u))
    bridges = sorted(tuple(sorted(e)) for e in nx.bridges(u)) if n else []

    modularity = nx.community.modularity(u, communities, weight="weight") if u.number_of_edges() else None

    rows = []
    for v in order:
        data = g.nodes[v]
        rows.append({
            "id": v, "label": data.get("label", v), "type": data.get("type", ""),
            "degree": degree[v], "weighted_degree": _round(wdegree[v]),
            "in_degree": _round(in_deg[v]) if directed else None,
            "out_degree": _round(out_deg[v]) if directed else None,
            "betweenness": _round(between[v]), "closeness": _round(closeness[v]),
            "harmonic": _round(harmonic[v]), "eigenvector": _round(eigenvector.get(v, 0.0)),
            "pagerank": _round(ranks.get(v, 0.0)),
            "hub": _round(hubs[v]) if hubs else None, "authority": _round(authorities[v]) if authorities else None,
            "core": core[v], "community": community_of.get(v), "component": component_of.get(v),
            "articulation_point": v in articulation,
        })
    figures = GraphFigures(
        nodes=n, edges=g.number_of_edges(), directed=directed, density=_round(nx.density(g)) if n > 1 else 0.0,
        components=len(components), largest_component=len(components[0]) if components else 0,
        diameter=diameter, average_path_length=_round(avg_path) if avg_path is not None else None,
        communities=len(communities), modularity=_round(modularity) if modularity is not None else None,
        articulation_points=len(articulation), bridges=len(bridges),
        seed=seed,
    )
    return Metrics(rows, figures, communities, bridges)
