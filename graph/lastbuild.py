"""What a build wrote, as its manifest tells it: whether the build in a folder is current, and its
summary, read without the heavy libraries so that a build with nothing to do returns at once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .digest import sources_digest
from .errors import Problem
from .store import MANIFEST, STORE_DIR

VALIDATORS = ("sparql", "pyshacl")
_KEYS = ("digest", "data", "validated_by", "sizes", "triples", "entities", "facts", "sources", "per_class",
         "warnings")


@dataclass
class BuildResult:
    """What a build wrote, counted while building (`cjkg stats` computes the full figures by SPARQL)."""

    out: Path
    triples: int
    seconds: float
    entities: int
    facts: int
    sources: int
    per_class: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds per phase of the build (graph/phases.py); empty when nothing was done."""


def manifest(result: BuildResult, digest: str, data: Path, validator: str, sizes: dict[str, int]) -> dict:
    """The manifest of a build: what it was made from, the sizes of the files it wrote, and its summary."""
    return {"digest": digest, "data": str(Path(data).resolve()), "validated_by": validator, "sizes": sizes,
            "triples": result.triples, "entities": result.entities, "facts": result.facts,
            "sources": result.sources, "per_class": result.per_class,
            "warnings": [asdict(w) for w in result.warnings]}


def read(out: Path) -> dict | None:
    """The manifest of the build in out, or None when there is none or it cannot be read."""
    try:
        return json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def current(out: Path, data: Path, validator: str | None = None) -> BuildResult | None:
    """The result of the build in out when it is of this data, unchanged since (sources, ontology
    and code alike), with its files in place and, if `validator` is given, checked by it; else None."""
    found = read(out)
    if not isinstance(found, dict) or any(k not in found for k in _KEYS):  # none, or an older layout
        return None
    if found["data"] != str(Path(data).resolve()):
        return None
    if not (Path(out) / STORE_DIR).is_dir() or any(
            not (Path(out) / name).is_file() or (Path(out) / name).stat().st_size != size
            for name, size in found["sizes"].items()):
        return None
    if validator is not None and found["validated_by"] != validator:
        return None
    if found["digest"] != sources_digest(data):
        return None
    return BuildResult(Path(out), found["triples"], 0.0, found["entities"], found["facts"], found["sources"],
                       found["per_class"], [Problem(**w) for w in found["warnings"]])


def unchanged(out: Path, data: Path, validator: str, progress: Callable[[str], None] | None = None
              ) -> BuildResult | None:
    """The answer of a build with nothing to do: the last build's result, when it is `current`."""
    started = time.perf_counter()
    found = current(out, data, validator)
    if found is None:
        return None
    if progress:
        progress("nothing changed since the last build")
    return replace(found, seconds=time.perf_counter() - started)
