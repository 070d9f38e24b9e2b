"""A cheap fingerprint of what a build is made from: equal digests, equal builds.

A build is made from the curated sources, the ontology files and the toolchain's own code, so all
three are hashed. Kept free of heavy imports so that `cjkg build` and `cjkg query` can tell whether a
build is current in milliseconds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import resources

_PACKAGE = Path(__file__).resolve().parent


def curated_files(root: Path) -> list[Path]:
    """The curated files below root, in a stable order."""
    return sorted(p for p in Path(root).rglob("*") if p.suffix in (".yaml", ".yml", ".jsonl") and p.is_file())


def ontology_files() -> list[Path]:
    return [resources.ontology_file(), *resources.scheme_files(), resources.shapes_file()]


def code_files() -> list[Path]:
    """The toolchain's modules: a change to the code may change what a build writes."""
    return sorted(_PACKAGE.glob("*.py"))


def _hash(h: hashlib._Hash, name: str, path: Path) -> None:
    h.update(name.encode())
    h.update(b"\0")
    h.update(path.read_bytes())
    h.update(b"\0")


def sources_digest(root: Path) -> str:
    """SHA-256 over every curated file below root (names and contents) and the toolchain digest."""
    root = Path(root)
    h = hashlib.sha256()
    for p in curated_files(root):
        _hash(h, p.relative_to(root).as_posix(), p)
    h.update(toolchain_digest().encode())
    return h.hexdigest()


def toolchain_digest() -> str:
    """SHA-256 over the ontology, sector scheme, shapes, the toolchain's code and the version of
    Oxigraph (which writes every serialisation): when it changes, a rebuild cannot reuse anything
    of the last build."""
    import pyoxigraph  # a native module that loads in milliseconds

    h = hashlib.sha256(f"pyoxigraph {pyoxigraph.__version__}\0".encode())
    for p in ontology_files():
        _hash(h, p.name, p)
    for p in code_files():
        _hash(h, f"graph/{p.name}", p)
    return h.hexdigest()
