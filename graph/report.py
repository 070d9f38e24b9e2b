"""`cjkg report`: the centrality report of a projection, as CSV, JSON, Markdown, HTML and GraphML.

The HTML embeds its charts as inline SVG and loads nothing from the web. All files are written to a
staging folder and moved into place together, so a failed report leaves the previous one intact.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from .metrics import COLUMNS, DEFAULT_SEED, Metrics, betweenness, centrality, compute
from .namespaces import CJD
from .projections import ALL_TIME, Window

# The two states of the relationship (their governments are the same nodes since the model has one
# node per state): in the network without them, the brokers between everyone else show.
STATES = (CJD + "japan", CJD + "cambodia")

ACTOR_TYPES = {"Person": "officials and other people", "Country": "countries"}
RANKED = (("pagerank", "PageRank"), ("betweenness", "Betweenness"), ("weighted_degree", "Weighted degree"),
          ("degree", "Degree"), ("eigenvector", "Eigenvector"), ("closeness", "Closeness"), ("harmonic", "Harmonic"))


@dataclass
class PeriodMetrics:
    window: Window
    metrics: Metrics


@dataclass
class Beyond:
    """The actors network without the two states: who links the rest, and its communities."""

    nodes: list[dict[str, Any]]
    communities: list[list[str]]
    removed: list[str]
    edges: int


def beyond_states(graph: nx.Graph, seed: int = DEFAULT_SEED) -> Beyond:
    """PageRank, betweenness and Louvain communities of `graph` without the two states: a lighter pass
    than the full report's. Betweenness is exact, as in the full report (graph/metrics.py)."""
    rest = graph.subgraph([v for v in graph.nodes if v not in STATES]).copy()
    pagerank = centrality(rest, "pagerank")
    u = rest.to_undirected(as_view=True) if rest.is_directed() else rest
    between = betweenness(u)
    communities = sorted((sorted(c) for c in nx.community.louvain_communities(u, weight="weight", seed=seed)),
                         key=lambda c: (-len(c), c[0])) if rest.number_of_nodes() else []
    community_of = {v: i for i, c in enumerate(communities) for v in c}
    nodes = [{"id": v, "label": str(d.get("label", v)), "type": str(d.get("type", "")),
              "pagerank": round(float(pagerank.get(v, 0.0)), 10), "betweenness": round(float(between.get(v, 0.0)), 10),
              "degree": u.degree(v), "community": community_of.get(v)}
             for v, d in sorted(rest.nodes(data=True))]
    return Beyond(nodes, communities, sorted(set(STATES) & set(graph.nodes)), rest.number_of_edges())


def community_name(members: list[str], rows: dict[str, dict[str, Any]], n: int = 3) -> str:
    """A community named by its most central members (PageRank), the way a reader would tell it."""
    ranked = sorted(members, key=lambda v: (-rows[v]["pagerank"], rows[v]["label"], v))
    return " · ".join(rows[v]["label"] for v in ranked[:n])


@dataclass
class Report:
    projection: str
    window: Window
    graph: nx.Graph
    metrics: Metrics
    top: int = 10
    periods: list[PeriodMetrics] = field(default_factory=list)
    without_states: bool = False
    beyond: Beyond | None = None

    def parameters(self) -> dict[str, Any]:
        return {"projection": self.projection, "from": _iso(self.window.start), "to": _iso(self.window.end),
                "without_states": self.without_states,
                "periods": [p.window.label for p in self.periods], "top": self.top,
                "seed": self.metrics.graph.seed,
                "weights": "PageRank, weighted degree and eigenvector use edge weight; betweenness and "
                           "closeness use hop counts; betweenness is normalised"}


def _iso(d: Any) -> str | None:
    return d.isoformat() if d else None


def group_of(node_type: str) -> str:
    """The report's actor group of a node type: people, countries, or organisations (all other kinds)."""
    if node_type == "Person":
        return "people"
    if node_type == "Country":
        return "countries"
    return "organisations"


def report_for(out: Path | str = "out", projection: str = "actors", start: str | None = None,
               end: str | None = None, periods: str | None = None, top: int = 10,
               seed: int = DEFAULT_SEED, without_states: bool = False) -> Report:
    """Project the build in `out`, restricted to [start, end] and split by `periods`, and compute the
    report. A period with nothing in it is an error (so that no empty report replaces the last one)."""
    from .errors import NothingSelected
    from .filters import as_typed, period
    from .projections import periods as split
    from .projections import project
    from .store import cached_store

    first, last = period(start, end)
    label = f"{start or '…'} to {end or '…'}" if (start or end) else "all"
    store = cached_store(Path(out))
    window = Window(first, last, label)
    graph = project(store, projection, window)
    if not graph.number_of_nodes():
        given = as_typed(from_=start, to=end) or "the build"
        raise NothingSelected(f"no facts in the {projection} network with {given}; the previous report is kept")
    period_graphs = [(w, project(store, projection, w)) for w in split(store, periods, first, last)] if periods else []
    return make_report(graph, projection, window, top, seed, period_graphs, without_states)


def make_report(graph: nx.Graph, projection: str, window: Window = ALL_TIME, top: int = 10,
                seed: int = DEFAULT_SEED, period_graphs: list[tuple[Window, nx.Graph]] | None = None,
                without_states: bool = False) -> Report:
    """Compute every metric of `graph` (and of each period's graph) into a Report; `without_states`
    computes all of it on the network without the two states. Otherwise the report has a section on
    that network (for the networks of actors)."""
    def shown(g: nx.Graph) -> nx.Graph:
        return g.subgraph([v for v in g.nodes if v not in STATES]).copy() if without_states else g

    graph = shown(graph)
    report = Report(projection, window, graph, compute(graph, seed=seed), top, without_states=without_states)
    for w, pg in period_graphs or []:
        report.periods.append(PeriodMetrics(w, compute(shown(pg), seed=seed)))
    if not without_states and projection == "actors" and set(STATES) & set(graph.nodes):
        report.beyond = beyond_states(graph, seed)
    return report


def top_nodes(metrics: Metrics, key: str, n: int, types: set[str] | None = None) -> list[dict[str, Any]]:
    rows = [r for r in metrics.nodes if r.get(key) is not None and (types is None or group_of(r["type"]) in types)]
    return sorted(rows, key=lambda r: (-r[key], r["label"], r["id"]))[:n]


def brokers(metrics: Metrics, n: int) -> list[dict[str, Any]]:
    """High betweenness first; articulation points are flagged (they hold groups together)."""
    return [r for r in top_nodes(metrics, "betweenness", n) if r["betweenness"] > 0]


def beyond_brokers(beyond: Beyond, n: int) -> list[dict[str, Any]]:
    """The brokers of the network without the two states: highest betweenness first."""
    rows = [r for r in beyond.nodes if r["betweenness"] > 0]
    return sorted(rows, key=lambda r: (-r["betweenness"], r["label"], r["id"]))[:n]


def readable_parameters(report: Report) -> list[tuple[str, str]]:
    """The report's parameters as a reader reads them (no Python values)."""
    p = report.parameters()
    return [("Projection", p["projection"]), ("From", p["from"] or "the first fact"),
            ("To", p["to"] or "the last fact"),
            ("The two states", "left out" if p["without_states"] else "included"),
            ("Periods", "; ".join(p["periods"]) or "none asked for"), ("Rows per table", str(p["top"])),
            ("Seed", str(p["seed"])),
            ("Betweenness", "exact (all sources)"),
            ("Weights", p["weights"])]


def ranked_tables(metrics: Metrics, top: int) -> list[tuple[str, list[dict[str, Any]]]]:
    """The top-N tables of the report, by metric and by kind of actor: (heading, rows)."""
    tables = [(f"Top {top} by {title}", top_nodes(metrics, key, top)) for key, title in RANKED]
    for group in ("people", "organisations", "countries"):
        rows = top_nodes(metrics, "pagerank", top, {group})
        if rows:
            tables.append((f"Top {top} {group} by PageRank", rows))
    return tables


def movements(report: Report, key: str = "pagerank") -> list[dict[str, Any]]:
    """Rank of every node per period by `key`, and its change from the previous period where it appears."""
    out = []
    previous: dict[str, int] = {}
    for p in report.periods:
        ranked = sorted(p.metrics.nodes, key=lambda r: (-r[key], r["label"], r["id"]))
        ranks = {r["id"]: i + 1 for i, r in enumerate(ranked)}
        for r in ranked:
            before = previous.get(r["id"])
            out.append({"period": p.window.label, "id": r["id"], "label": r["label"], "type": r["type"],
                        "rank": ranks[r["id"]], key: r[key],
                        "change": (before - ranks[r["id"]]) if before else None})
        previous = ranks
    return out


# -- writers ----------------------------------------------------------------------------------


def to_csv(metrics: Metrics) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in metrics.nodes:
        writer.writerow({k: ("" if row[k] is None else row[k]) for k in COLUMNS})
    return buf.getvalue()


def to_json(report: Report) -> str:
    doc = {"parameters": report.parameters(), **report.metrics.as_dict(),
           "periods": [{"period": p.window.label, "from": _iso(p.window.start), "to": _iso(p.window.end),
                        "graph": p.metrics.as_dict()["graph"],
                        "top": {k: [r["id"] for r in top_nodes(p.metrics, k, report.top)] for k, _ in RANKED}}
                       for p in report.periods]}
    if report.beyond:
        rows = {r["id"]: r for r in report.beyond.nodes}
        doc["without_states"] = {"removed": report.beyond.removed, "edges": report.beyond.edges,
                                 "brokers": [r["id"] for r in beyond_brokers(report.beyond, report.top)],
                                 "communities": [{"name": community_name(c, rows), "members": c}
                                                 for c in report.beyond.communities]}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def to_graphml(graph: nx.Graph) -> str:
    """The network the figures were computed on: node `label` and `type`, edge `weight` (and `years`)."""
    clean = graph.__class__()
    for v, d in sorted(graph.nodes(data=True)):
        clean.add_node(v, label=str(d.get("label", v)), type=str(d.get("type", "")))
    for a, b, d in sorted(graph.edges(data=True)):
        attrs = {"weight": float(d.get("weight", 1))}
        for extra in ("years", "relation"):
            if d.get(extra):
                attrs[extra] = str(d[extra])
        clean.add_edge(a, b, **attrs)
    return "\n".join(nx.generate_graphml(clean, prettyprint=True)) + "\n"


def format_value(value: Any) -> str:
    """A cell as the report's tables print it: whole floats without decimals, others to four places."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.4f}"
    if value is None:
        return ""
    return str(value)


def _md_table(rows: list[dict[str, Any]], cols: list[tuple[str, str]]) -> str:
    head = "| " + " | ".join(t for _, t in cols) + " |\n|" + "|".join("---" for _ in cols) + "|\n"
    return head + "".join("| " + " | ".join(format_value(r.get(k)).replace("|", "\\|") for k, _ in cols) + " |\n"
                          for r in rows)


def _figures(report: Report) -> list[tuple[str, Any]]:
    g = report.metrics.graph
    return [("Projection", report.projection), ("Period", report.window.label), ("Nodes", g.nodes),
            ("Edges", g.edges), ("Directed", "yes" if g.directed else "no"), ("Density", g.density),
            ("Connected components", g.components), ("Largest component", g.largest_component),
            ("Diameter (largest component)", g.diameter),
            ("Average path length (largest component)", g.average_path_length),
            ("Communities (Louvain)", g.communities), ("Modularity", g.modularity),
            ("Articulation points", g.articulation_points), ("Bridges", g.bridges),
            ("Betweenness", "exact (all sources)"), ("Seed", g.seed)]


NODE_COLS = [("label", "Actor"), ("type", "Type"), ("pagerank", "PageRank"), ("betweenness", "Betweenness"),
              ("weighted_degree", "Weighted degree"), ("degree", "Degree"), ("core", "Core"),
              ("community", "Community")]


def to_markdown(report: Report) -> str:
    m = report.metrics
    without = " without the two states" if report.without_states else ""
    parts = [f"# Centrality report: {report.projection} network{without} ({report.window.label})\n",
             "## The network\n", _md_table([{"k": k, "v": v} for k, v in _figures(report)],
                                          [("k", "Figure"), ("v", "Value")]),
             "\n## Brokers\n\nActors with the highest betweenness: they sit on the shortest paths between "
             "others. Articulation points (marked) disconnect part of the network if removed.\n\n",
             _md_table([{**r, "ap": "yes" if r["articulation_point"] else ""} for r in brokers(m, report.top)],
                       [("label", "Actor"), ("type", "Type"), ("betweenness", "Betweenness"),
                        ("ap", "Articulation point")])]
    for heading, rows in ranked_tables(m, report.top):
        parts += [f"\n## {heading}\n\n", _md_table(rows, NODE_COLS)]
    parts.append("\n## Communities (Louvain)\n\n")
    labels = {r["id"]: r for r in m.nodes}
    for members in m.communities:
        ranked = sorted(members, key=lambda v: (-labels[v]["pagerank"], labels[v]["label"]))
        names = ", ".join(labels[v]["label"] for v in ranked[:15]) + (", ..." if len(ranked) > 15 else "")
        parts.append(f"- **{community_name(members, labels)}** ({len(members)} members): {names}\n")
    if report.beyond:
        b = report.beyond
        rows = {r["id"]: r for r in b.nodes}
        parts += ["\n## Beyond the two states\n\n",
                  f"The same network without {', '.join(labels[v]['label'] for v in b.removed)}: "
                  f"{len(b.nodes)} actors, {b.edges} links. Who links everyone else:\n\n",
                  _md_table(beyond_brokers(b, report.top), [("label", "Actor"), ("type", "Type"),
                                                            ("betweenness", "Betweenness"), ("pagerank", "PageRank")]),
                  "\n### Its communities\n\n"]
        for members in b.communities[: report.top]:
            parts.append(f"- **{community_name(members, rows)}** ({len(members)} members)\n")
    if report.periods:
        parts.append("\n## Periods\n\n")
        for p in report.periods:
            parts += [f"\n### {p.window.label}: {p.metrics.graph.nodes} nodes, {p.metrics.graph.edges} edges\n\n",
                      _md_table(top_nodes(p.metrics, "pagerank", report.top), NODE_COLS)]
        moves = [r for r in movements(report) if r["change"]]
        risers = sorted(moves, key=lambda r: (-r["change"], r["label"]))[: report.top]
        fallers = sorted(moves, key=lambda r: (r["change"], r["label"]))[: report.top]
        cols = [("period", "Period"), ("label", "Actor"), ("rank", "Rank"), ("change", "Change")]
        parts += ["\n### Risers (PageRank rank gained since the previous period)\n\n", _md_table(risers, cols),
                  "\n### Fallers\n\n", _md_table(fallers, cols)]
    parts += ["\n## Parameters\n\n", _md_table([{"k": k, "v": v} for k, v in readable_parameters(report)],
                                                [("k", "Parameter"), ("v", "Value")])]
    return "".join(parts)


def write_report(report: Report, folder: Path) -> list[Path]:
    """Write centrality.csv/.json/.md/.html and network.graphml into `folder`, all or nothing."""
    from .report_html import to_html  # charts need matplotlib: only loaded when a report is written

    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=folder.parent))
    files = {"centrality.csv": to_csv(report.metrics), "centrality.json": to_json(report),
             "centrality.md": to_markdown(report), "centrality.html": to_html(report),
             "network.graphml": to_graphml(report.graph)}
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        folder.mkdir(exist_ok=True)
        for name in files:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for name in files]


def terminal_table(report: Report, fmt: str = "table") -> str:
    rows = top_nodes(report.metrics, "pagerank", report.top)
    if fmt == "md":
        return _md_table(rows, NODE_COLS)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([k for k, _ in NODE_COLS])
        w.writerows([[format_value(r[k]) for k, _ in NODE_COLS] for r in rows])
        return buf.getvalue()
    cells = [[t for _, t in NODE_COLS]] + [[format_value(r[k]) for k, _ in NODE_COLS] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(NODE_COLS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


__all__ = ["Beyond", "Report", "make_report", "write_report", "terminal_table"]
