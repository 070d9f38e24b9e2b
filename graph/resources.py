"""Where the ontology and the curated data live, in a checkout and in an installed package alike.

A curator works in a checkout: run from inside one (the working folder or a parent holds a
pyproject.toml of the project `cjkg` and graph/data/), the commands read that checkout's data and
ontology even when cjkg was installed from a copy, so that an edit is never silently ignored. Run
from anywhere else, they read the data and ontology packaged with cjkg.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def checkout_root(start: Path | None = None) -> Path | None:
    """The CJKG source tree that `start` (default: the working folder) is in, or None."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the working folder was removed
        return None
    for folder in (here, *here.parents):
        if (folder / "graph" / "data").is_dir() and _names_cjkg(folder / "pyproject.toml"):
            return folder
    return None


def _names_cjkg(pyproject: Path) -> bool:
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("name") == "cjkg"
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def ontology_dir() -> Path:
    """The ontology folder: the checkout's ontology/ when run inside one, else the packaged copy."""
    root = checkout_root()
    candidates = [root / "ontology"] if root else []
    for candidate in (*candidates, _PACKAGE / "ontology", _PACKAGE.parent / "ontology"):
        if (candidate / "cjkg.ttl").is_file():
            return candidate
    raise FileNotFoundError("the CJKG ontology (cjkg.ttl) is neither packaged nor in the checkout")


def ontology_file() -> Path:
    return ontology_dir() / "cjkg.ttl"


SCHEMES = ("sectors.ttl", "tiers.ttl", "amount-roles.ttl", "quantity-kinds.ttl", "participation-roles.ttl")
"""The SKOS concept schemes beside the ontology whose notations curators write (sectors, roles of
amounts, ...); they travel with the data like the ontology."""


def scheme_files() -> list[Path]:
    """The concept schemes, the sector scheme first."""
    return [ontology_dir() / name for name in SCHEMES]


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def packaged_data_dir() -> Path:
    """The curated sources that ship with the package."""
    return _PACKAGE / "data"


def data_dir() -> Path:
    """The curated sources a command reads by default: the checkout's graph/data when run inside a
    checkout, else the data that ships with the package."""
    root = checkout_root()
    return root / "graph" / "data" if root else packaged_data_dir()


def describe_data(data: Path) -> str:
    """Which curated sources a folder is, for the progress output: a curator sees what is read."""
    data = Path(data).resolve()
    root = checkout_root()
    if root is not None and data == (root / "graph" / "data").resolve():
        return f"{data} (the checkout you are in)"
    if data == packaged_data_dir().resolve() and checkout_root(data) is not None:
        return f"{data} (the checkout cjkg is installed from, editable)"
    if data == packaged_data_dir().resolve():
        return f"{data} (the data installed with cjkg; run inside a checkout, or give --data, to read another)"
    return str(data)


def queries_dir() -> Path:
    return _PACKAGE / "queries"
