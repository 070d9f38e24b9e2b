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
    beyond_brokers,
    brokers,
    community_name,
    format_value,
    group_of,
    movements,
    ranked_tables,
    readable_parameters,
    top_nodes,
)

plt.rcParams.update({"svg.hashsalt": "cjkg", "svg.fonttype": "none", "font.size": 9,
                     "axes.spines.top": False, "axes.spines.right": False})
# The graph page's colour-blind-safe colours (Okabe–Ito) for the same kinds of actor.
_COLORS = {"people": "#0072B2", "organisations": "#009E73", "countries": "#D55E00"}


def _legend(ax: Any, groups: set[str], **where: Any) -> None:
    """A legend naming every colour the chart uses."""
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=g) for g, c in _COLORS.items() if g in groups]
    ax.legend(handles=handles, fontsize=7, frameon=False, **(where or {"loc": "lower right"}))


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
    ax.bar(xs, [counts[x] for x in xs], color="#555", label="actors with this degree")
    ax.legend(fontsize=7, frameon=False)
    ax.set_xlabel("degree (number of distinct partners)")
    ax.set_ylabel("actors")
    ax.set_title("Degree distribution")
    return _svg(fig)


def bars(rows: list[dict[str, Any]], key: str, title: str, xlabel: str) -> str:
    """Horizontal bars of `rows` by `key`, coloured by kind of actor, with a legend."""
    rows = list(reversed(rows))
    fig, ax = plt.subplots(figsize=(6.5, 0.32 * len(rows) + 0.9))
    ax.barh([r["label"] for r in rows], [r[key] for r in rows],
            color=[_COLORS.get(group_of(r["type"]), "#777") for r in rows])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    _legend(ax, {group_of(r["type"]) for r in rows})
    return _svg(fig)


def top_bars(report: Report, key: str, title: str) -> str:
    return bars(top_nodes(report.metrics, key, report.top), key, f"Top {report.top} by {title}", title)


def over_periods(report: Report, key: str = "pagerank", n: int = 5) -> str:
    """Small multiples: for each period, in order, its `n` leading actors by PageRank, on one scale."""
    periods = report.periods
    cols = min(3, len(periods))
    rows_n = -(-len(periods) // cols)
    fig, axes = plt.subplots(rows_n, cols, figsize=(3.6 * cols, 1.9 * rows_n + 0.4), squeeze=False)
    top = max([r[key] for p in periods for r in top_nodes(p.metrics, key, n)] or [1.0])
    groups: set[str] = set()
    for i, ax in enumerate(axes.flat):
        if i >= len(periods):
            ax.axis("off")
            continue
        p = periods[i]
        rows = list(reversed(top_nodes(p.metrics, key, n)))
        groups |= {group_of(r["type"]) for r in rows}
        ax.barh([r["label"] if len(r["label"]) <= 28 else r["label"][:27] + "…" for r in rows], [r[key] for r in rows],
                color=[_COLORS.get(group_of(r["type"]), "#777") for r in rows])
        ax.set_xlim(0, top * 1.05)
        ax.set_title(p.window.label, fontsize=8)
        ax.tick_params(labelsize=7)
        if not rows:
            ax.text(0.5, 0.5, "no facts", ha="center", va="center", transform=ax.transAxes, color="#777")
    fig.suptitle(f"Leading actors by PageRank in each period, in order (top {n}, one scale)", fontsize=9)
    _legend(axes.flat[0], groups, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=3,
            bbox_transform=fig.transFigure)
    fig.subplots_adjust(left=0.2, right=0.98, top=0.86, bottom=0.1 + 0.1 / rows_n, wspace=1.1, hspace=0.6)
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


def beyond_section(report: Report, labels: dict[str, dict[str, Any]]) -> list[str]:
    """The network without the two states: its brokers (table and chart) and its named communities."""
    b = report.beyond
    assert b is not None
    rows = {r["id"]: r for r in b.nodes}
    gone = " and ".join(html.escape(labels[v]["label"]) for v in b.removed)
    top = beyond_brokers(b, report.top)
    out = ["<section id=beyond><h2>Beyond the two states</h2>",
           f"<p>Nearly every actor shares a fact with {gone}, so they lead every ranking above. Without them "
           f"({len(b.nodes)} actors, {b.edges} links), betweenness shows who links the rest: the brokers of the "
           "relationship. (<code>cjkg report --without-states</code> computes the whole report on this network.)</p>",
           "<div class=grid><div>",
           _table(top, [("label", "Actor"), ("type", "Type"), ("betweenness", "Betweenness"),
                        ("pagerank", "PageRank"), ("degree", "Partners")]),
           "</div><div>", bars(top, "betweenness", f"Top {report.top} brokers without the two states",
                              "betweenness"), "</div></div>",
           "<h3>Communities without the two states</h3><ul>"]
    for members in b.communities[: max(report.top, 10)]:
        out.append(f"<li><b>{html.escape(community_name(members, rows))}</b> ({len(members)} members)</li>")
    more = len(b.communities) - max(report.top, 10)
    out.append(f"</ul><p>and {more} smaller communities.</p></section>" if more > 0 else "</ul></section>")
    return out


def to_html(report: Report) -> str:
    from .report import _figures

    m = report.metrics
    title = (f"Centrality report: {report.projection} network"
             f"{' without the two states' if report.without_states else ''} ({report.window.label})")
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
    for members in m.communities:
        ranked = sorted(members, key=lambda v: (-labels[v]["pagerank"], labels[v]["label"]))
        names = ", ".join(html.escape(labels[v]["label"]) for v in ranked[:20])
        items.append(f"<li><b>{html.escape(community_name(members, labels))}</b> ({len(members)} members): {names}"
                     f"{', …' if len(ranked) > 20 else ''}</li>")
    sections += ["<h2>Communities (Louvain)</h2><p>Each named by its three most central members.</p><ul>",
                 *items, "</ul>"]
    if report.beyond:
        sections += beyond_section(report, labels)
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
    params = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                     for k, v in readable_parameters(report))
    sections.append(f"<footer><h2>Parameters</h2><table class=figures>{params}</table></footer>")
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
