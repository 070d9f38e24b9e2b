"""CJKG: the Cambodia–Japan Knowledge Graph toolchain.

A notebook user calls the same functions the `cjkg` command does::

    from graph import build, open_store, query
    build("out")
    rows = query("out", "office-holder", {"office": "Prime Minister of Japan", "date": "2020-06-01"}).dicts()

Names are imported lazily, so that a command pays only for the modules it uses.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "build": "builder", "BuildResult": "lastbuild", "query": "querying",
    "CjkgError": "errors", "CurationError": "errors", "Problem": "errors", "QueryError": "errors",
    "ShapeViolation": "errors", "BuildNotFound": "errors",
    "Catalog": "loader", "load_catalog": "loader",
    "select": "sparql",
    "Stats": "stats", "graph_stats": "stats",
    "open_store": "store",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
