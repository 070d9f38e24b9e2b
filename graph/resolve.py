"""The one way a name becomes an entity: every query parameter, `cjkg html --focus` and the page's
search box look names up here (the page by the same fold, computed here and embedded).

A name matches, in this order:

1. an IRI or a CURIE (`cjd:hun-sen`);
2. an identifier, or a label or alias exactly as written (these are index lookups in the store, so
   the common case builds nothing);
3. a label or alias in any language (rdfs:label, skos:altLabel, a sector's skos:prefLabel or
   notation) whose words fold alike: case, accents, punctuation, word order and the words "of" and
   "the" do not count (a name with the words in the order given goes first), else an identifier
   whose words do;
4. the same, without titles and honorifics ("Samdech", "H.E.", "Prime Minister", or a title a
   curated person carries) in the name given;
5. a unique prefix: each word given begins a word of one entity's names (an entity, such as a
   person, goes before the facts whose titles name it).

A miss suggests the nearest names (graph/suggest.py); a name several entities share lists them with
their kinds and dates. Steps 3 to 5 use a name index read from the store once per process by SPARQL.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import PREFIXES
from .suggest import did_you_mean

STOP_WORDS = frozenset({"of", "the"})
_ASCII_WORD = re.compile(r"[a-z0-9]+")
HONORIFICS = frozenset({
    "samdech", "akka", "moha", "sena", "padei", "techo", "krolahom", "thipadei", "vibol", "bovor", "oknha",
    "lok", "chumteav", "excellency", "h", "e", "he", "his", "her", "dr", "mr", "mrs", "ms", "miss", "madam",
    "sir", "prof", "professor", "prince", "princess", "king", "queen", "majesty", "prime", "minister",
    "deputy", "president", "general", "lieutenant", "ambassador", "governor", "senator", "san", "sama",
    "dono", "shi"
})
"""Words of titles and honorifics a query may carry before or after a name (the titles curated
people carry, schema:honorificPrefix, are added from the store)."""

SHOWN = 12  # candidates listed in an ambiguity error
_FACT = "https://w3id.org/cjkg/ontology#Fact"


def words(name: str) -> list[str]:
    """The words of a name in order: lower case, Latin accents dropped (NFKD, then U+0300-U+036F
    removed), split at anything that is not a letter, mark or digit. Khmer vowel signs are marks and
    stay in their word."""
    if name.isascii():  # the common case, alike but faster
        return [w for w in _ASCII_WORD.findall(name.lower()) if w not in STOP_WORDS]
    text = unicodedata.normalize("NFKD", name).lower()
    out, word = [], []
    for ch in text:
        if "\u0300" <= ch <= "\u036f":
            continue
        if unicodedata.category(ch)[0] in "LMN":
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return [w for w in out if w not in STOP_WORDS]


def fold(name: str) -> str:
    """A name's words sorted and joined by spaces: "Port Autonomous of Sihanoukville" and
    "Sihanoukville Autonomous Port" fold alike. The page's search box folds typed text the same way
    (graph/templates/graph.html, `fold`)."""
    return " ".join(sorted(words(name)))


@dataclass
class NameIndex:
    """Every name of every curated entity and fact (and every sector), folded, for steps 3 to 5."""

    ordered: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # words in order
    folded: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # words sorted
    identified: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # identifiers' words
    prefixes: list[tuple[str, int]] = field(default_factory=list)  # (word, position in names), sorted
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, iri), sorted
    words: list[tuple[str, ...]] = field(default_factory=list)  # the words of each name
    classes: dict[str, frozenset[str]] = field(default_factory=dict)  # with every superclass
    titles: frozenset[str] = HONORIFICS

    @classmethod
    def of(cls, store: ox.Store) -> NameIndex:
        """The index of a store, by three SPARQL queries."""
        index = cls()
        supers: dict[str, set[str]] = defaultdict(set)
        for row in store.query("SELECT ?c ?s WHERE { ?c rdfs:subClassOf+ ?s }", prefixes=PREFIXES):
            supers[row["c"].value].add(row["s"].value)
        types: dict[str, set[str]] = defaultdict(set)
        for row in store.query("""SELECT ?e ?c WHERE { { ?e dct:identifier ?id } UNION { ?e a skos:Concept }
                                  ?e a ?c }""", prefixes=PREFIXES):
            c = row["c"].value
            types[row["e"].value].update({c, *supers.get(c, ())})
        index.classes = {e: frozenset(cs) for e, cs in types.items()}
        seen: set[tuple[str, str]] = set()
        identifiers: set[tuple[str, str]] = set()
        for row in store.query("""SELECT ?e ?name ?id WHERE {
                { ?e dct:identifier ?id ; rdfs:label|skos:altLabel ?name }
                UNION { ?e dct:identifier ?name BIND (true AS ?id) }
                UNION { ?e a skos:Concept ; skos:notation|skos:prefLabel|rdfs:label|skos:altLabel ?name } }""",
                               prefixes=PREFIXES):
            e, name = row["e"].value, row["name"].value
            if isinstance(row["id"], ox.Literal) and row["id"].value == "true":
                identifiers.add((name, e))
            if (name, e) in seen:
                continue
            seen.add((name, e))
            index.names.append((name, e))
        index.names.sort()
        words_at: set[tuple[str, int]] = set()
        for i, (name, e) in enumerate(index.names):
            ws = words(name)
            index.words.append(tuple(ws))
            if ws and (name, e) in identifiers:
                index.identified[" ".join(sorted(ws))].add(e)
            elif ws:
                index.ordered[" ".join(ws)].add(e)
                index.folded[" ".join(sorted(ws))].add(e)
                words_at.update((w, i) for w in ws)
        index.prefixes = sorted(words_at)
        titled = {w for row in store.query("SELECT DISTINCT ?t WHERE { ?p schema:honorificPrefix ?t }",
                                           prefixes=PREFIXES) for w in words(row["t"].value)}
        index.titles = HONORIFICS | titled
        return index

    def named(self, given: list[str], cls: str | None) -> set[str]:
        """Entities one of whose names has the given words in their order, else in any order (the
        Ambassador of Japan to Cambodia is not the Ambassador of Cambodia to Japan), else whose
        identifier has them (a label goes first: "Sihanoukville Autonomous Port" is the company's
        name and the identifier of the place it runs)."""
        if not given:
            return set()
        return (self.of_class(self.ordered.get(" ".join(given), set()), cls)
                or self.of_class(self.folded.get(" ".join(sorted(given)), set()), cls)
                or self.of_class(self.identified.get(" ".join(sorted(given)), set()), cls))

    def of_class(self, iris: set[str], cls: str | None) -> set[str]:
        return {e for e in iris if cls is None or cls in self.classes.get(e, ())}

    def by_prefix(self, given: list[str], cls: str | None) -> set[str]:
        """Entities with a name each given word begins a word of, the entities before the facts
        ("Kishida" finds Fumio Kishida, not the meetings whose titles name him)."""
        if not given:
            return set()
        # the range of the sorted words the rarest given word begins first; the other given words
        # are then looked for in its names only
        ranges = sorted((bisect_left(self.prefixes, (w + "\U0010ffff", -1)) - bisect_left(self.prefixes, (w, -1)), w)
                        for w in set(given))
        first = bisect_left(self.prefixes, (ranges[0][1], -1))
        found = {i for _, i in self.prefixes[first:first + ranges[0][0]]}
        for _, w in ranges[1:]:
            found = {i for i in found if any(x.startswith(w) for x in self.words[i])}
        matched = self.of_class({self.names[i][1] for i in found}, cls)
        return {e for e in matched if _FACT not in self.classes.get(e, ())} or matched


_INDEXES: dict[int, tuple[ox.Store, NameIndex]] = {}


def name_index(store: ox.Store) -> NameIndex:
    """The store's name index, built on first use and kept for the process (for the last few stores:
    a store cannot be weakly referenced, so the cache holds it)."""
    key = id(store)
    if key not in _INDEXES or _INDEXES[key][0] is not store:
        while len(_INDEXES) >= 4:
            del _INDEXES[next(iter(_INDEXES))]
        _INDEXES[key] = (store, NameIndex.of(store))
    return _INDEXES[key][1]


def _literal(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


LANGUAGES = ("en", "ja", "km")
"""The language tags the build gives names (graph/rdfbuild.py): an exact name is looked up under each."""


def _exact(store: ox.Store, value: str, cls: str | None) -> tuple[set[str], set[str]]:
    """Entities whose identifier (first set), or a label or alias in some language (second set), is
    exactly `value`: index lookups, where comparing STR(?name) would scan every name."""
    restrict = f"?e a/rdfs:subClassOf* <{cls}> ." if cls else ""
    plain = _literal(value)
    tagged = " ".join([plain, *(f"{plain}@{lang}" for lang in LANGUAGES)])
    by_id = {r["e"].value for r in store.query(
        f"SELECT DISTINCT ?e WHERE {{ VALUES ?id {{ {plain} }} ?e dct:identifier|skos:notation ?id . {restrict} }}",
        prefixes=PREFIXES)}
    named = {r["e"].value for r in store.query(
        f"""SELECT DISTINCT ?e WHERE {{ VALUES ?name {{ {tagged} }} ?e rdfs:label|skos:altLabel|skos:prefLabel ?name .
            ?e dct:identifier|skos:notation ?id . {restrict} }}""", prefixes=PREFIXES)}
    return by_id, named


STEPS = ("identifier", "exact", "words", "untitled", "prefix", "untitled prefix")
"""The steps of a match, surest first (an article's names are linked with the step that found them)."""


def matches(store: ox.Store, value: str, cls: str | None = None) -> tuple[set[str], str | None]:
    """The entities `value` names at the first step that finds any, and that step; (set(), None) on a
    miss. `resolve` and the linking of an article's names (graph/ingest/link.py) share it."""
    value = value.strip()
    by_id, exact = _exact(store, value, cls) if value else (set(), set())
    if len(by_id) == 1:
        return by_id, "identifier"
    if exact:
        return exact, "exact"
    index = name_index(store)
    given = words(value)
    bare = [w for w in given if w not in index.titles] or given
    for step, attempt in (("words", lambda: index.named(given, cls)), ("untitled", lambda: index.named(bare, cls)),
                          ("prefix", lambda: index.by_prefix(given, cls)),
                          ("untitled prefix", lambda: index.by_prefix(bare, cls))):
        found = attempt()
        if found:
            return found, step
    return set(), None


def resolve(store: ox.Store, value: str, cls: str | None = None) -> str:
    """The IRI of the entity (of class `cls`, if given) that `value` names; a QueryError otherwise."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return value
    if ":" in value and value.split(":", 1)[0] in PREFIXES and " " not in value:
        prefix, local = value.split(":", 1)
        return PREFIXES[prefix] + local
    found, _step = matches(store, value, cls)
    if len(found) == 1:
        return found.pop()
    if found:
        raise ambiguous(store, value, found)
    index = name_index(store)
    what = cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if cls else "entity"
    known = [name for name, e in index.names if cls is None or cls in index.classes.get(e, ())]
    hint = did_you_mean(value, known, n=3, cutoff=0.5)
    raise QueryError(f"'{value}' names no {what} in the graph{hint}")


def candidates(store: ox.Store, iris: set[str]) -> list[str]:
    """Each entity as "identifier: label (kind, date)", in order of identifier."""
    values = " ".join(f"<{e}>" for e in sorted(iris))
    rows = store.query(f"""SELECT ?e (SAMPLE(?id) AS ?i) (SAMPLE(?label) AS ?l) (SAMPLE(?kind) AS ?k)
        (MIN(STR(?d)) AS ?when) WHERE {{ VALUES ?e {{ {values} }}
        OPTIONAL {{ ?e dct:identifier|skos:notation ?id }}
        OPTIONAL {{ ?e rdfs:label|skos:prefLabel ?label FILTER (lang(?label) = "en") }}
        OPTIONAL {{ ?e a ?c . ?c rdfs:label ?kind FILTER (lang(?kind) = "en") }}
        OPTIONAL {{ ?e cj:date|cj:dateSigned|cj:startDate|cj:openingDate|cj:attestedFrom|schema:birthDate ?d }}
        }} GROUP BY ?e""", prefixes=PREFIXES)
    out = []
    for r in rows:
        ident = r["i"].value if r["i"] is not None else r["e"].value
        about = ", ".join(x.value for x in (r["k"], r["when"]) if x is not None)
        label = f": {r['l'].value}" if r["l"] is not None else ""
        out.append(f"{ident}{label}" + (f" ({about})" if about else ""))
    return sorted(out)


def ambiguous(store: ox.Store, value: str, iris: set[str]) -> QueryError:
    """The error for a name several entities answer to, listing them."""
    listed = candidates(store, set(sorted(iris)[:SHOWN]))
    more = f"; and {len(iris) - SHOWN} more" if len(iris) > SHOWN else ""
    return QueryError(f"'{value}' is ambiguous: it could name any of {len(iris)}: " + "; ".join(listed) + more
                      + "; give an identifier or a fuller name")


__all__ = ["HONORIFICS", "STEPS", "NameIndex", "ambiguous", "fold", "matches", "name_index", "resolve", "words"]
