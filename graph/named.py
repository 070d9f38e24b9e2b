"""The named query library: .rq files in graph/queries, each with a header that documents it.

Header lines at the top of a file::

    # title: Who held an office on a date
    # description: One sentence or more; continuation lines start with "#   ".
    # answers: CQ4
    # param: office entity(cj:Office) required The office: identifier, label or alias
    # param: date date today The day, as YYYY, YYYY-MM or YYYY-MM-DD
    # example: office=Ambassador of Japan to Cambodia; date=2020-06-01

A param line is NAME TYPE DEFAULT DESCRIPTION. TYPE is entity, entity(CLASS), sector, date (the
first day of the period given), date-end (its last day), year, integer or text. DEFAULT is
`required`, `none` (unbound unless given) or a value. An example line gives parameter values that
show the query at work (the query page and the documentation use them). Parameters reach the query as variables of the
same name, bound by a VALUES block placed at the start of the first WHERE group, so the same text
runs on Oxigraph, rdflib and any SPARQL 1.1 server. A parameter without a value is left out of the
block (unbound), not given as UNDEF: Virtuoso 7.2 lost every row of `office-gaps` on an UNDEF.

The queries are written to give the same answers on all three engines the tests run them on: dates
are compared with `!(?a > ?b)` rather than `?a <= ?b` (Virtuoso 7 mis-compares xsd:date with <= and
>=); a VALUES block never stands inside a UNION, and a `*` path never inside an EXISTS (Virtuoso);
disconnected patterns are avoided (rdflib evaluates them as cross products); a list is gathered
with `GROUP_CONCAT(DISTINCT STR(?x))`, since rdflib fails on DISTINCT over a variable an OPTIONAL
left unbound.

They are also written for Oxigraph's planner, which at a million triples decides whether a query
takes milliseconds or minutes. It estimates sizes from the shape of the patterns, not from the data,
and filters do not count: a join placed after a sub-select, or a branch of a UNION, is evaluated
over the whole graph and hash-joined, while an OPTIONAL whose pattern shares an always-bound
variable with what precedes it is looked up row by row. So a query chooses its rows first (often in
a sub-select that takes the parameters), then looks up what it shows as OPTIONALs; alternative
paths (`cj:funder|cj:party`) or a VALUES table of predicates stand where a UNION would; class
hierarchies are walked from the few classes (`?cls rdfs:subClassOf* cj:Event . ?x a ?cls`), never
from each instance; and a FILTER EXISTS over two patterns is avoided where a join will do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from . import filters, resources
from .errors import QueryError
from .namespaces import PREFIXES, XSD
from .resolve import resolve
from .suggest import did_you_mean

NAME_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TYPES = ("entity", "sector", "date", "date-end", "year", "integer", "text")
# The one vocabulary of parameter names: a query takes `person` wherever it wants a person, `entity`
# wherever any entity will do, `from` and `to` for a period, and so on, so that a name learnt on one
# query works on every other. A param line with any other name is refused.
VOCABULARY = ("entity", "person", "office", "place", "organisation", "agreement", "project", "measure",
              "sector", "from", "to", "year", "date", "text", "min", "role", "currency", "kind")
"""The parameter names every named query draws on: one name, one meaning (`role`, `currency` and
`kind` name a concept of the amount-role scheme, an ISO 4217 code and a concept of the
quantity-kind scheme)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None  # None: optional and unbound
    required: bool
    description: str
    cls: str | None = None  # for entity(CLASS)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    answers: str
    params: tuple[Param, ...]
    text: str
    path: Path = field(compare=False)
    example: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise QueryError(f"query '{self.name}' has no parameter '{name}'; it takes: "
                         f"{', '.join(p.name for p in self.params) or 'none'}")


def _parse(path: Path) -> NamedQuery:
    header: dict[str, str] = {}
    params: list[Param] = []
    example: tuple[tuple[str, str], ...] = ()
    key = None
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*(title|description|answers|param|example):\s*(.*)", line)
        if m:
            key, value = m.groups()
            if key == "param":
                params.append(_param(value, path))
                key = None
            elif key == "example":
                example = tuple(tuple(part.split("=", 1)) for part in value.split("; ") if "=" in part)
                key = None
            else:
                header[key] = value.strip()
        elif key and line.startswith("#   "):
            header[key] += " " + line[1:].strip()
    for needed in ("title", "description", "answers"):
        if needed not in header:
            raise QueryError(f"{path.name}: the header lacks '# {needed}:'")
    return NamedQuery(path.stem, header["title"], header["description"], header["answers"], tuple(params),
                      path.read_text(), path, example)


def _param(spec: str, path: Path) -> Param:
    m = re.match(r"(\w+)\s+([\w-]+)(?:\(([\w:]+)\))?\s+(\S+)\s+(.*)", spec)
    if not m or m.group(2) not in TYPES:
        raise QueryError(f"{path.name}: cannot read the param line '{spec}'")
    name, type_, cls, default, description = m.groups()
    if name not in VOCABULARY:
        raise QueryError(f"{path.name}: parameter '{name}' is not in the vocabulary ({', '.join(VOCABULARY)})")
    if cls and ":" in cls:
        prefix, local = cls.split(":", 1)
        cls = PREFIXES[prefix] + local
    required = default == "required"
    return Param(name, type_, None if default in ("required", "none") else default, required, description, cls)


@lru_cache(maxsize=1)
def library() -> dict[str, NamedQuery]:
    """Every named query of the package, by name."""
    return {q.name: q for q in (_parse(p) for p in sorted(resources.queries_dir().glob("*.rq")))}


def get(name: str) -> NamedQuery:
    lib = library()
    if name not in lib:
        hint = did_you_mean(name, lib, n=3) or "; `cjkg queries` lists them"
        raise QueryError(f"no named query '{name}'{hint}")
    return lib[name]


# -- Binding parameters -----------------------------------------------------------------------


def _literal(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _date(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^<{XSD}date>'


def _term(store: ox.Store, param: Param, value: str) -> str:
    if param.type == "entity":
        return f"<{resolve(store, value, param.cls)}>"
    if param.type == "sector":
        return f"<{filters.sector(store, value).iri}>"
    if param.type in ("date", "date-end"):
        return _date(filters.day(value, param.name, end=param.type == "date-end"))
    if param.type in ("year", "integer"):
        if not re.fullmatch(r"-?\d+", value):
            raise QueryError(f"parameter '{param.name}' takes a whole number, not '{value}'")
        return f'"{int(value)}"^^<{XSD}integer>'
    return _literal(value)


def bind(store: ox.Store, query: NamedQuery, values: dict[str, str]) -> str:
    """The query's text with its parameters bound (defaults applied, entities resolved)."""
    for name in values:
        query.param(name)  # unknown names are an error
    filters.period(values.get("from"), values.get("to"))  # a start after the end is an error
    bound: dict[str, str] = {}
    for p in query.params:
        given = values.get(p.name, p.default)
        if given is None and p.required:
            raise QueryError(f"query '{query.name}' needs --param {p.name}=... ({p.description})")
        if given is not None:
            bound[p.name] = _term(store, p, given)
    if not bound:  # a parameter left out is unbound, as UNDEF would leave it (which Virtuoso 7.2 mishandles)
        return query.text
    block = f"VALUES ({' '.join('?' + n for n in bound)}) {{ ({' '.join(bound.values())}) }}\n"
    m = re.search(r"(?i)\bWHERE\s*\{", query.text)
    if not m:
        raise QueryError(f"{query.path.name}: no WHERE group to bind parameters in")
    return query.text[: m.end()] + "\n  " + block + query.text[m.end():]


def parse_params(pairs: list[str]) -> dict[str, str]:
    """NAME=VALUE strings from the command line."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise QueryError(f"--param takes NAME=VALUE, not '{pair}'")
        name, value = pair.split("=", 1)
        out[name.strip()] = value.strip()
    return out
