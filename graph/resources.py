"""Where the ontology and the curated data live, in a checkout and in an installed package alike."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The ontology folder: packaged copy when installed, the checkout's ontology/ otherwise."""
    for candidate in (_PACKAGE / "ontology", _PACKAGE.parent / "ontology"):
        if (candidate / "cjkg.ttl").is_file():
            return candidate
    raise FileNotFoundError("the CJKG ontology (cjkg.ttl) is neither packaged nor in the checkout")


def ontology_file() -> Path:
    return ontology_dir() / "cjkg.ttl"


def sectors_file() -> Path:
    return ontology_dir() / "sectors.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def data_dir() -> Path:
    """The curated sources that ship with the package."""
    return _PACKAGE / "data"


def queries_dir() -> Path:
    return _PACKAGE / "queries"
