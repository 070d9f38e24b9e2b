"""`cjkg build`: curated sources -> validated RDF in every format and an Oxigraph store, all or nothing."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib

from . import resources
from .digest import sources_digest
from .errors import Problem, ShapeViolation
from .loader import load_catalog
from .namespaces import curie
from .rdfbuild import Built, catalog_triples
from .serialize import ntriples, to_jsonld, to_turtle
from .shacl import ShaclReport, check_shapes
from .shacl_sparql import check_store
from .store import MANIFEST, memory_store, publish, staging_dir, write_store

Progress = Callable[[str], None]


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


def ontology_lines() -> list[str]:
    """The ontology and sector scheme, as N-Triples lines: they travel with the data (the shapes do
    not: they judge it)."""
    out: list[str] = []
    for path in (resources.ontology_file(), resources.sectors_file()):
        triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        out.extend(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode().splitlines())
    return out


CACHE_DIR = ".cache"
PYSHACL_LIMIT = 150_000
"""Above this many triples the shapes are checked by SPARQL on the store instead of by pySHACL."""


def checks_on_store(validator: str, n: int) -> bool:
    """Whether the shapes are checked by SPARQL on the store rather than by pySHACL."""
    return validator == "sparql" or (validator == "auto" and n > PYSHACL_LIMIT)


def validate(triples_nt: bytes, built: Built, n: int, validator: str = "auto") -> ShaclReport:
    """Check the SHACL shapes: pySHACL on small graphs; above PYSHACL_LIMIT triples (where rdflib's
    memory store does not scale) the same shapes as SPARQL, on an in-memory Oxigraph copy of the
    graph, which answers them three times faster than the on-disk store even counting its load."""
    if checks_on_store(validator, n):
        return check_store(memory_store(triples_nt), built)
    data_graph = rdflib.Graph()
    data_graph.parse(data=triples_nt, format="nt")
    return check_shapes(data_graph, built)


def build(out: Path | str = "out", data: Path | str | None = None, progress: Progress | None = None,
          validator: str = "auto") -> BuildResult:
    """Validate the curated sources and write DIR/cjkg.{ttl,nt,jsonld}, DIR/store and DIR/manifest.json.

    Nothing in `out` changes unless the whole build succeeds.
    """
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    out, data = Path(out), Path(data or resources.data_dir())
    say(f"reading curated sources in {data}")
    catalog = load_catalog(data, cache=out / CACHE_DIR)
    say(f"{len(catalog.files)} files, {len(catalog.records)} records, {len(catalog.sources)} sources")
    built = catalog_triples(catalog)
    nt = ntriples([*built.triples, *ontology_lines()])
    n = nt.count(b"\n")
    staging = staging_dir(out)
    try:
        # Oxigraph loads the store, and checks the shapes, without the GIL while Python writes the
        # other formats.
        how = "SPARQL" if checks_on_store(validator, n) else "pySHACL"
        say(f"writing {n} triples as N-Triples, Turtle and JSON-LD, loading the store, checking the shapes ({how})")
        with ThreadPoolExecutor(max_workers=2) as pool:
            loading = pool.submit(write_store, staging, nt)
            checking = pool.submit(validate, nt, built, n, validator)
            (staging / "cjkg.nt").write_bytes(nt)
            (staging / "cjkg.ttl").write_bytes(to_turtle(nt))
            (staging / "cjkg.jsonld").write_bytes(to_jsonld(nt))
            loading.result()
            report = checking.result()
        if not report.conforms:
            raise ShapeViolation(report.violations)
        manifest = {"digest": sources_digest(data), "triples": n, "data": str(data.resolve())}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    per_class = dict(sorted((curie(c), k) for c, k in built.per_class.items()))
    return BuildResult(out, n, time.perf_counter() - started, built.entities, built.facts,
                       len(catalog.sources), per_class, report.warnings)
