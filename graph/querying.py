"""`cjkg query` as a library call: resolve the query (inline, .rq file or named), make sure the build
is current, bind parameters, and run it on the embedded store or a remote endpoint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import lastbuild, named, resources
from .errors import BuildNotFound, QueryError
from .evaluate import DEFAULT_TIMEOUT, QueryResult, read_query_text, run_sparql
from .store import cached_store

Progress = Callable[[str], None]


def ensure_build(out: Path, progress: Progress | None = None) -> None:
    """Build if there is no build in `out`, rebuild if the curated sources changed since."""
    say = progress or (lambda _m: None)
    manifest = lastbuild.read(out)
    if manifest is not None:
        data = _data_of(manifest)
        if lastbuild.current(out, data) is not None:
            return
        say(f"the curated sources or the toolchain changed since the last build; rebuilding {out}")
    else:
        data = resources.data_dir()
        say(f"no build in {out} yet; building it")
    from .builder import build  # heavy imports only when a build is due

    build(out, data, progress)


def _data_of(manifest: dict) -> Path:
    """The curated sources a rebuild reads: those of the last build if it was given other data
    (--data), else the default ones, which are the checkout's when run inside a checkout, even if the
    last build read the data installed with the package."""
    recorded = Path(manifest["data"]) if manifest.get("data") else None
    if recorded is None or not recorded.is_dir() or recorded.resolve() == resources.packaged_data_dir().resolve():
        return resources.data_dir()
    return recorded


def resolve(store_or_none, text_or_name: str, params: dict[str, str] | None = None) -> str:
    """SPARQL text for inline SPARQL, a .rq file, or a named query (with params bound)."""
    params = params or {}
    from_file = read_query_text(text_or_name)
    if from_file is not None:
        text = from_file
    elif named.NAME_PATTERN.fullmatch(text_or_name):
        nq = named.get(text_or_name)
        if store_or_none is None:
            raise QueryError("named queries with entity parameters need the embedded store to resolve names")
        return named.bind(store_or_none, nq, params)
    else:
        text = text_or_name
    if params:
        raise QueryError("--param applies to named queries only")
    return text


def query(out: Path | str = "out", text_or_name: str = "", params: dict[str, str] | None = None,
          timeout: float | None = DEFAULT_TIMEOUT, endpoint: str | None = None, graph: str | None = None,
          rebuild: bool = True, progress: Progress | None = None, max_rows: int | None = None,
          memory: bool = True) -> QueryResult:
    """Run a query (inline SPARQL, a .rq path or a named query) on the build in `out` or on `endpoint`.

    The store stays open for the process; `memory` (the default, for notebooks and servers that run
    many queries) holds it in memory, while a one-off command is quicker on the on-disk store."""
    out = Path(out)
    if rebuild:
        ensure_build(out, progress)
    try:
        store = cached_store(out, memory)
    except BuildNotFound:
        if endpoint is None:
            raise
        store = None
    sparql = resolve(store, text_or_name, params)
    if endpoint:
        from .endpoint import DEFAULT_GRAPH, remote_query
        from .namespaces import sparql_prologue

        # A remote server does not know the project prefixes: declare them.
        return remote_query(endpoint, sparql_prologue() + sparql, graph or DEFAULT_GRAPH, timeout or DEFAULT_TIMEOUT)
    return run_sparql(store, sparql, timeout, max_rows)
