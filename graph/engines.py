"""Comparing the answers of different SPARQL engines: values as text, GROUP_CONCAT lists as sets.

Engines agree on what a query answers but not on how they spell it: the order of rows without ORDER
BY, the order of a GROUP_CONCAT list, a number's lexical form, Virtuoso's legacy typed literals. The
benchmark and the tests compare rows as multisets of normalised cells."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

_LIST = re.compile(r"; | \| ")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def norm(value: Any) -> str:
    """One cell as comparable text: numbers canonical, concatenated lists sorted (their order is free)."""
    if value is None:
        return ""
    # pyoxigraph terms carry .value; rdflib's terms are str subclasses whose str() is the lexical form.
    text = value.value if hasattr(value, "value") and not isinstance(value, str) else str(value)
    if _NUMBER.fullmatch(text):
        return str(float(text)) if "." in text else text
    if _LIST.search(text):
        return "; ".join(sorted(_LIST.split(text)))
    if text.startswith("http") and " http" in text:
        return " ".join(sorted(text.split(" ")))
    return text


def rows_of(rows: Iterable[Iterable[Any]]) -> Counter:
    """The rows as a multiset of normalised tuples: equal when two engines gave the same answer."""
    return Counter(tuple(norm(v) for v in row) for row in rows)


__all__ = ["norm", "rows_of"]
