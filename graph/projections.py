"""Named projections of the RDF graph onto NetworkX graphs, each built by SPARQL over the store.

- `actors`: people, organisations and countries, linked when they take part in the same event, are
  party to or sign the same agreement, or fund or carry out the same project. Undirected; edge
  `weight` is the number of shared facts, `years` the years of those facts.
- `actor-agreement`: bipartite, actors and the agreements they are party to or signed.
- `actor-event`: bipartite, actors and the events they took part in.
- `entities`: every curated resource (entities and facts) linked by the object properties between
  them; directed, edge `relation` names the properties, `weight` counts them. The ontology, sources
  and publishers are left out.

Every projection can be restricted to a period: facts dated outside it are dropped (undated facts
are kept only when no period is given), and so are nodes left without edges.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from .errors import CjkgError
from .namespaces import CJ, curie
from .sparql import select

# How a fact is dated, in order of preference.
_FACT_DATE = ("OPTIONAL { ?fact cj:date ?d1 } OPTIONAL { ?fact cj:dateSigned ?d2 } "
              "OPTIONAL { ?fact cj:startDate ?d3 } OPTIONAL { ?fact cj:openingDate ?d4 } "
              "BIND (COALESCE(?d1, ?d2, ?d3, ?d4) AS ?when)")
_WINDOW = ("FILTER (!BOUND(?from) || (BOUND(?when) && ?when >= ?from)) "
           "FILTER (!BOUND(?to) || (BOUND(?when) && ?when <= ?to))")
# The link between an actor and a fact, as property paths.
_ACTOR_OF = "cj:participant|cj:party|cj:signedBy|cj:funder|cj:implementer"
_ACTOR = ("?actor a ?actorClass . FILTER (?actorClass IN (cj:Person, cj:Country) "
          "|| EXISTS { ?actorClass rdfs:subClassOf* cj:Organisation })")


class ProjectionError(CjkgError):
    exit_code = 2


@dataclass(frozen=True)
class Window:
    """A period: either end may be open."""

    start: dt.date | None = None
    end: dt.date | None = None
    label: str = "all"

    def values(self) -> str:
        def term(d: dt.date | None) -> str:
            return f'"{d.isoformat()}"^^xsd:date' if d else "UNDEF"

        return f"VALUES (?from ?to) {{ ({term(self.start)} {term(self.end)}) }}"


ALL_TIME = Window()


def _type_name(iri: str) -> str:
    """The local name of a class (GovernmentBody), the node `type` attribute."""
    return iri[len(CJ):] if iri.startswith(CJ) else curie(iri)


def _node_info(store: ox.Store, g: nx.Graph) -> None:
    """Label and class of every node, set as node attributes `label` and `type`."""
    if not g:
        return
    if g.number_of_nodes() > 500:  # one pass over every labelled resource beats a huge VALUES block
        pattern = "?n rdfs:label ?l0 ."
    else:
        pattern = "VALUES ?n { " + " ".join(f"<{n}>" for n in g.nodes) + " }"
    rows = select(store, f"""SELECT ?n (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?cls) WHERE {{
        {pattern}
        OPTIONAL {{ ?n rdfs:label ?l FILTER (lang(?l) = "en") }}
        OPTIONAL {{ ?n a ?c }}
    }} GROUP BY ?n""")
    for r in rows:
        if r["n"] in g:
            g.nodes[r["n"]]["label"] = r["label"] or r["n"].rsplit("/", 1)[-1]
            g.nodes[r["n"]]["type"] = _type_name(r["cls"]) if r["cls"] else "Resource"
    for n, data in g.nodes(data=True):
        data.setdefault("label", n.rsplit("/", 1)[-1])
        data.setdefault("type", "Resource")


def actors(store: ox.Store, window: Window = ALL_TIME) -> nx.Graph:
    """Actors who share facts. SPARQL gives each fact's actors; pairs are counted here, once per fact."""
    rows = select(store, f"""SELECT ?fact ?actor (YEAR(?when) AS ?year) WHERE {{
        {window.values()}
        ?fact {_ACTOR_OF} ?actor .
        {_ACTOR} {_FACT_DATE} {_WINDOW}
    }}""")
    members: dict[str, set[str]] = {}
    years: dict[str, str] = {}
    for r in rows:
        members.setdefault(r["fact"], set()).add(r["actor"])
        if r["year"] is not None:
            years[r["fact"]] = str(r["year"])
    weight: dict[tuple[str, str], int] = {}
    spans: dict[tuple[str, str], set[str]] = {}
    for fact, actors_of_fact in members.items():
        for pair in itertools.combinations(sorted(actors_of_fact), 2):
            weight[pair] = weight.get(pair, 0) + 1
            if fact in years:
                spans.setdefault(pair, set()).add(years[fact])
    g = nx.Graph(projection="actors", period=window.label)
    for (a, b), w in sorted(weight.items()):
        g.add_edge(a, b, weight=w, years=" ".join(sorted(spans.get((a, b), ()))))
    _node_info(store, g)
    return g


def _bipartite(store: ox.Store, window: Window, fact_class: str, link: str, name: str) -> nx.Graph:
    rows = select(store, f"""SELECT ?actor ?fact WHERE {{
        {window.values()}
        ?fact a/rdfs:subClassOf* {fact_class} ; {link} ?actor .
        {_ACTOR} {_FACT_DATE} {_WINDOW}
    }} ORDER BY ?actor ?fact""")
    g = nx.Graph(projection=name, period=window.label)
    for r in rows:
        g.add_node(r["actor"], bipartite=0)
        g.add_node(r["fact"], bipartite=1)
        if g.has_edge(r["actor"], r["fact"]):
            g.edges[r["actor"], r["fact"]]["weight"] += 1
        else:
            g.add_edge(r["actor"], r["fact"], weight=1)
    _node_info(store, g)
    return g


def actor_agreement(store: ox.Store, window: Window = ALL_TIME) -> nx.Graph:
    return _bipartite(store, window, "cj:Agreement", "cj:party|cj:signedBy", "actor-agreement")


def actor_event(store: ox.Store, window: Window = ALL_TIME) -> nx.Graph:
    return _bipartite(store, window, "cj:Event", "cj:participant", "actor-event")


def entities(store: ox.Store, window: Window = ALL_TIME) -> nx.DiGraph:
    dated = window.start is not None or window.end is not None
    rows = select(store, f"""SELECT ?s ?p ?o WHERE {{
        {window.values()}
        ?o dct:identifier ?oid . ?s ?p ?o . ?s dct:identifier ?sid .
        FILTER (?p NOT IN (rdf:type, prov:wasDerivedFrom, cj:sector, cj:disagreementOn))
        FILTER (!(?s = ?o))
        {"" if not dated else "OPTIONAL { ?s cj:date|cj:dateSigned|cj:startDate|cj:openingDate ?sw } "
                              "OPTIONAL { ?o cj:date|cj:dateSigned|cj:startDate|cj:openingDate ?ow } "
                              "BIND (COALESCE(?sw, ?ow) AS ?when) " + _WINDOW}
    }}""")
    relations: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        relations.setdefault((r["s"], r["o"]), set()).add(curie(r["p"]))
    g = nx.DiGraph(projection="entities", period=window.label)
    for (s, o), rel in sorted(relations.items()):
        g.add_edge(s, o, weight=len(rel), relation=" ".join(sorted(rel)))
    _node_info(store, g)
    return g


PROJECTIONS: dict[str, Callable[[ox.Store, Window], nx.Graph]] = {
    "actors": actors,
    "actor-agreement": actor_agreement,
    "actor-event": actor_event,
    "entities": entities,
}


def project(store: ox.Store, name: str = "actors", window: Window = ALL_TIME) -> nx.Graph:
    """The named projection of the store, restricted to `window`."""
    if name not in PROJECTIONS:
        raise ProjectionError(f"no projection '{name}'; choose one of: {', '.join(PROJECTIONS)}")
    return PROJECTIONS[name](store, window)


def periods(store: ox.Store, how: str, start: dt.date | None = None, end: dt.date | None = None) -> list[Window]:
    """Consecutive windows: by `decade`, or by the terms of Cambodia's prime ministers (`pm-cambodia`)."""
    if how == "decade":
        rows = select(store, f"""SELECT (MIN(YEAR(?when)) AS ?lo) (MAX(YEAR(?when)) AS ?hi) WHERE {{
            ?fact a/rdfs:subClassOf* cj:Fact . {_FACT_DATE} FILTER (BOUND(?when)) }}""")
        lo = (start.year if start else rows[0]["lo"]) // 10 * 10
        hi = end.year if end else rows[0]["hi"]
        return [Window(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), f"{y}s") for y in range(lo, hi + 1, 10)]
    if how == "pm-cambodia":
        return _premierships(store, start, end)
    raise ProjectionError(f"unknown period split '{how}'; choose decade or pm-cambodia")


def _premierships(store: ox.Store, start: dt.date | None, end: dt.date | None) -> list[Window]:
    """Cambodia's government by its prime ministers as ordered slices that do not overlap: a slice
    changes whenever a premiership (sole, first or second prime minister) begins or ends, and names
    everyone then in office (the co-premiership of 1993–1998 names both). Terms without a recorded
    start, and ended terms without a recorded end, are left out rather than guessed."""
    rows = select(store, """SELECT ?name ?start ?end WHERE {
        VALUES ?office { cjd:prime-minister-of-cambodia cjd:first-prime-minister-of-cambodia
                         cjd:second-prime-minister-of-cambodia }
        ?t cj:office ?office ; org:member/rdfs:label ?name ; cj:startDate ?start .
        FILTER (lang(?name) = "en") OPTIONAL { ?t cj:endDate ?end } } ORDER BY ?start ?name""")
    terms = [(r["name"], dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"]) if r["end"] else None)
             for r in rows]
    latest = max((t[1] for t in terms), default=None)
    terms = [t for t in terms if t[2] is not None or t[1] == latest]  # only the current term may be open
    one_day = dt.timedelta(days=1)
    # A handover day belongs to the incoming prime minister; a term that nobody follows keeps its last day.
    cuts = sorted({t[1] for t in terms} | {t[2] for t in terms if t[2]})

    def holding(day: dt.date) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n, s, e in terms if s <= day and (e is None or day < e)))

    slices: list[tuple[dt.date, dt.date | None, tuple[str, ...]]] = []
    for i, lo in enumerate(cuts):
        holders = holding(lo)
        if not holders:
            continue
        hi = None
        if i + 1 < len(cuts):
            hi = cuts[i + 1] - one_day if holding(cuts[i + 1]) else cuts[i + 1]
        if slices and slices[-1][2] == holders and slices[-1][1] == lo - one_day:
            slices[-1] = (slices[-1][0], hi, holders)
        else:
            slices.append((lo, hi, holders))
    out = []
    for lo, hi, holders in slices:
        if (end and lo > end) or (start and hi and hi < start):
            continue
        out.append(Window(lo, hi, f"{' & '.join(holders)} ({lo.year}–{hi.year if hi else ''})"))
    if not out:
        raise ProjectionError("no terms of office of Cambodia's prime ministers to split by")
    return out


__all__ = ["ALL_TIME", "PROJECTIONS", "ProjectionError", "Window", "periods", "project"]
