"""Running SPARQL on the built store and turning solutions into plain Python rows."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import PREFIXES

_INTEGER = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("integer", "int", "long", "nonNegativeInteger")}
_DECIMAL = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("decimal", "double", "float")}


def to_python(term: Any) -> Any:
    """A term as a notebook user wants it: IRIs as str, numbers as int or float, other literals as str."""
    kind = term.__class__
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.Literal:
        dtype = term.datatype.value
        if dtype in _INTEGER:
            return int(term.value)
        if dtype in _DECIMAL:
            return float(term.value)
        return term.value
    return None if term is None else str(term)


def select(store: ox.Store, query: str) -> list[dict[str, Any]]:
    """Rows of a SELECT query, with the project prefixes predeclared."""
    try:
        solutions = store.query(query, prefixes=PREFIXES)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    names = [v.value for v in solutions.variables]
    return [dict(zip(names, map(to_python, sol), strict=True)) for sol in solutions]
