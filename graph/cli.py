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


def main() -> None:
    cli(prog_name="cjkg")
