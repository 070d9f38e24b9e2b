"""An installed (non-editable) package carries its ontology and data and builds from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_installed_package_builds_from_another_folder(tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--quiet",
         "--target", str(target), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    assert (target / "graph" / "ontology" / "cjkg.ttl").is_file()
    assert (target / "graph" / "data" / "core" / "people.yaml").is_file()
    assert (target / "bin" / "cjkg").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-m", "graph", "build", "-q"], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out" / "cjkg.ttl").is_file() and (elsewhere / "out" / "store").is_dir()
    # it used the installed copy, not the checkout
    manifest = (elsewhere / "out" / "manifest.json").read_text()
    assert str(target) in manifest
