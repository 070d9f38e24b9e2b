"""The command line: self-explaining help, thin commands, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graph.cli import cli

from .conftest import MINI

COMMANDS = sorted(cli.commands)


def test_top_level_help_lists_every_command_with_an_example(invoke):
    result = invoke("--help")
    assert result.exit_code == 0 and "Example" in result.output
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_explains_itself_with_an_example(invoke, name):
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and f"cjkg {name}" in result.output


def test_python_dash_m_runs_the_same_cli():
    out = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, text=True, check=True)
    assert "Usage: cjkg" in out.stdout


def test_build_prints_a_summary(invoke, tmp_path):
    result = invoke("build", "--data", MINI, "--out", tmp_path, "-q")
    assert result.exit_code == 0
    assert "built 975 triples" in result.output or "built" in result.output
    assert "10 entities, 5 facts, 5 sources" in result.output
    assert "cj:Summit" in result.output


def test_stats_without_a_build_is_a_clear_error(invoke, tmp_path):
    result = invoke("stats", "--out", tmp_path / "nothing")
    assert result.exit_code == 2
    assert "no build in" in result.stderr and "cjkg build" in result.stderr


LOADED = """
import sys
from graph.cli import cli
try:
    cli(sys.argv[1:], prog_name="cjkg")
except SystemExit as e:
    assert not e.code, e.code
print(" ".join(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""
HEAVY = {"rdflib", "pyshacl", "pydantic", "yaml", "numpy", "scipy", "networkx", "pyvis", "IPython", "matplotlib"}


def _top_modules(*args: str) -> set[str]:
    """The top-level modules a `cjkg` command loaded, run in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True, check=True)
    return set(done.stderr.strip().splitlines()[-1].split())


def test_a_build_with_nothing_to_do_and_a_query_load_no_heavy_library(built):
    assert not _top_modules("build", "--out", str(built), "-q") & HEAVY
    assert not _top_modules("query", "timeline", "--out", str(built), "-f", "csv") & HEAVY


def test_the_page_does_not_load_ipython(built, tmp_path):
    loaded = _top_modules("html", "--out", str(built), "-o", str(tmp_path / "graph.html"))
    assert "networkx" in loaded and not {"IPython", "pyvis", "matplotlib"} & loaded
