"""Running a SPARQL query on the built store (or a remote endpoint), with a timeout.

The store is Oxigraph; evaluation releases the GIL, so a worker thread runs the query while the
caller waits at most `timeout` seconds.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import PREFIXES
from .sparql import to_python

DEFAULT_TIMEOUT = 30.0


class QueryTimeout(QueryError):
    """The query ran longer than its timeout."""


@dataclass
class QueryResult:
    """What a query gave: rows of terms (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    form: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (IRIs and literals as str, numbers as numbers)."""
        return [{v: to_python(t) for v, t in zip(self.variables, row, strict=True)} for row in self.rows]


_PNAME = re.compile(r"(?<![\w<\"'?$:.-])([A-Za-z][\w.-]*)?:(?!//)")
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([\w.-]*):")


def unknown_prefixes(sparql: str) -> list[str]:
    """Prefixes the query uses but neither declares nor finds among the project's, in order of use."""
    body = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*", " ", sparql)
    known = set(PREFIXES) | set(_DECLARED.findall(body))
    used = [m.group(1) or "" for m in _PNAME.finditer(body)]
    return list(dict.fromkeys(p for p in used if p not in known))


def syntax_message(error: Exception, sparql: str | None = None) -> str:
    """The parser's message, kept to its line and column and a readable length; an undeclared
    prefix is named, with the prefixes there are, rather than left to the parser's token list."""
    text = str(error).replace("\n", " ")
    m = re.match(r"error at (\d+):(\d+): (.*)", text)
    # The parser reports an undeclared prefix as "Prefix not found" among the tokens it expected, or,
    # after a `;`, as "expected OPTIONAL": any syntax error in a query with one is put down to it.
    missing = unknown_prefixes(sparql) if sparql is not None else []
    if missing:
        where = f" at line {m.group(1)}, column {m.group(2)}" if m and "Prefix not found" in text else ""
        names = ", ".join(f"'{p}:'" for p in missing)
        return (f"unknown prefix {names}{where}; the known prefixes are "
                f"{', '.join(p + ':' for p in sorted(PREFIXES))} (or declare it with PREFIX)")
    if m:
        line, col, rest = m.groups()
        rest = rest if len(rest) <= 160 else rest[:157] + "..."
        return f"SPARQL syntax error at line {line}, column {col}: {rest}"
    return f"SPARQL syntax error: {text[:200]}"


def materialise(result: Any, max_rows: int | None = None) -> QueryResult:
    """Pull a pyoxigraph result into a QueryResult, stopping after max_rows rows or triples."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    taken = result if max_rows is None else itertools.islice(result, max_rows + 1)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [tuple(sol) for sol in taken]  # in the order of the variables, None where unbound
        out = QueryResult("select", names, rows)
        items = out.rows
    else:
        out = QueryResult("graph", triples=list(taken))
        items = out.triples
    if max_rows is not None and len(items) > max_rows:
        del items[max_rows:]
        out.truncated = True
    return out


def _in_thread(work: Any, timeout: float | None) -> Any:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as e:  # handed to the caller
            box["error"] = e

    worker = threading.Thread(target=target, name="cjkg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"the query ran longer than its timeout of {timeout:g} s (raise it with --timeout)")
    if "error" in box:
        raise box["error"]
    return box["value"]


def run_sparql(store: ox.Store, sparql: str, timeout: float | None = DEFAULT_TIMEOUT,
               max_rows: int | None = None) -> QueryResult:
    """Evaluate sparql on store within `timeout` seconds, keeping at most `max_rows` rows (the
    result says whether it was cut)."""

    def work() -> QueryResult:
        try:
            result = store.query(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            raise QueryError(syntax_message(e, sparql)) from None
        except OSError as e:
            raise QueryError(f"the query failed: {e}") from None
        return materialise(result, max_rows)

    return _in_thread(work, timeout)


def query_form(sparql: str) -> str:
    """select, ask, construct or describe: the form of a query, read past its prologue."""
    body = re.sub(r"#[^\n]*", " ", sparql)
    body = re.sub(r"(?is)^\s*((BASE\s*<[^>]*>|PREFIX\s+[\w-]*:\s*<[^>]*>)\s*)*", "", body)
    m = re.match(r"(?i)\s*(select|ask|construct|describe)\b", body)
    return m.group(1).lower() if m else "select"


def is_update(sparql: str) -> bool:
    body = re.sub(r"#[^\n]*", " ", sparql)
    body = re.sub(r"(?is)^\s*((BASE\s*<[^>]*>|PREFIX\s+[\w-]*:\s*<[^>]*>)\s*)*", "", body)
    return re.match(r"(?i)\s*(insert|delete|load|clear|create|drop|copy|move|add|with)\b", body) is not None


def uses_service(sparql: str) -> bool:
    body = re.sub(r'#[^\n]*|"(?:[^"\\]|\\.)*"' + r"|'(?:[^'\\]|\\.)*'", " ", sparql)
    return re.search(r"(?i)\bSERVICE\b", body) is not None


def read_query_text(text_or_path: str) -> str | None:
    """The SPARQL in a .rq file if the argument names one; None otherwise."""
    if text_or_path.endswith((".rq", ".sparql")):
        path = Path(text_or_path)
        if not path.is_file():
            raise QueryError(f"no query file {text_or_path}")
        return path.read_text()
    return None
