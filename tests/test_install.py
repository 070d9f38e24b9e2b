"""An installed (non-editable) package carries its ontology and data and builds from any folder; run
inside a checkout, it reads the checkout's data, so that a curator's edit is never silently ignored."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MEETINGS = Path("graph", "data", "diplomacy", "meetings.yaml")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """cjkg installed with `pip install --target` (a copy, as a non-editable install makes)."""
    target = tmp_path_factory.mktemp("install") / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet",
         "--target", str(target), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    return target


def _cjkg(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The installed command, which imports the installed package, never the folder it runs in."""
    env = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run([sys.executable, str(target / "bin" / "cjkg"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_installed_package_builds_from_another_folder(installed: Path, tmp_path: Path):
    assert (installed / "graph" / "ontology" / "cjkg.ttl").is_file()
    assert (installed / "graph" / "data" / "core" / "people.yaml").is_file()
    assert (installed / "bin" / "cjkg").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _cjkg(installed, elsewhere, "build", "-q")
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out" / "cjkg.ttl").is_file() and (elsewhere / "out" / "store").is_dir()
    # outside a checkout it used the installed copy
    manifest = json.loads((elsewhere / "out" / "manifest.json").read_text())
    assert manifest["data"] == str((installed / "graph" / "data").resolve())


def test_inside_a_checkout_the_installed_command_reads_the_checkouts_data(installed: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copy(ROOT / "pyproject.toml", clone)
    shutil.copytree(ROOT / "graph" / "data", clone / "graph" / "data")
    shutil.copytree(ROOT / "ontology", clone / "ontology")
    data = (clone / "graph" / "data").resolve()

    built = _cjkg(installed, clone, "build")
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines()[0] == f"· curated sources: {data} (the checkout you are in)"
    assert json.loads((clone / "out" / "manifest.json").read_text())["data"] == str(data)

    # a curator edits a meeting's title in the clone
    meetings = clone / MEETINGS
    text = meetings.read_text()
    title = next(ln.split("title:", 1)[1].strip() for ln in text.splitlines() if ln.strip().startswith("title:"))
    edited = f"{title} (edited in the clone)"
    meetings.write_text(text.replace(f"title: {title}", f"title: {edited}", 1))

    # a command that rebuilds when the sources changed sees the edit, from a subfolder too
    query = f'SELECT ?e WHERE {{ ?e rdfs:label "{edited}"@en }}'
    answered = _cjkg(installed, clone / "graph" / "data", "query", query, "--out", str(clone / "out"),
                     "--format", "csv")
    assert answered.returncode == 0, answered.stderr
    assert "rebuilding" in answered.stderr and f"curated sources: {data}" in answered.stderr
    assert len(answered.stdout.splitlines()) == 2, answered.stdout  # the header and the edited record
    assert edited in (clone / "out" / "cjkg.nt").read_text()
    assert edited not in (installed / MEETINGS).read_text()  # the installed copy is as it was
