"""Shared fixtures: the real curated data, a small real slice of it, and builds of both."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import build
from graph.cli import cli
from graph.resources import data_dir

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
BROKEN = FIXTURES / "broken"
WARNED = FIXTURES / "warned"
UNPARSABLE = FIXTURES / "unparsable"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full curated graph, built once for the session."""
    out = tmp_path_factory.mktemp("built")
    build(out, data_dir())
    return out


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini")
    build(out, MINI)
    return out


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    def run(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture(scope="module")
def invoke_module():
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return run
