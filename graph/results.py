"""Query results as people and programs read them: an aligned table, Markdown, the SPARQL 1.1 Query
Results JSON, XML, CSV and TSV formats, and Turtle, N-Triples or JSON-LD for graph results.

One writer per format serves the command line and the endpoint alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import jinja2
import pyoxigraph as ox

from .errors import QueryError
from .evaluate import QueryResult
from .namespaces import PREFIXES, curie

SELECT_FORMATS = ("table", "md", "json", "xml", "csv", "tsv", "html")
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
MEDIA_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples", "jsonld": "application/ld+json",
    "table": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
# Where a cut result says so inside the document (see the README, "Endpoint"): a member of the JSON
# beside head and results, a <link> in the XML head, a comment atop Turtle and N-Triples, a line
# under a table. CSV, TSV and JSON-LD have no place for it: the server's headers say it there.
TRUNCATED_LINK = "#truncated"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def cell(term: Any) -> str:
    """One value for display: IRIs shortened to CURIEs, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


CELL_WIDTH = 60  # the table's cells are cut here unless asked for whole (`--wide`)
CUT = "…"


def clip(text: str, width: int | None) -> str:
    """`text` on one line, cut to `width` characters with a visible mark (None: whole)."""
    text = " ".join(text.splitlines())
    return text if width is None or len(text) <= width else text[: width - 1] + CUT


def to_table(result: QueryResult, markdown: bool = False, max_width: int | None = CELL_WIDTH) -> str:
    """An aligned table (or Markdown); cells longer than `max_width` end in `…` (None keeps them whole)."""
    if result.form == "ask":
        return "true" if result.boolean else "false"
    header = result.variables
    rows = [[cell(t) for t in row] for row in result.rows]
    if markdown:
        esc = [[c.replace("|", "\\|").replace("\n", " ") for c in r] for r in rows]
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        more = [f"\n(cut at the row limit of {len(rows)} rows)"] if result.truncated else []
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in esc] + more)
    clipped = [[clip(c, max_width) for c in r] for r in rows]
    cut = max_width is not None and any(len(clip(c, None)) > max_width for r in rows for c in r)
    widths = [max([len(h), *(len(r[i]) for r in clipped)]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in clipped]
    n = len(rows)
    more = " (cut at the row limit)" if result.truncated else ""
    if cut:
        more += f"; cells longer than {max_width} characters end in {CUT}, --wide shows them whole"
    return "\n".join([line, rule, *body, f"({n} row{'s' if n != 1 else ''}{more})"])


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.form == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
    cut = {"truncated": True} if result.truncated else {}
    return json.dumps({"head": {"vars": result.variables}, **cut, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != _XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML."""
    head = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
    if result.form == "ask":
        return head + f"<head/>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n"
    cut = [f"<link href={quoteattr(TRUNCATED_LINK)}/>"] if result.truncated else []
    parts = [head, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in result.variables), *cut,
             "</head>\n<results>\n"]
    for row in result.rows:
        cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                        for v, t in zip(result.variables, row, strict=True) if t is not None)
        parts.append(f"<result>{cells}</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, RFC 4180 quoting, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if result.form == "ask":
        writer.writerows([["boolean"], ["true" if result.boolean else "false"]])
        return buf.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)
                         for t in row])
    return buf.getvalue()


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in their N-Triples/Turtle form."""
    if result.form == "ask":
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


_LINKABLE = re.compile(r"https?://\S+")


def _html_term(term: Any) -> dict[str, str | None]:
    """A term for the HTML page: its text, a link for http(s) IRIs and URL literals, and a tooltip."""
    if term is None:
        return {"text": "", "href": None, "title": None}
    if isinstance(term, ox.NamedNode):
        href = term.value if _LINKABLE.fullmatch(term.value) else None
        return {"text": curie(term.value), "href": href, "title": term.value}
    if isinstance(term, ox.Literal):
        title = f"@{term.language}" if term.language else curie(term.datatype.value)
        href = term.value if _LINKABLE.fullmatch(term.value) else None
        return {"text": term.value, "href": href, "title": title}
    return {"text": cell(term), "href": None, "title": None}


@lru_cache(maxsize=1)
def _html_template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             autoescape=True, keep_trailing_newline=True)
    return env.get_template("result.html")


def to_html(result: QueryResult) -> str:
    """A readable page of any result: a table (triples as subject, predicate, object), values escaped,
    IRIs and URLs as links. It loads nothing from the web."""
    if result.form == "graph":
        header = ["subject", "predicate", "object"]
        rows = [[_html_term(t.subject), _html_term(t.predicate), _html_term(t.object)] for t in result.triples]
    else:
        header, rows = result.variables, [[_html_term(t) for t in row] for row in result.rows]
    return _html_template().render(form=result.form, boolean=result.boolean, header=header, rows=rows,
                                   truncated=result.truncated)


def render(result: QueryResult, fmt: str, wide: bool = False) -> bytes:
    """The result in format `fmt`; graph results take turtle, nt, jsonld or html (table and md give Turtle).
    `wide` keeps the table's cells whole."""
    if result.form == "graph":
        if fmt == "html":
            return to_html(result).encode()
        target = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE if fmt in ("table", "md") else None)
        if target is None:
            raise QueryError(f"format {fmt} does not apply to CONSTRUCT or DESCRIBE results; use turtle, nt or jsonld")
        body = ox.serialize(result.triples, format=target, prefixes=PREFIXES if target != ox.RdfFormat.N_TRIPLES
                            else None)
        if result.truncated and target != ox.RdfFormat.JSON_LD:
            body = f"# truncated: cut at the row limit of {len(result.triples)} triples\n".encode() + body
        return body
    writers = {"table": lambda r: to_table(r, max_width=None if wide else CELL_WIDTH),
               "md": lambda r: to_table(r, markdown=True), "json": to_json, "xml": to_xml, "csv": to_csv,
               "tsv": to_tsv, "html": to_html}
    if fmt not in writers:
        raise QueryError(f"format {fmt} does not apply to SELECT or ASK results; use one of {', '.join(writers)}")
    text = writers[fmt](result)
    return (text if text.endswith("\n") else text + "\n").encode()
