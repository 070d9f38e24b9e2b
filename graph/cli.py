"""The `cjkg` command: a thin layer that parses options, calls the library and prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import CjkgError

OUT_HELP = "Build output folder."


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CjkgError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(e.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="cjkg", prog_name="cjkg")
def cli() -> None:
    """The Cambodia–Japan Knowledge Graph: build, query, analyse and export it.

    \b
    Example:
      cjkg build            # validate the curated sources, write ./out
      cjkg stats            # counts of the build in ./out
    """


def _progress(message: str) -> None:
    click.echo(f"· {message}", err=True)


def _coverage(title: str, groups: dict) -> None:
    if not groups:
        return
    click.echo(f"\n{title}")
    width = max(len(k) for k in groups)
    click.echo(f"  {'':<{width}}  {'entities':>8}  {'Khmer':>11}  {'Japanese':>11}")
    for k, c in groups.items():
        km, ja = (f"{n:>4} ({100 * n / c.entities:3.0f}%)" for n in (c.khmer, c.japanese))
        click.echo(f"  {k:<{width}}  {c.entities:>8}  {km:>11}  {ja:>11}")


def _table(title: str, counts: dict[str, int]) -> None:
    if not counts:
        return
    click.echo(f"\n{title}")
    width = max(len(k) for k in counts)
    for k, v in counts.items():
        click.echo(f"  {k:<{width}}  {v:>6}")


SHOWN_WARNINGS = 3
"""Warnings a build prints unless asked for all of them."""


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
@click.option("--data", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="Curated sources folder (default: graph/data of the CJKG checkout you are in, "
                   "else the data installed with cjkg).")
@click.option("--validator", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="Who checks the SHACL shapes: SPARQL on an in-memory Oxigraph copy of the graph, or "
                   "pySHACL (the reference, far slower; it checks the graph whole, so no rebuild is patched).")
@click.option("--full", is_flag=True,
              help="Read every file and rebuild everything, even where the last build could be patched.")
@click.option("-q", "--quiet", is_flag=True, help="Print one line: what was built and how many warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the triples per class.")
@click.option("--warnings", "every_warning", is_flag=True,
              help=f"Print every warning of the shapes (else the first {SHOWN_WARNINGS} and how many there are).")
@click.option("--phases", is_flag=True,
              help="Also print the seconds of each phase (reading, emitting, sorting, loading, checking, "
                   "serialising, auditing, publishing); phases run side by side overlap.")
def build(out: Path, data: Path | None, validator: str, full: bool, quiet: bool, verbose: bool,
          every_warning: bool, phases: bool) -> None:
    """Validate the curated sources and build the graph.

    Writes OUT/cjkg.ttl, OUT/cjkg.nt (sorted), OUT/cjkg.jsonld and an Oxigraph store in OUT/store.
    Any problem in the sources is listed with file, line, record and field, the command exits 2,
    and the previous build stays as it was.

    Run inside a CJKG checkout, it reads that checkout's graph/data and ontology/ (also when cjkg
    was installed from elsewhere); the first progress line names the folder read. OUT must be new,
    empty or an earlier build's (marked by OUT/.cjkg-build): a build replaces only what it wrote.

    When nothing changed since the last build (sources, ontology and code), nothing is done.
    After an earlier build of the same data (checked by SPARQL), only the files that changed are
    read again, and only the triples that changed are loaded, checked and serialised again; the
    outputs are the same bytes as a full build's.

    Warnings (what the shapes advise, such as a project without a funder) do not stop a build: it
    prints how many, the first few, and all of them with --warnings.

    \b
    Example:
      cjkg build --out out
      cjkg build --warnings          # every warning, not only the first few
    """
    from .lastbuild import unchanged
    from .resources import data_dir

    say = None if quiet else _progress
    # Asked before the builder (and its libraries) is imported, so that a build with nothing to do
    # returns at once.
    result = None if full else unchanged(out, data or data_dir(), validator, say)
    if result is None:
        from .builder import build as run_build

        result = run_build(out, data, progress=say, validator=validator, full=full)
    n = len(result.warnings)
    built = f"built {result.triples} triples into {result.out} in {result.seconds:.1f} s"
    counts = f"{result.entities} entities, {result.facts} facts, {result.sources} sources"
    warned = f"{n} warning{'s' if n != 1 else ''}"
    if quiet:
        click.echo(f"{built}: {counts}, {warned}")
    else:
        click.echo(built)
        click.echo(f"{counts}; {warned}")
    if verbose:
        _table("per class", result.per_class)
    if phases:
        for name, seconds in result.phases.items():
            click.echo(f"phase {name}: {seconds:.3f} s")
    if quiet and not every_warning:
        return
    shown = result.warnings if every_warning else result.warnings[:SHOWN_WARNINGS]
    for w in shown:
        click.echo(f"warning: {w}", err=True)
    if n > len(shown):
        click.echo(f"... {n - len(shown)} more; `cjkg build --warnings` lists every warning", err=True)


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
def stats(out: Path) -> None:
    """Counts of an existing build: classes, facts, sources, sectors, decades, amounts by role,
    quantities by kind, the evidence profile, names, worklist.

    \b
    Example:
      cjkg stats --out out
    """
    from .stats import graph_stats
    from .store import open_store

    s = graph_stats(open_store(out))
    click.echo(f"triples             {s.triples:>6}")
    click.echo(f"entities            {s.entities:>6}")
    click.echo(f"facts               {s.facts:>6}")
    click.echo(f"distinct sources    {s.sources:>6}")
    click.echo(f"publishers          {s.publishers:>6}")
    click.echo(f"single-source facts {s.single_source_facts:>6}")
    click.echo(f"disagreements       {s.disagreements:>6}")
    _table("per class", s.per_class)
    _table("facts per sector", s.per_sector)
    _table("facts per decade", s.per_decade)
    _table("amounts per role", s.amounts_per_role)
    _table("quantities per kind", s.quantities_per_kind)
    e = s.evidence
    _table("facts per computed confidence", e.per_confidence)
    if e.per_stated != e.per_confidence:
        _table("facts per stated confidence (lowered by a curator)", e.per_stated)
    _table("sources per tier", e.per_tier)
    share = f" ({e.weak_only / s.facts:.1%})" if s.facts else ""
    click.echo(f"facts on reference, copy or user-generated sources only {e.weak_only:>6}{share}")
    click.echo(f"facts on one origin only                                 {e.one_origin:>6}")
    backed, total = e.official_events
    click.echo(f"summits, visits, agreements with an official source      {backed:>6} of {total}"
               + (f" ({backed / total:.1%})" if total else ""))
    _coverage("names in Khmer and Japanese, by class", s.names_by_class)
    _coverage("names in Khmer and Japanese, by country", s.names_by_country)
    click.echo("\ncuration worklist")
    for what, ids in s.worklist.items():
        shown = ", ".join(ids[:20]) + (", ..." if len(ids) > 20 else "")
        click.echo(f"  {what}: {len(ids)}" + (f"  ({shown})" if ids else ""))


FORMATS = ("table", "csv", "tsv", "json", "xml", "md", "turtle", "nt", "jsonld")


@cli.command(name="query")
@click.argument("query_text", metavar="QUERY")
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Result format (default: table on a terminal, csv otherwise; turtle for CONSTRUCT/DESCRIBE).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A named query's parameter.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds before the query is stopped.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead of the embedded store.")
@click.option("--graph", metavar="IRI", help="With --endpoint: the graph to query (default: the one push writes).")
@click.option("--wide", is_flag=True, help="In the table format, show every cell whole (else cut at 60 characters, "
                                           "marked with …).")
def query_cmd(query_text: str, out: Path, fmt: str | None, params: tuple[str, ...], timeout: float,
              endpoint: str | None, graph: str | None, wide: bool) -> None:
    """Run a SPARQL query: inline text, a .rq file, or the name of a named query.

    The project prefixes (cj:, cjd:, sector:, prov:, dct:, schema:, skos:, org:, ...) are predeclared.
    If the curated sources changed since the last build, the graph is rebuilt first.

    \b
    Example:
      cjkg query office-holder -p office="Ambassador of Japan to Cambodia" -p date=2020-06-01
      cjkg query timeline -p from=2023 -p to=2024 -p sector=defense --wide
      cjkg query "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
      cjkg query my-question.rq --format json
    """
    from .named import parse_params
    from .querying import query as run_query
    from .results import render

    result = run_query(out, query_text, parse_params(list(params)), timeout, endpoint=endpoint, graph=graph,
                       progress=_progress, memory=False)
    if fmt is None:
        fmt = "turtle" if result.form == "graph" else "table" if sys.stdout.isatty() else "csv"
    sys.stdout.buffer.write(render(result, fmt, wide))
    sys.stdout.flush()


@cli.command()
@click.argument("name", required=False)
@click.option("--names", is_flag=True, help="Print only the names, one a line.")
def queries(name: str | None, names: bool) -> None:
    """List the named queries, or show one with its parameters.

    \b
    Example:
      cjkg queries
      cjkg queries office-holder
    """
    from .named import get, library

    if name:
        q = get(name)
        click.echo(f"{q.name}: {q.title}\n\n{q.description}\n\nanswers: {q.answers}")
        if q.params:
            click.echo("\nparameters:")
            for p in q.params:
                default = "required" if p.required else (f"default {p.default}" if p.default else "optional")
                click.echo(f"  {p.name} ({p.type}, {default}): {p.description}")
        click.echo(f"\n{q.text}")
        return
    lib = library()
    if names:
        click.echo("\n".join(lib))
        return
    width = max(len(n) for n in lib)
    for q in lib.values():
        click.echo(f"{q.name:<{width}}  {q.title}")


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=int, default=7878, show_default=True, help="Port to listen on.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds each query may run.")
@click.option("--max-rows", type=int, default=10_000, show_default=True,
              help="Rows returned at most per query (a cut result says so; see the README).")
@click.option("--max-body", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Bytes a request body or GET query string may have; larger ones get 413.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes that run queries, each holding the graph in memory.")
def serve(out: Path, host: str, port: int, timeout: float, max_rows: int, max_body: int, workers: int) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page.

    GET or POST /sparql (query= form field, or an application/sparql-query body); results in
    SPARQL JSON, XML, CSV or TSV, Turtle, N-Triples or JSON-LD, or an HTML table, by the Accept
    header or ?format=. Updates and SERVICE are refused. Queries run in worker processes; one that
    passes --timeout is stopped and its worker replaced.

    \b
    Example:
      cjkg serve --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s a cj:Summit }' \\
           http://127.0.0.1:7878/sparql
    """
    from .querying import ensure_build
    from .serve import Settings, make_server

    ensure_build(out, _progress)
    server = make_server(out, host, port, Settings(timeout, max_rows, max_body, workers))
    click.echo(f"serving {out} at http://{host}:{server.server_port}/sparql (query page at /); Ctrl-C stops",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
@click.option("--endpoint", required=True, metavar="URL",
              help="The Graph Store Protocol URL, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth for Virtuoso.")
@click.option("--graph", metavar="IRI", default=None, help="Named graph to replace (default: the project's).")
@click.option("--user", default=None, help="User for HTTP digest or basic authentication.")
@click.option("--password", default=None, envvar="CJKG_ENDPOINT_PASSWORD",
              help="Password (or set CJKG_ENDPOINT_PASSWORD).")
@click.option("--timeout", type=click.FloatRange(min=1), default=300.0, show_default=True,
              help="Seconds to wait for the store to take the graph (a million triples can take minutes).")
def push(out: Path, endpoint: str, graph: str | None, user: str | None, password: str | None,
         timeout: float) -> None:
    """Load the build into a remote triple store, replacing the previous version of its graph.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol (HTTP PUT into a named graph). Query it afterwards
    with `cjkg query --endpoint SPARQL_URL`.

    \b
    Example:
      cjkg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --password dba
      cjkg query agreements --endpoint http://127.0.0.1:8890/sparql
    """
    from .endpoint import DEFAULT_GRAPH
    from .endpoint import push as run_push
    from .querying import ensure_build

    ensure_build(out, _progress)
    n = run_push(out, endpoint, graph or DEFAULT_GRAPH, user, password, timeout)
    click.echo(f"pushed {n} triples into <{graph or DEFAULT_GRAPH}> at {endpoint}")


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
@click.option("--projection", default="actors", show_default=True,
              type=click.Choice(["actors", "actor-agreement", "actor-event", "entities"]),
              help="The network to analyse.")
@click.option("--from", "start", metavar="DATE", help="Only facts on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Only facts on or before DATE.")
@click.option("--periods", type=click.Choice(["decade", "pm-cambodia"]),
              help="Also rank per period: each decade, or each premiership of Cambodia (ordered, not overlapping).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows in each top-N table.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of every random step (Louvain, sampling).")
@click.option("--without-states", is_flag=True,
              help="Compute everything on the network without Japan and Cambodia, where the brokers show.")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv"]), default=None,
              help="Also print the top-N table (by PageRank) in this format.")
def report(out: Path, projection: str, start: str | None, end: str | None, periods: str | None, top: int,
           seed: int, without_states: bool, fmt: str | None) -> None:
    """Compute network centralities and write the report into OUT/report/.

    If --from/--to leave no facts, nothing is written (the previous report stays) and the command
    exits 1.

    Writes centrality.csv (a row per node), centrality.json (plus graph-level figures and parameters),
    centrality.md and centrality.html (readable report with charts), and network.graphml (the exact
    network, for Gephi or networkx).

    \b
    Example:
      cjkg report --periods pm-cambodia --top 15
      cjkg report --projection actor-agreement --from 2013 --format table
    """
    from .querying import ensure_build
    from .report import report_for, terminal_table, write_report

    ensure_build(out, _progress)
    _progress(f"projecting the {projection} network and computing centralities")
    result = report_for(out, projection, start, end, periods, top, seed, without_states)
    files = write_report(result, out / "report")
    g = result.metrics.graph
    click.echo(f"{projection} network ({result.window.label}): {g.nodes} nodes, {g.edges} edges, "
               f"{g.communities} communities; wrote {', '.join(str(f) for f in files)}")
    if fmt:
        click.echo(terminal_table(result, fmt), nl=False)


@cli.command(name="html")
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
@click.option("-o", "--output", "target", type=click.Path(path_type=Path), default=None,
              help="File to write (default OUT/graph.html, or OUT/timeline.html with --timeline).")
@click.option("--projection", default="actors", show_default=True,
              type=click.Choice(["actors", "entities", "actor-agreement", "actor-event"]),
              help="The network the page opens on (the entities graph is behind the page's toggle).")
@click.option("--focus", metavar="ENTITY", help="Only the neighbourhood of this entity (identifier, label or alias).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --focus: how many steps out.")
@click.option("--sector", help="Only facts in this sector (notation or label), and what they link.")
@click.option("--from", "start", metavar="DATE", help="Only facts on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Only facts on or before DATE.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Keep at most this many nodes, the most central ones (default: 300 actors, 1500 entities).")
@click.option("--size-by", default="pagerank", show_default=True,
              type=click.Choice(["pagerank", "betweenness", "degree", "weighted_degree", "eigenvector", "harmonic"]),
              help="The centrality that sizes the nodes.")
@click.option("--no-entities", "no_entities", is_flag=True,
              help="Leave the full entities graph out of the page (no toggle; a smaller page).")
@click.option("--timeline", is_flag=True, help="Write only the timeline of dated facts.")
@click.option("--no-timeline", "no_timeline", is_flag=True, help="Write only the graph page.")
def html_cmd(out: Path, target: Path | None, projection: str, focus: str | None, depth: int, sector: str | None,
             start: str | None, end: str | None, max_nodes: int | None, size_by: str, no_entities: bool,
             timeline: bool, no_timeline: bool) -> None:
    """Export the graph page and the timeline, each one self-contained HTML page (works offline).

    The graph page opens on the most central actors (people, organisations, states), laid out ahead
    and coloured by class; a toggle shows the full entities graph with facts and statistics. A side
    panel tells each node's story: names, offices with terms, facts in date order, sources with
    tiers. Search, class, sector and time filters. The timeline (OUT/timeline.html) has every dated
    fact, with an overview of activity per year.
    --sector, --from and --to take the values `cjkg query` takes and apply to both pages; filters that
    leave nothing write nothing (the previous page stays) and the command exits 1. The folder of -o
    must exist.

    \b
    Example:
      cjkg html                                  # OUT/graph.html and OUT/timeline.html
      cjkg html --focus "Hun Manet" --depth 2 -o hun-manet.html --no-timeline
      cjkg html --timeline                       # OUT/timeline.html only
    """
    from .querying import ensure_build

    if timeline and no_timeline:
        raise click.UsageError("--timeline writes only the timeline and --no-timeline only the graph: choose one")
    ensure_build(out, _progress)
    if not timeline:
        from .html_export import export_html

        path, export = export_html(out, target, projection, focus, depth, sector, start, end, max_nodes, size_by,
                                   progress=_progress, full=not no_entities)
        left = f" (the most central of {export.meta['total']})" if export.left_out else ""
        click.echo(f"wrote {path}: {export.nodes} nodes, {export.edges} edges{left}")
    if not no_timeline:
        from .timeline import export_timeline

        path, n = export_timeline(out, target if timeline else None, sector, start, end)
        click.echo(f"wrote {path}: {n} facts")


@cli.command()
@click.argument("article", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The build whose entities names are linked to.")
@click.option("--review", "folder", type=click.Path(path_type=Path), default=Path("review"), show_default=True,
              help="Folder of review files (one per article).")
@click.option("--url", default=None, help="The article's address, where the file does not give it.")
@click.option("--publisher", default=None, help="Who published it, where the file does not say.")
@click.option("--date", "date", default=None, help="Its date (YYYY, YYYY-MM or YYYY-MM-DD), where the file does not say.")  # noqa: E501
def ingest(article: Path, out: Path, folder: Path, url: str | None, publisher: str | None, date: str | None) -> None:
    """Draw candidate records from a saved news article (HTML or plain text) into a review file.

    Events, agreements, projects and statements are found with their dates (relative ones resolved
    against the article's date), places, participants, amounts and sectors; names are linked to the
    build's entities (with a confidence), unknown names proposed as new entities, and a candidate
    that repeats a fact of the graph is marked as its duplicate. Nothing enters graph/data until
    `cjkg review` accepts it.

    \b
    Example:
      cjkg ingest article.html --review review
      cjkg ingest article.txt --url https://... --publisher "Khmer Times" --date 2024-03-26
    """
    from .ingest.candidates import Drafter
    from .ingest.extract import NotAnArticle, read_article
    from .ingest.review import write_review
    from .store import open_store

    text = read_article(article, url=url, publisher=publisher, date=date)
    if not text.url:
        raise NotAnArticle(f"{article}: the file gives no address; give it with --url (every record cites it)")
    found = Drafter(open_store(out), text).draft()
    path = write_review(folder, text, found)
    counts: dict[str, int] = {}
    for c in found:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    dup = sum(1 for c in found if c.duplicate_of)
    click.echo(f"{len(found)} candidates written to {path}: "
               + ", ".join(f"{n} {k}" for k, n in counts.items()) + f"; {dup} repeat facts of the graph")


@cli.group(invoke_without_command=True)
@click.option("--review", "folder", type=click.Path(path_type=Path), default=Path("review"), show_default=True,
              help="Folder of review files.")
@click.option("--all", "show_all", is_flag=True, help="Also list candidates already accepted, merged or rejected.")
@click.pass_context
def review(ctx: click.Context, folder: Path, show_all: bool) -> None:
    """List the candidates of the review folder with their evidence; accept, merge or reject them.

    \b
    Example:
      cjkg review                                    # what is waiting, with its evidence
      cjkg review accept seed-article:2              # into its curated file (edit the record first if needed)
      cjkg review merge cng-signing-2022-11-12:1     # the article becomes a source of the fact it repeats
      cjkg review reject seed-article:3 --reason "not a fact"
    """
    ctx.obj = folder
    if ctx.invoked_subcommand is not None:
        return
    from .ingest.review import load

    for item in load(folder):
        d = item.data
        if d.get("status") != "candidate" and not show_all:
            continue
        rec = d["record"]
        what = rec.get("title") or rec.get("name") or f"{rec.get('subject')} {rec.get('relation')}"
        when = rec.get("date") or rec.get("signed") or ""
        extra = f"  [duplicate of {d['duplicate_of']}]" if d.get("duplicate_of") else ""
        click.echo(f"{item.file.stem}:{item.number}  {d['status']}  {d['kind']}"
                   f"{'/' + rec['kind'] if 'kind' in rec and d['kind'] in ('events', 'agreements') else ''}"
                   f"  {when}  {what}{extra}")
        for sentence in d.get("evidence", [])[:2]:
            click.echo(f"    > {sentence}")


_DATA_HELP = "Curated sources folder (default: graph/data of the CJKG checkout you are in)."


@review.command(name="accept")
@click.argument("ref")
@click.option("--data", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None, help=_DATA_HELP)
@click.pass_obj
def review_accept(folder: Path, ref: str, data: Path | None) -> None:
    """Move candidate REF (FILE:NUMBER), as edited in its review file, into its curated file."""
    from .ingest.review import accept, find
    from .resources import data_dir

    target = accept(data or data_dir(), find(folder, ref))
    click.echo(f"accepted {ref} into {target}; run `cjkg build` to validate")


@review.command(name="merge")
@click.argument("ref")
@click.option("--into", default=None, help="The curated fact to add the source to (default: the duplicate found).")
@click.option("--data", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None, help=_DATA_HELP)
@click.pass_obj
def review_merge(folder: Path, ref: str, into: str | None, data: Path | None) -> None:
    """Add the article of candidate REF as a further source of the fact it repeats."""
    from .ingest.review import find, merge
    from .resources import data_dir

    target = merge(data or data_dir(), find(folder, ref), into)
    click.echo(f"merged {ref}: source added in {target}; run `cjkg build` to validate")


@review.command(name="reject")
@click.argument("ref")
@click.option("--reason", default=None, help="Why, kept in the review file.")
@click.pass_obj
def review_reject(folder: Path, ref: str, reason: str | None) -> None:
    """Mark candidate REF rejected."""
    from .ingest.review import find, reject

    reject(find(folder, ref), reason)
    click.echo(f"rejected {ref}")


def main() -> None:
    cli(prog_name="cjkg")
