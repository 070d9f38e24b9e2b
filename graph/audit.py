"""The audit: checks across records that the SHACL shapes cannot state, run on the built store.

A shape judges one node and its neighbours; these checks compare records with each other: terms of
one office that overlap, a part of an event dated outside the event, a project whose amount differs
from the agreement that funds it, two records with one name, a statistical series that joins two
data providers; and an entity label too long to be a name. Each finding is placed at the curated
record, like a shape's, and joins the shapes' warnings (or, where the record is plainly invalid,
their violations). Dates are compared as the
intervals their precision gives: "2017-08" is any day of August 2017.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox

from .buildstate import BuildState, Origins
from .errors import Problem, ShapeViolation
from .namespaces import curie
from .rdfbuild import Origin
from .resolve import fold
from .shacl import problem_at

KEY = "audit:"
"""Prefix of an audit finding's focus in a build's warnings: a rebuild drops them all and audits again."""

_PREFIXES = """PREFIX cj: <https://w3id.org/cjkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""
_FAR = dt.date(9999, 12, 31)


@dataclass(frozen=True, order=True)
class Finding:
    """One thing the audit found, on a node of the graph."""

    focus: str
    path: str
    message: str
    error: bool = False


# -- Dates as intervals ---------------------------------------------------------------------------


def _day(term: ox.Literal | None) -> dt.date | None:
    return dt.date.fromisoformat(term.value) if term is not None else None


def _period(day: dt.date, precision: ox.NamedNode | None) -> tuple[dt.date, dt.date]:
    """The days a stored date may stand for: the whole month or year when that is its precision."""
    unit = precision.value.rsplit("#", 1)[-1] if precision is not None else ""
    if unit == "unitYear":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if unit == "unitMonth":
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    return day, day


def _rows(store: ox.Store, query: str) -> Iterable[ox.QuerySolution]:
    return store.query(_PREFIXES + query)


# -- Terms of office ------------------------------------------------------------------------------


def overlapping_terms(store: ox.Store) -> list[Finding]:
    """Terms of one single-holder office that overlap, neither acting nor held jointly.

    A term spans from its start (else its first attested day, else its end) to its end (else its
    last attested day; open while a started term has no end), as the office-holder query reads it,
    so that a term ending in "2021-11" overlaps one starting on 2021-11-10. The day one holder hands
    over to the next may be both the end of one term and the start of the other; and where neither
    that end nor that start is given to the day, an overlap within their month or year is a handover
    the sources do not date, not a finding.
    """
    terms: dict[str, list[_Term]] = defaultdict(list)
    for row in _rows(store, """
        SELECT ?term ?office ?name ?start ?sp ?end ?ep ?from ?until WHERE {
          ?term a cj:TermOfOffice ; cj:office ?office ; org:member ?person .
          FILTER NOT EXISTS { ?office cj:singleHolder false }
          FILTER NOT EXISTS { ?term cj:acting true }
          FILTER NOT EXISTS { ?term cj:coHolder true }
          OPTIONAL { ?person rdfs:label ?name FILTER (lang(?name) = "en") }
          OPTIONAL { ?term cj:startDate ?start } OPTIONAL { ?term cj:startDatePrecision ?sp }
          OPTIONAL { ?term cj:endDate ?end } OPTIONAL { ?term cj:endDatePrecision ?ep }
          OPTIONAL { ?term cj:attestedFrom ?from } OPTIONAL { ?term cj:attestedUntil ?until }
        }"""):
        start, end = _day(row["start"]), _day(row["end"])
        first = start or _day(row["from"]) or end
        last = end or _day(row["until"]) or (_FAR if start else first)
        name = row["name"].value if row["name"] is not None else curie(row["term"].value)
        terms[row["office"].value].append(_Term(
            first, last, row["term"].value, name,
            _period(start, row["sp"]) if start and row["sp"] is not None else None,
            _period(end, row["ep"]) if end and row["ep"] is not None else None))
    found = []
    for office, spans in terms.items():
        spans.sort()
        # One sweep in order of start: each term is compared with the earlier term that runs longest,
        # so a long succession costs no more than sorting it.
        a = spans[0]
        for b in spans[1:]:
            until = min(a.last, b.last)
            if b.first < a.last and not _undated_handover(a, b, until):
                shown = "open" if until == _FAR else until.isoformat()
                found.append(Finding(b.term, "cj:startDate", (
                    f"overlaps {a.name}'s term of the single-holder office {curie(office)} "
                    f"({b.first.isoformat()} to {shown}); mark one term `acting: true` or `co_holder: true` "
                    f"if the sources say so, else correct the dates")))
            if b.last > a.last:
                a = b
    return found


@dataclass(frozen=True, order=True)
class _Term:
    first: dt.date
    last: dt.date
    term: str
    name: str
    start_period: tuple[dt.date, dt.date] | None  # the month or year of a start not given to the day
    end_period: tuple[dt.date, dt.date] | None


def _undated_handover(a: _Term, b: _Term, until: dt.date) -> bool:
    """Whether the overlap of a and b lies within the month or year in which one's end and the
    other's start, neither given to the day, both fall."""
    since = max(a.first, b.first)
    for ending, starting in ((a, b), (b, a)):
        if ending.end_period is not None and starting.start_period is not None:
            lo = min(ending.end_period[0], starting.start_period[0])
            hi = max(ending.end_period[1], starting.start_period[1])
            if lo <= since and until <= hi:
                return True
    return False


# -- Parts of events ------------------------------------------------------------------------------


def parts_outside(store: ox.Store) -> list[Finding]:
    """Events dated outside the event they are part of: an error when no reading of the two dates'
    precisions puts the part within the whole, a warning when some reading does not (a part dated
    to the month of a visit dated to the day: date the part within the visit)."""
    found = []
    for row in _rows(store, """
        SELECT ?part ?whole ?d ?dp ?e ?ep ?wd ?wdp ?we ?wep WHERE {
          ?part cj:partOf ?whole ; cj:date ?d . ?whole cj:date ?wd .
          OPTIONAL { ?part cj:datePrecision ?dp } OPTIONAL { ?part cj:endDate ?e }
          OPTIONAL { ?part cj:endDatePrecision ?ep }
          OPTIONAL { ?whole cj:datePrecision ?wdp } OPTIONAL { ?whole cj:endDate ?we }
          OPTIONAL { ?whole cj:endDatePrecision ?wep }
        }"""):
        part = _span(row["d"], row["dp"], row["e"], row["ep"])
        whole = _span(row["wd"], row["wdp"], row["we"], row["wep"])
        surely_out = part.last < whole.first or part.first > whole.last
        if surely_out or part.first < whole.first or part.last > whole.last:
            what = "is dated outside" if surely_out else "is not dated within"
            found.append(Finding(row["part"].value, "cj:date", (
                f"{what} the event it is part of, {curie(row['whole'].value)} "
                f"({_show(part)} against {_show(whole)})"), error=surely_out))
    return found


@dataclass(frozen=True)
class _Span:
    """The days an event may cover: from the first day its date may be to the last its end (or,
    without an end, its date) may be."""

    first: dt.date
    last: dt.date


def _span(date: ox.Literal, precision: ox.NamedNode | None, end: ox.Literal | None,
          end_precision: ox.NamedNode | None) -> _Span:
    first, last = _period(_day(date), precision)
    if end is not None:
        last = _period(_day(end), end_precision)[1]
    return _Span(first, last)


def _show(span: _Span) -> str:
    return span.first.isoformat() if span.first == span.last else f"{span.first.isoformat()} to {span.last.isoformat()}"


# -- Amounts of projects and their agreements -----------------------------------------------------


def amounts_differ(store: ox.Store, within: Decimal = Decimal("0.05")) -> list[Finding]:
    """A project amount that nearly, but not exactly, equals an amount of the agreement that funds
    it, in the same currency (and the same role, where the project has an amount of that role):
    one figure written down twice, differently. Figures far apart, and a project amount dated in
    another year than the agreement was signed, are other tranches or other projects of the
    agreement, and are not compared."""
    agreed: dict[tuple[str, str], list[_Amount]] = defaultdict(list)
    recorded: dict[str, list[_Amount]] = defaultdict(list)
    for row in _rows(store, f"""
        SELECT ?agreement ?project ?value ?currency ?role ?day WHERE {{
          ?agreement cj:funds ?project ; cj:amount ?a .
          ?a schema:value ?value ; schema:currency ?currency . {_ROLE}
          OPTIONAL {{ ?agreement cj:dateSigned ?day }}
        }}"""):
        agreed[(row["agreement"].value, row["project"].value)].append(_amount(row))
    for row in _rows(store, f"""
        SELECT ?project ?value ?currency ?role ?day WHERE {{
          ?project a cj:Project ; cj:amount ?a .
          ?a schema:value ?value ; schema:currency ?currency . {_ROLE}
          OPTIONAL {{ ?a cj:date ?day }}
        }}"""):
        recorded[row["project"].value].append(_amount(row))
    found = []
    for (agreement, project), amounts in sorted(agreed.items()):
        for value, currency, role, signed in sorted(amounts, key=lambda a: a[:3]):
            same_currency = [a for a in recorded.get(project, []) if a[1] == currency
                             and not (a[3] and signed and a[3] != signed)]
            compared = [a for a in same_currency if a[2] == role] or same_currency
            if not compared or any(a[0] == value for a in compared):
                continue
            nearest = min(compared, key=lambda a: abs(a[0] - value))
            if abs(nearest[0] - value) <= within * value:
                found.append(Finding(project, "cj:amount", (
                    f"records {_money(nearest[0], currency)} ({nearest[2] or 'no role'}) where "
                    f"{curie(agreement)}, which funds it, gives {_money(value, currency)} ({role or 'no role'})")))
    return found


_ROLE = 'OPTIONAL { ?a cj:amountRole/skos:prefLabel ?role FILTER (lang(?role) = "en") }'
_Amount = tuple[Decimal, str, str, str]
"""Value, currency, role, and the year the amount is dated in (an agreement's: its signing)."""


def _amount(row: ox.QuerySolution) -> _Amount:
    day = row["day"]
    return (Decimal(row["value"].value), row["currency"].value, row["role"].value if row["role"] is not None else "",
            day.value[:4] if day is not None else "")


def _money(value: Decimal, currency: str) -> str:
    return f"{value:,f} {currency}".replace(".000000", "")


# -- One thing, two identifiers -------------------------------------------------------------------


def same_names(store: ox.Store) -> list[Finding]:
    """Two entities (not facts) whose names or aliases fold to the same words, unless they belong
    to different countries (a country, nationality or jurisdiction each, none shared)."""
    facts = {row["c"].value for row in _rows(store, "SELECT ?c WHERE { ?c rdfs:subClassOf* cj:Fact }")}
    kinds = {row["c"].value for row in _rows(store, "SELECT DISTINCT ?c WHERE { ?x dct:identifier ?id ; a ?c }")}
    entities = " ".join(f"<{c}>" for c in sorted(kinds - facts))
    named: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, f"""
        SELECT DISTINCT ?x ?name WHERE {{
          VALUES ?c {{ {entities} }} ?x a ?c ; dct:identifier ?id ; rdfs:label|skos:altLabel ?name .
        }}"""):
        words = fold(row["name"].value)
        if words:
            named[words].add(row["x"].value)
    homes: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "SELECT ?x ?c WHERE { ?x dct:identifier ?id ; cj:country|cj:jurisdiction ?c }"):
        homes[row["x"].value].add(row["c"].value)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for words, things in named.items():
        for a, b in combinations(sorted(things), 2):
            if homes[a] and homes[b] and homes[a].isdisjoint(homes[b]):
                continue  # namesakes of different countries: the ambassadors of each to the other
            pairs[(a, b)].add(words)
    return [Finding(b, "rdfs:label", f"has a name that folds to the words of a name of {curie(a)} "
                    f"({'; '.join(sorted(words))}): one thing with two identifiers? Merge them, keeping "
                    "the names as aliases") for (a, b), words in sorted(pairs.items())]


# -- Labels that are names -----------------------------------------------------------------------

LABEL_LIMIT = 80
"""The most characters of an entity's label: a label is the name people use, not a description."""


def long_labels(store: ox.Store, limit: int = LABEL_LIMIT) -> list[Finding]:
    """Entities (not facts, whose titles are headlines) whose English label runs over `limit`
    characters: the label is read as a name in lists, pages and lookups."""
    facts = {row["c"].value for row in _rows(store, "SELECT ?c WHERE { ?c rdfs:subClassOf* cj:Fact }")}
    found = []
    for row in _rows(store, f"""
        SELECT ?x ?label (GROUP_CONCAT(STR(?c)) AS ?classes) WHERE {{
          ?x dct:identifier ?id ; rdfs:label ?label ; a ?c .
          FILTER (lang(?label) = "en" && STRLEN(?label) > {int(limit)})
        }} GROUP BY ?x ?label"""):
        if facts.isdisjoint(row["classes"].value.split()):
            found.append(Finding(row["x"].value, "name", (
                f"the label has {len(row['label'].value)} characters, over {limit}: a label is the name "
                "people use; move the rest to `description` (and keep the old label as an alias only if "
                "people use it as a name)")))
    return found


# -- Statistical series ---------------------------------------------------------------------------


def mixed_providers(store: ox.Store) -> list[Finding]:
    """A series (the observations of one measure about one subject) whose values come from more
    than one data provider: read together, its figures compare unlike statistics."""
    series: dict[tuple[str, str], dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(store, """
        SELECT ?obs ?measure ?about ?provider ?year WHERE {
          ?obs a cj:Observation ; cj:measure ?measure ; cj:dataProvider ?provider ; cj:year ?year .
          OPTIONAL { ?obs cj:observedFor ?about }
        }"""):
        key = (row["measure"].value, row["about"].value if row["about"] is not None else "")
        series[key][row["provider"].value].append((int(row["year"].value), row["obs"].value))
    found = []
    for (measure, about), by_provider in sorted(series.items()):
        if len(by_provider) < 2:
            continue
        latest = max(o for obs in by_provider.values() for o in obs)[1]
        which = "; ".join(f"{curie(p)}: {', '.join(str(y) for y, _ in sorted(obs))}"
                          for p, obs in sorted(by_provider.items()))
        subject = f" about {curie(about)}" if about else ""
        found.append(Finding(latest, "cj:dataProvider", (
            f"the series of {curie(measure)}{subject} joins figures of different data providers ({which}); "
            "give each provider's figures their own measure")))
    return found


CHECKS = (overlapping_terms, parts_outside, amounts_differ, same_names, long_labels, mixed_providers)


def audit(store: ox.Store) -> list[Finding]:
    """Every check's findings, sorted."""
    return sorted(f for check in CHECKS for f in check(store))


# -- Into the build's report ----------------------------------------------------------------------


def problems(found: list[Finding], origin: Mapping[str, Origin]) -> tuple[list[Problem], list[tuple[str, Problem]]]:
    """Errors, and warnings keyed by focus, placed at the curated records the nodes came from."""
    errors, warned = [], []
    for f in found:
        problem = problem_at(origin, f.focus, f.path, f"{f.message} [audit]")
        if f.error:
            errors.append(problem)
        else:
            warned.append((KEY + f.focus, problem))
    return sorted(set(errors)), sorted(set(warned))


def audited(store_dir: Path, state: BuildState, state_dir: Path,
            found: list[Finding] | None = None) -> list[tuple[str, Problem]]:
    """The build's warnings with the audit's, fresh, in place of any earlier audit's; raises
    ShapeViolation when the audit finds a plainly invalid record. `found`: the audit's findings where
    the build has already audited its graph (on the in-memory copy the shapes were checked on, several
    times quicker than the on-disk store); else the store in store_dir is audited."""
    if found is None:
        store = ox.Store.read_only(str(store_dir))
        try:
            found = audit(store)
        finally:
            del store
    placed = replace(state, folder=state_dir)
    origin = Origins({}, lambda: placed.origins(list(placed.units)))
    errors, warned = problems(found, origin)
    if errors:
        raise ShapeViolation(errors)
    return sorted({*(w for w in state.warned if not w[0].startswith(KEY)), *warned})


__all__ = ["CHECKS", "LABEL_LIMIT", "Finding", "audit", "audited", "fold", "problems"]
