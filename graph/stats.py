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


@dataclass(frozen=True)
class Coverage:
    """How many entities of a group have a Khmer name, a Japanese name (label or alias)."""

    entities: int = 0
    khmer: int = 0
    japanese: int = 0


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
    names_by_class: dict[str, Coverage] = field(default_factory=dict)
    names_by_country: dict[str, Coverage] = field(default_factory=dict)
    evidence: Evidence = field(default_factory=lambda: Evidence())


@dataclass
class Evidence:
    """The evidence profile: how strongly the sources establish the facts (graph/evidence.py's rule)."""

    per_confidence: dict[str, int] = field(default_factory=dict)
    """Facts per computed confidence (high, medium, low)."""
    per_stated: dict[str, int] = field(default_factory=dict)
    """Facts per stated confidence (the computed one, or a lower one a curator recorded)."""
    per_tier: dict[str, int] = field(default_factory=dict)
    """Sources per tier."""
    one_origin: int = 0
    """Facts whose sources all come from one origin (one publisher, copies counted as their origin)."""
    weak_only: int = 0
    """Facts resting on reference, copy or user-generated sources only."""
    official_events: tuple[int, int] = (0, 0)
    """(with an official or intergovernmental source, all) of summits, state and official visits and agreements."""


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
    s.evidence = evidence_profile(store)
    s.names_by_class, s.names_by_country = name_coverage(store)
    return s


_ORIGIN = ("?s prov:wasDerivedFrom ?src . ?src dct:publisher/rdfs:label ?pub . "
           "OPTIONAL { ?src cj:copyOf ?copy OPTIONAL { ?orig schema:url ?copy ; dct:publisher/rdfs:label ?opub } } "
           "BIND (COALESCE(?opub, STR(?copy), ?pub) AS ?origin)")
_CONSEQUENTIAL = ("{ VALUES ?cls { cj:Summit cj:StateVisit cj:OfficialVisit } ?s a ?cls } "
                  "UNION { ?s a ?cls . ?cls rdfs:subClassOf* cj:Agreement }")
_LEVELS = ("high", "medium", "low")


def evidence_profile(store: ox.Store) -> Evidence:
    """Facts per confidence, sources per tier, facts on one origin or weak sources only, and how many of
    the summits, visits and agreements an official or intergovernmental source backs."""
    def per(prop: str) -> dict[str, int]:
        found = {r["c"]: r["n"] for r in select(store, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_IS_FACT} "
                                                       f"?s {prop} ?c }} GROUP BY ?c")}
        return {level: found.get(level, 0) for level in _LEVELS}

    e = Evidence()
    e.per_confidence = per("cj:computedConfidence")
    e.per_stated = per("cj:confidence")
    e.per_tier = {r["tier"]: r["n"] for r in select(store, """
        SELECT ?tier (COUNT(DISTINCT ?src) AS ?n) WHERE { ?src a cj:Source ; cj:tier/skos:notation ?tier }
        GROUP BY ?tier ORDER BY DESC(?n) ?tier""")}
    e.one_origin = _count(store, f"""{{ SELECT ?s WHERE {{ {_IS_FACT} {_ORIGIN} }}
        GROUP BY ?s HAVING (COUNT(DISTINCT ?origin) = 1) }}""")
    e.weak_only = e.per_confidence["low"]
    backed = _count(store, f"""{_CONSEQUENTIAL} FILTER EXISTS {{ ?s prov:wasDerivedFrom ?o . ?o cj:tier ?t
        FILTER (?t IN (tier:official, tier:intergovernmental)) }}""")
    e.official_events = (backed, _count(store, _CONSEQUENTIAL))
    return e


def name_coverage(store: ox.Store) -> tuple[dict[str, Coverage], dict[str, Coverage]]:
    """Entities with a Khmer and with a Japanese name, by class (organisations of every kind
    together) and by country: a person's nationality, an organisation's or a place's country, an
    office's jurisdiction ("none" for countries themselves and entities without one)."""
    home: dict[str, set[str]] = {}
    family: dict[str, str] = {}
    for r in select(store, f"""SELECT DISTINCT ?s ?cls ?home WHERE {{ {_IS_ENTITY}
            OPTIONAL {{ ?s cj:country|cj:jurisdiction ?h . ?h dct:identifier ?home }} }}"""):
        cls = curie(r["cls"])
        family[r["s"]] = cls if cls in _ENTITY_CLASSES else "cj:Organisation"
        home.setdefault(r["s"], set()).update([r["home"]] if r["home"] else [])
    named = {lang: {r["s"] for r in select(store, f"""SELECT DISTINCT ?s WHERE {{
                 ?s dct:identifier ?id ; rdfs:label|skos:altLabel ?name FILTER (lang(?name) = "{lang}") }}""")}
             for lang in ("km", "ja")}

    def tally(groups: dict[str, list[str]]) -> dict[str, Coverage]:
        return {g: Coverage(len(xs), len(named["km"].intersection(xs)), len(named["ja"].intersection(xs)))
                for g, xs in sorted(groups.items())}

    by_class: dict[str, list[str]] = {}
    by_country: dict[str, list[str]] = {}
    for x, cls in family.items():
        by_class.setdefault(cls, []).append(x)
        for c in sorted(home[x]) or ["none"]:
            by_country.setdefault(c, []).append(x)
    return tally(by_class), tally(by_country)


def _per_concept(store: ox.Store, where: str) -> dict[str, int]:
    """How many nodes have each concept (by notation) of a scheme, most first."""
    return {r["k"]: r["n"] for r in select(store, f"""SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        {where} . ?c skos:notation ?k }} GROUP BY ?k ORDER BY DESC(?n) ?k""")}


def worklist(store: ox.Store) -> dict[str, list[str]]:
    """Records a curator should look at: facts with no date, agreements/events/projects with no sector,
    entities that cite no source and that no sourced fact mentions, and facts on weak evidence (the
    same problems as the named query `worklist`)."""
    def ids(where: str) -> list[str]:
        return [r["id"] for r in select(store, f"SELECT DISTINCT ?id WHERE {{ {where} }} ORDER BY ?id")]

    return {
        "no date": ids(f"{_IS_FACT} ?s dct:identifier ?id . {_FACT_DATE} FILTER (!BOUND(?year))"),
        "no sector": ids("?s dct:identifier ?id ; a/rdfs:subClassOf* ?top . "
                         "VALUES ?top { cj:Event cj:Agreement cj:Project } FILTER NOT EXISTS { ?s cj:sector ?c }"),
        "no source": ids(f"{_IS_ENTITY} FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom ?src }} "
                         "FILTER NOT EXISTS { ?x ?p ?s . "
                         "?x (prov:wasDerivedFrom|^cj:signature/prov:wasDerivedFrom) ?src }"),
        "weak evidence (reference, copy, user-generated only)": ids(
            f"{_IS_FACT} ?s dct:identifier ?id ; cj:computedConfidence \"low\""),
        "one news or academic origin only": ids(f"{_IS_FACT} ?s dct:identifier ?id ; cj:computedConfidence \"medium\""),
        "summit, visit or agreement without an official source": ids(
            f"{_CONSEQUENTIAL} ?s dct:identifier ?id FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom ?o . ?o cj:tier ?t "
            "FILTER (?t IN (tier:official, tier:intergovernmental)) }"),
    }
