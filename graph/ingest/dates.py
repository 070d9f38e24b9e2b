"""Dates in a sentence, absolute ("7 September 2023", "Feb. 15", "April 2018") or relative ("on
Tuesday", "last year", "next month"), resolved against the article's date with the precision the text
gives (a month stays a month). dateparser reads each expression found; the patterns only find them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from ..dates import PartialDate

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # ranges first: "13 to 16 February 2017", "February 13 to 16", "March 20-21"
    ("day range", re.compile(rf"\b(?P<d1>{_DAY})\s*(?:to|-|–|and)\s*(?P<d2>{_DAY})\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")),  # noqa: E501
    ("range day", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:to|-|–|and)\s*(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b")),  # noqa: E501
    ("day", re.compile(rf"\b(?P<d1>{_DAY})\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    ("day", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d1>{_DAY})(?:,\s*(?P<y>{_YEAR}))?\b(?!\s*(?:million|billion))")),
    ("month", re.compile(rf"\b(?:in|since|from|until|by|of|last|next|early|late|mid-?)\s+(?P<m>{_MONTH})(?:\s+(?P<y>{_YEAR}))?\b")),  # noqa: E501
    ("month", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b")),
    ("year", re.compile(rf"\b(?:in|since|from|until|by|of)\s+(?P<y>{_YEAR})\b")),
    ("relative year", re.compile(r"\b(?P<rel>last|next|this|previous)\s+year\b", re.IGNORECASE)),
    ("relative month", re.compile(r"\b(?P<rel>last|next|this|previous)\s+month\b", re.IGNORECASE)),
    ("relative day", re.compile(rf"\b(?:on\s+|last\s+|next\s+|this\s+)?(?P<wd>{_WEEKDAY})\b")),
    ("relative day", re.compile(r"\b(?P<rel>yesterday|today|tomorrow|this morning|this afternoon)\b", re.IGNORECASE)),
]
_FUTURE = re.compile(r"\b(?:will|shall|to be held|scheduled|plans? to|is to|are to|expected to|looks forward|upcoming)\b",  # noqa: E501
                     re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"], 1)}


@dataclass(frozen=True)
class Found:
    """A date in a sentence: where it is, what it says, when it ends (a range), and whether it was
    relative to the article's date."""

    start: int
    text: str
    date: PartialDate
    end: PartialDate | None = None
    relative: bool = False


def find_dates(sentence: str, base: PartialDate | None) -> list[Found]:
    """The dates a sentence states, in order; those that need the article's date (a month and day
    without a year, "on Tuesday") are left out when the article has none."""
    taken: list[tuple[int, int]] = []
    out: list[Found] = []
    future = bool(_FUTURE.search(sentence))
    for what, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            found = _read(what, m, base, future)
            if found is not None:
                taken.append((m.start(), m.end()))
                out.append(Found(m.start(), m.group(0).strip(), *found))
    return sorted(out, key=lambda f: f.start)


def _month(text: str) -> int:
    return _MONTHS[text.strip(".").lower()[:3]]


def _year_for(month: int, base: PartialDate | None, future: bool) -> int | None:
    """The year of a month a sentence names without one: the article's, or the one before or after
    when the month lies on the far side of the article's date from the sentence's tense."""
    if base is None:
        return None
    if base.month is None:
        return base.year
    if future and month < base.month - 2:
        return base.year + 1
    if not future and month > base.month + 2:
        return base.year - 1
    return base.year


def _read(what: str, m: re.Match[str], base: PartialDate | None, future: bool
          ) -> tuple[PartialDate, PartialDate | None, bool] | None:
    g = m.groupdict()
    if what in ("day range", "range day", "day", "month"):
        month = _month(g["m"])
        year = int(g["y"]) if g.get("y") else _year_for(month, base, future)
        if year is None:
            return None
        if what == "month":
            said = m.group(0).lower()
            if not g.get("y") and base is not None and base.month is not None:
                if said.startswith("last"):
                    year = base.year if month < base.month else base.year - 1
                elif said.startswith("next"):
                    year = base.year if month > base.month else base.year + 1
            return PartialDate(year, month), None, False
        d1 = int(re.sub(r"\D", "", g["d1"]))
        try:
            dt.date(year, month, d1)
            first = PartialDate(year, month, d1)
            end = PartialDate(year, month, int(re.sub(r"\D", "", g["d2"]))) if g.get("d2") else None
            if end is not None:
                dt.date(year, month, end.day)
        except ValueError:
            return None
        return first, end, False
    if what == "year":
        return PartialDate(int(g["y"])), None, False
    if base is None:
        return None
    rel = (g.get("rel") or "").lower()
    if what == "relative year":
        shift = {"last": -1, "previous": -1, "next": 1}.get(rel, 0)
        return PartialDate(base.year + shift), None, True
    if what == "relative month":
        if base.month is None:
            return None
        shift = {"last": -1, "previous": -1, "next": 1}.get(rel, 0)
        y, mo = divmod(base.year * 12 + base.month - 1 + shift, 12)
        return PartialDate(y, mo + 1), None, True
    if base.day is None:
        return None
    parsed = dateparser.parse(m.group(0).strip(), languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        return None
    return PartialDate(parsed.year, parsed.month, parsed.day), None, True
