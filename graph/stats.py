"""Counts of a build: what `cjkg build` summarises and `cjkg stats` prints, and the curation worklist."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import curie
from .sparql import select

_IS_FACT = "?s a ?cls . ?cls rdfs:subClassOf* cj:Fact ."
_ENTITY_CLASSES = ("cj:Country", "cj:Person", "cj:Office", "cj:Place", "cj:Framework", "cj:EventSeries", "cj:Vessel",
                   "cj:Measure", "cj:Relationship")
_IS_ENTITY = ("?s dct:identifier ?id ; a ?cls . FILTER NOT EXISTS { ?s a/rdfs:subClassOf* cj:Fact } "
              "FILTER (?cls IN (" + ", ".join(_ENTITY_CLASSES) + ") "
              "|| EXISTS { ?cls rdfs:subClassOf* cj:Organisation })")
_FACT_DATE = ("OPTIONAL { ?s cj:date ?d1 } OPTIONAL { ?s cj:dateSigned ?d2 } OPTIONAL { ?s cj:startDate ?d3 } "
              "OPTIONAL { ?s cj:openingDate ?d4 } OPTIONAL { ?s cj:attestedFrom ?d5 } OPTIONAL { ?s cj:endDate ?d6 } "
              "OPTIONAL { ?s cj:year ?y } "
              "BIND (COALESCE(YEAR(?d1), YEAR(?d2), YEAR(?d3), YEAR(?d4), YEAR(?d5), YEAR(?d6), ?y) AS ?year)")


@dataclass
class Stats:
    per_class: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    facts: int = 0
    sources: int = 0
    publishers: int = 0
    triples: int = 0
    per_sector: dict[str, int] = field(default_factory=dict)
    per_decade: dict[str, int] = field(default_factory=dict)
    single_source_facts: int = 0
    disagreements: int = 0
    amounts_per_role: dict[str, int] = field(default_factory=dict)
    quantities_per_kind: dict[str, int] = field(default_factory=dict)
    worklist: dict[str, list[str]] = field(default_factory=dict)


def _count(store: ox.Store, where: str) -> int:
    return select(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} }}")[0]["n"]


def graph_stats(store: ox.Store) -> Stats:
    """Every figure of the summary, computed by SPARQL on the store."""
    s = Stats()
    rows = select(store, "SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?cls ; dct:identifier ?id } "
                         "GROUP BY ?cls ORDER BY ?cls")
    rows += select(store, "SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?cls . "
                          "FILTER (?cls IN (cj:Source, cj:Publisher, cj:Signature, cj:Disagreement, "
                          "schema:MonetaryAmount, schema:QuantitativeValue, cj:Participation, cj:Commitment)) } "
                          "GROUP BY ?cls")
    s.per_class = dict(sorted((curie(r["cls"]), r["n"]) for r in rows))
    s.entities = _count(store, _IS_ENTITY)
    s.facts = _count(store, _IS_FACT)
    s.sources = _count(store, "?s a cj:Source")
    s.publishers = _count(store, "?s a cj:Publisher")
    s.disagreements = _count(store, "?s a cj:Disagreement")
    s.triples = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    s.per_sector = {r["sector"]: r["n"] for r in select(store, f"""
        SELECT ?sector (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_IS_FACT} ?s cj:sector ?c . ?c skos:notation ?sector }}
        GROUP BY ?sector ORDER BY DESC(?n) ?sector""")}
    s.per_decade = {f"{r['decade']}s": r["n"] for r in select(store, f"""
        SELECT ?decade (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_IS_FACT} {_FACT_DATE}
          FILTER (BOUND(?year)) BIND (xsd:integer(FLOOR(?year / 10)) * 10 AS ?decade) }}
        GROUP BY ?decade ORDER BY ?decade""")}
    s.single_source_facts = _count(store, f"""{{ SELECT ?s WHERE {{ {_IS_FACT} ?s prov:wasDerivedFrom ?src }}
        GROUP BY ?s HAVING (COUNT(DISTINCT ?src) = 1) }}""")
    s.amounts_per_role = _per_concept(store, "?s a schema:MonetaryAmount ; cj:amountRole ?c")
    s.quantities_per_kind = _per_concept(store, "?s a schema:QuantitativeValue ; cj:quantityKind ?c")
    s.worklist = worklist(store)
    return s


def _per_concept(store: ox.Store, where: str) -> dict[str, int]:
    """How many nodes have each concept (by notation) of a scheme, most first."""
    return {r["k"]: r["n"] for r in select(store, f"""SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        {where} . ?c skos:notation ?k }} GROUP BY ?k ORDER BY DESC(?n) ?k""")}


def worklist(store: ox.Store) -> dict[str, list[str]]:
    """Records a curator should look at: facts with no date, agreements/events/projects with no sector,
    entities that cite no source and that no sourced fact mentions."""
    def ids(where: str) -> list[str]:
        return [r["id"] for r in select(store, f"SELECT DISTINCT ?id WHERE {{ {where} }} ORDER BY ?id")]

    return {
        "no date": ids(f"{_IS_FACT} ?s dct:identifier ?id . {_FACT_DATE} FILTER (!BOUND(?year))"),
        "no sector": ids("?s dct:identifier ?id ; a/rdfs:subClassOf* ?top . "
                         "VALUES ?top { cj:Event cj:Agreement cj:Project } FILTER NOT EXISTS { ?s cj:sector ?c }"),
        "no source": ids(f"{_IS_ENTITY} FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom ?src }} "
                         "FILTER NOT EXISTS { ?x ?p ?s . "
                         "?x (prov:wasDerivedFrom|^cj:signature/prov:wasDerivedFrom) ?src }"),
    }
