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


def _table(title: str, counts: dict[str, int]) -> None:
    if not counts:
        return
    click.echo(f"\n{title}")
    width = max(len(k) for k in counts)
    for k, v in counts.items():
        click.echo(f"  {k:<{width}}  {v:>6}")


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
@click.option("--data", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="Curated sources folder (default: the data that ships with the package).")
@click.option("-q", "--quiet", is_flag=True, help="Print no progress, only the summary.")
def build(out: Path, data: Path | None, quiet: bool) -> None:
    """Validate the curated sources and build the graph.

    Writes OUT/cjkg.ttl, OUT/cjkg.nt (sorted), OUT/cjkg.jsonld and an Oxigraph store in OUT/store.
    Any problem in the sources is listed with file, line, record and field, the command exits 2,
    and the previous build stays as it was.

    \b
    Example:
      cjkg build --out out
    """
    from .build import build as run_build

    result = run_build(out, data, progress=None if quiet else _progress)
    s = result.stats
    click.echo(f"built {result.triples} triples into {result.out} in {result.seconds:.1f} s")
    click.echo(f"{s.entities} entities, {s.facts} facts, {s.sources} sources")
    _table("per class", s.per_class)
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help=OUT_HELP)
def stats(out: Path) -> None:
    """Counts of an existing build: classes, facts, sources, sectors, decades, worklist.

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
def query_cmd(query_text: str, out: Path, fmt: str | None, params: tuple[str, ...], timeout: float,
              endpoint: str | None, graph: str | None) -> None:
    """Run a SPARQL query: inline text, a .rq file, or the name of a named query.

    The project prefixes (cj:, cjd:, sector:, prov:, dct:, schema:, skos:, org:, ...) are predeclared.
    If the curated sources changed since the last build, the graph is rebuilt first.

    \b
    Example:
      cjkg query office-holder -p office="Ambassador of Japan to Cambodia" -p date=2020-06-01
      cjkg query "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
      cjkg query my-question.rq --format json
    """
    from .named import parse_params
    from .querying import query as run_query
    from .results import render

    result = run_query(out, query_text, parse_params(list(params)), timeout, endpoint=endpoint, graph=graph,
                       progress=_progress)
    if fmt is None:
        fmt = "turtle" if result.form == "graph" else "table" if sys.stdout.isatty() else "csv"
    sys.stdout.buffer.write(render(result, fmt))
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


def main() -> None:
    cli(prog_name="cjkg")
