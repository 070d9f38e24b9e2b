"""Comparing answers of different SPARQL engines: values as text, GROUP_CONCAT lists as sets."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import rdflib

_LIST = re.compile(r"; | \| ")


def norm(value: Any) -> str:
    """One cell as comparable text: numbers canonical, concatenated lists sorted (their order is free)."""
    if value is None:
        return ""
    text = str(value.value) if hasattr(value, "value") and not isinstance(value, rdflib.term.Identifier) else str(value)
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return str(float(text)) if "." in text else text
    if _LIST.search(text):
        return "; ".join(sorted(_LIST.split(text)))
    if text.startswith("http") and " http" in text:
        return " ".join(sorted(text.split(" ")))
    return text


def rows_of(variables: list[str], rows: list[tuple[Any, ...]]) -> Counter:
    return Counter(tuple(norm(v) for v in row) for row in rows)


def rdflib_rows(graph: rdflib.Graph, sparql: str, prefixes: dict[str, str]) -> tuple[list[str], list[tuple]]:
    result = graph.query(sparql, initNs=prefixes)
    variables = [str(v) for v in result.vars]
    return variables, [tuple(row) for row in result]
