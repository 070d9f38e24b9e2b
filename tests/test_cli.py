"""The command line: self-explaining help, thin commands, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from graph.cli import cli

from .conftest import MINI, WARNED

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


def test_quiet_build_prints_exactly_one_line(invoke, tmp_path):
    result = invoke("build", "--data", MINI, "--out", tmp_path, "-q")
    assert result.exit_code == 0
    (line,) = result.output.splitlines()
    triples = len((tmp_path / "cjkg.nt").read_text().splitlines())
    assert line.startswith(f"built {triples} triples into {tmp_path} in ")
    assert line.endswith(": 8 entities, 5 facts, 5 sources, 0 warnings")


def test_build_prints_progress_and_a_short_summary_and_the_classes_only_when_verbose(invoke, tmp_path):
    result = invoke("build", "--data", MINI, "--out", tmp_path)
    assert result.exit_code == 0
    progress = [ln for ln in result.stderr.splitlines() if ln.startswith("· ")]
    assert progress[0] == f"· curated sources: {MINI.resolve()}" and len(progress) >= 3
    assert result.stdout.splitlines()[1] == "8 entities, 5 facts, 5 sources; 0 warnings"
    assert "cj:Summit" not in result.output
    verbose = invoke("build", "--data", MINI, "--out", tmp_path, "-v")
    assert "per class" in verbose.stdout and "cj:Summit" in verbose.stdout


def _warned(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    shutil.copy(WARNED / "warned.yaml", data)
    return data


def test_build_summarises_the_warnings_and_lists_them_all_on_request(invoke, tmp_path):
    data = _warned(tmp_path)
    result = invoke("build", "--data", data, "--out", tmp_path / "out")
    assert result.exit_code == 0 and result.stdout.splitlines()[1].endswith("; 4 warnings")
    shown = [ln for ln in result.stderr.splitlines() if ln.startswith("warning: ")]
    assert [ln.split(": ")[1] for ln in shown] == ["warned.yaml:25", "warned.yaml:36", "warned.yaml:37"]
    assert "file-sharing" in shown[0] and "search or tag page" in shown[1] and "[cjsh:Event-participant]" in shown[2]
    assert result.stderr.splitlines()[-1] == "... 1 more; `cjkg build --warnings` lists every warning"

    every = invoke("build", "--data", data, "--out", tmp_path / "out", "--warnings")
    shown = [ln for ln in every.stderr.splitlines() if ln.startswith("warning: ")]
    assert len(shown) == 4
    assert shown[3].startswith("warning: warned.yaml:54: record 'hun-sen-courtesy-call-crown-prince-2017'")
    assert shown[3].endswith("[audit]")
    assert "more;" not in every.stderr

    quiet = invoke("build", "--data", data, "--out", tmp_path / "out", "-q")
    (line,) = quiet.output.splitlines()
    assert line.endswith(", 4 warnings")


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
