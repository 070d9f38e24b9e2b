"""Running a query on rdflib's memory store, for the comparisons of engines (graph/engines.py)."""

from __future__ import annotations

import rdflib


def rdflib_rows(graph: rdflib.Graph, sparql: str, prefixes: dict[str, str]) -> tuple[list[str], list[tuple]]:
    result = graph.query(sparql, initNs=prefixes)
    variables = [str(v) for v in result.vars]
    return variables, [tuple(row) for row in result]
