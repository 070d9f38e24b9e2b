"""The HTML form of the centrality report, with its charts as inline SVG (matplotlib, Agg backend).

Nothing is loaded from the web: styles are inline, charts are SVG text in the page.
"""

from __future__ import annotations

import html
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from .report import (  # noqa: E402
    NODE_COLS,
    Report,
    brokers,
    format_value,
    group_of,
    movements,
    ranked_tables,
    top_nodes,
)

plt.rcParams.update({"svg.hashsalt": "cjkg", "svg.fonttype": "none", "font.size": 9,
                     "axes.spines.top": False, "axes.spines.right": False})
_COLORS = {"people": "#1f77b4", "organisations": "#2ca02c", "countries": "#d62728"}


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def degree_distribution(report: Report) -> str:
    degrees = [r["degree"] for r in report.metrics.nodes]
    counts: dict[int, int] = {}
    for d in degrees:
        counts[d] = counts.get(d, 0) + 1
    xs = sorted(counts)
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    ax.bar(xs, [counts[x] for x in xs], color="#555")
    ax.set_xlabel("degree (number of distinct partners)")
    ax.set_ylabel("actors")
    ax.set_title("Degree distribution")
    return _svg(fig)


def top_bars(report: Report, key: str, title: str) -> str:
    rows = list(reversed(top_nodes(report.metrics, key, report.top)))
    fig, ax = plt.subplots(figsize=(6.5, 0.32 * len(rows) + 0.9))
    ax.barh([r["label"] for r in rows], [r[key] for r in rows],
            color=[_COLORS.get(group_of(r["type"]), "#777") for r in rows])
    ax.set_title(f"Top {report.top} by {title}")
    ax.set_xlabel(title)
    return _svg(fig)


def over_periods(report: Report, key: str = "pagerank") -> str:
    moves = movements(report, key)
    periods = [p.window.label for p in report.periods]
    leaders = [r["id"] for r in top_nodes(report.metrics, key, min(report.top, 8))]
    fig, ax = plt.subplots(figsize=(7, 3.8))
    for ident in leaders:
        series = {r["period"]: r[key] for r in moves if r["id"] == ident}
        label = next((r["label"] for r in report.metrics.nodes if r["id"] == ident), ident)
        ax.plot(periods, [series.get(p, 0.0) for p in periods], marker="o", label=label)
    ax.set_title("PageRank over periods (leading actors overall)")
    ax.set_ylabel("PageRank")
    ax.tick_params(axis="x", rotation=30)
    ax.legend(fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    return _svg(fig)


def _table(rows: list[dict[str, Any]], cols: list[tuple[str, str]], mark_ap: bool = False) -> str:
    def fmt(v: Any) -> str:
        if isinstance(v, bool):
            return "yes" if v else ""
        if isinstance(v, float):
            return str(int(v)) if v.is_integer() else f"{v:.4f}"
        return "" if v is None else html.escape(str(v))

    head = "".join(f"<th>{html.escape(t)}</th>" for _, t in cols)
    body = []
    for r in rows:
        cls = ' class="ap"' if mark_ap and r.get("articulation_point") else ""
        cells = "".join(f"<td>{fmt(r.get(k))}</td>" for k, _ in cols)
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def to_html(report: Report) -> str:
    from .report import _figures

    m = report.metrics
    title = f"Centrality report: {report.projection} network ({report.window.label})"
    figures = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(format_value(v))}</td></tr>"
                      for k, v in _figures(report))
    broker_rows = brokers(m, report.top)
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        "<p class=lead>Who brokers the Cambodia–Japan relationship: actors are linked when they take part in the "
        "same events, sign or are party to the same agreements, or fund or carry out the same projects.</p>",
        "<section class=grid><div><h2>Brokers at a glance</h2><p>Highest betweenness: actors on the shortest "
        "paths between others. Rows in bold are articulation points: remove one and part of the network is cut "
        "off.</p>",
        _table(broker_rows, [("label", "Actor"), ("type", "Type"), ("betweenness", "Betweenness"),
                             ("articulation_point", "Articulation point")], mark_ap=True),
        "</div><div><h2>The network</h2><table class=figures>" + figures + "</table></div></section>",
        "<h2>Charts</h2><div class=charts>", top_bars(report, "pagerank", "PageRank"),
        top_bars(report, "betweenness", "betweenness"), degree_distribution(report), "</div>",
    ]
    for heading, rows in ranked_tables(m, report.top):
        sections += [f"<h2>{html.escape(heading)}</h2>", _table(rows, NODE_COLS)]
    labels = {r["id"]: r for r in m.nodes}
    items = []
    for i, members in enumerate(m.communities):
        ranked = sorted(members, key=lambda v: (-labels[v]["pagerank"], labels[v]["label"]))
        names = ", ".join(html.escape(labels[v]["label"]) for v in ranked[:20])
        items.append(f"<li><b>Community {i}</b> ({len(members)} members): {names}"
                     f"{', …' if len(ranked) > 20 else ''}</li>")
    sections += ["<h2>Communities (Louvain)</h2><ul>", *items, "</ul>"]
    if report.periods:
        sections += ["<h2>Periods</h2>", over_periods(report)]
        for p in report.periods:
            g = p.metrics.graph
            sections += [f"<h3>{html.escape(p.window.label)}: {g.nodes} actors, {g.edges} links</h3>",
                         _table(top_nodes(p.metrics, "pagerank", report.top), NODE_COLS)]
        moves = [r for r in movements(report) if r["change"]]
        cols = [("period", "Period"), ("label", "Actor"), ("rank", "Rank"), ("change", "Places gained")]
        risers = sorted(moves, key=lambda r: (-r["change"], r["label"]))[: report.top]
        fallers = sorted(moves, key=lambda r: (r["change"], r["label"]))[: report.top]
        sections += ["<h3>Risers</h3>", _table(risers, cols), "<h3>Fallers</h3>", _table(fallers, cols)]
    params = html.escape(", ".join(f"{k}: {v}" for k, v in report.parameters().items()))
    sections.append(f"<footer>Parameters: {params}</footer>")
    return _PAGE.replace("__TITLE__", html.escape(title)).replace("__BODY__", "\n".join(sections))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>__TITLE__</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.lead { color: #444; } table { border-collapse: collapse; margin: .5rem 0; font-size: 13px; }
th, td { padding: .2rem .55rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
thead th { background: #f4f4f4; } tr.ap td { font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.5rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; } svg { max-width: 100%; height: auto; }
footer { margin-top: 2rem; color: #666; font-size: 12px; }
</style></head><body>
__BODY__
</body></html>
"""
