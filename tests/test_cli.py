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
