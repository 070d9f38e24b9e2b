"""CJKG: the Cambodia–Japan Knowledge Graph toolchain.

A notebook user calls the same functions the `cjkg` command does::

    from graph import build, open_store, select
    result = build("out")
    rows = select(open_store("out"), "SELECT ?s WHERE { ?s a cj:Summit }")
"""

from .build import BuildResult, build
from .errors import CjkgError, CurationError, Problem, QueryError, ShapeViolation
from .loader import Catalog, load_catalog
from .sparql import select
from .stats import Stats, graph_stats
from .store import open_store

__version__ = "0.1.0"

__all__ = [
    "BuildResult", "Catalog", "CjkgError", "CurationError", "Problem", "QueryError", "ShapeViolation",
    "Stats", "build", "graph_stats", "load_catalog", "open_store", "select", "__version__",
]
