"""The values people filter by (dates, periods, sectors), checked one way for `query`, `html` and
`report`, so that the three accept and refuse the same values with the same messages.

Each check names the filter as its parameter is named (`from`, `to`, `sector`, `date`), which is
also the name of the command-line option without its dashes.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pyoxigraph as ox

from .dates import PartialDate
from .errors import QueryError
from .namespaces import PREFIXES, SECTOR


def day(value: str, name: str, end: bool = False) -> dt.date:
    """The first day (or, with `end`, the last) of the period YYYY, YYYY-MM or YYYY-MM-DD; `today` is today."""
    if value == "today":
        return dt.date.today()
    try:
        d = PartialDate.parse(value)
    except ValueError as e:
        raise QueryError(f"{name}: {e}") from None
    return d.last_day() if end else d.first_day()


def period(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last days of [start, end], either open; a start after the end is an error."""
    first = day(start, "from") if start else None
    last = day(end, "to", end=True) if end else None
    if first and last and first > last:
        raise QueryError(f"from ({start}) is later than to ({end}): the period is empty")
    return first, last


class Sector(NamedTuple):
    iri: str
    notation: str


def sector(store: ox.Store, value: str) -> Sector:
    """The sector of the scheme whose notation or label is `value` (any case); an error lists them all."""
    rows = [(s["s"].value, s["n"].value, s["name"].value) for s in store.query(
        f"""SELECT ?s ?n ?name WHERE {{ ?s skos:inScheme <{SECTOR}> ; skos:notation ?n ;
                                          skos:notation|skos:prefLabel|skos:altLabel ?name }}""",
        prefixes=PREFIXES)]
    wanted = value.strip().lower()
    found = sorted({(iri, n) for iri, n, name in rows if name.lower() == wanted})
    if len(found) == 1:
        return Sector(*found[0])
    known = ", ".join(sorted({n for _, n, _ in rows}))
    raise QueryError(f"sector: '{value}' is not a sector of the scheme; the sectors are: {known}")


def as_typed(**given: str | None) -> str:
    """The filters given, as typed on the command line (`--sector space --to 2013`); `from_` is `--from`."""
    return " ".join(f"--{name.rstrip('_')} {value}" for name, value in given.items() if value)
