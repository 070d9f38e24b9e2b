"""A cheap fingerprint of the curated sources and the ontology: equal digests, equal builds.

Kept free of heavy imports so that `cjkg query` can tell whether a build is stale in milliseconds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import resources


def curated_files(root: Path) -> list[Path]:
    """The curated files below root, in a stable order."""
    return sorted(p for p in Path(root).rglob("*") if p.suffix in (".yaml", ".yml", ".jsonl") and p.is_file())


def ontology_files() -> list[Path]:
    return [resources.ontology_file(), *resources.scheme_files(), resources.shapes_file()]


def sources_digest(root: Path) -> str:
    """SHA-256 over every curated file below root and the ontology files, names and contents."""
    root = Path(root)
    h = hashlib.sha256()
    for p in [*curated_files(root), *ontology_files()]:
        h.update((p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def ontology_digest() -> str:
    """SHA-256 over the ontology, concept schemes and shapes: a rebuild that cannot reuse anything when
    they change."""
    h = hashlib.sha256()
    for p in ontology_files():
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
