"""`cjkg build`: curated sources -> validated RDF in every format and an Oxigraph store, all or nothing."""

from __future__ import annotations

import gc
import json
import shutil
import time
from collections import ChainMap, Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from . import audit, buildstate, lastbuild, resources
from .buildstate import BuildState, unit_state
from .digest import curated_files, sources_digest, toolchain_digest
from .errors import BuildNotFound, CjkgError, CurationError, ShapeViolation
from .lastbuild import BuildResult
from .loader import Catalog, FileSummary, check_evidence, file_summaries, load_catalog, load_files, merge_sources
from .namespaces import curie
from .phases import Phases
from .rdfbuild import Origin, file_triples, source_triples
from .serialize import Serialised, SortedDocument, serialise
from .shacl import ShaclReport, check_shapes, problem_at, warnings_of
from .shacl_sparql import cached_checks, check_store, touched_nodes
from .store import MANIFEST, STORE_DIR, claim_output, memory_store, publish, read_manifest, staging_dir, write_store

Progress = Callable[[str], None]


def ontology_lines() -> list[str]:
    """The ontology and its concept schemes, as N-Triples lines: they travel with the data (the shapes
    do not: they judge it)."""
    out: list[str] = []
    for path in (resources.ontology_file(), *resources.scheme_files()):
        triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        out.extend(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode().splitlines())
    return out


CACHE_DIR = ".cache"


def validate(triples_nt: bytes, origin: Mapping[str, Origin], validator: str = "sparql",
             phase: Phases | None = None, cache: Path | None = None) -> tuple[ShaclReport, list[audit.Finding] | None]:
    """Check the SHACL shapes: by SPARQL on an in-memory Oxigraph copy of the graph (a tenth of a
    second on the curated graph with the load, and three times faster than the on-disk store), or
    by pySHACL, the reference the tests hold the SPARQL checks to (1.7 s on the curated graph, and
    rdflib's memory store does not scale to a million triples). The SPARQL way also audits that
    copy (graph/audit.py) and returns the findings; pySHACL's returns None, for the audit of the store."""
    phase = phase or Phases()
    if validator == "sparql":
        with phase("check shapes"):
            store = memory_store(triples_nt)
            report = check_store(store, origin, cached_checks(cache))
        with phase("audit"):
            return report, audit.audit(store)
    import rdflib

    with phase("check shapes"):
        data_graph = rdflib.Graph()
        data_graph.parse(data=triples_nt, format="nt")
        return check_shapes(data_graph, origin), None


class _Stale(Exception):
    """The previous build cannot be brought up to date piece by piece; the reason is the message."""


def build(out: Path | str = "out", data: Path | str | None = None, progress: Progress | None = None,
          validator: str = "sparql", full: bool = False) -> BuildResult:
    """Validate the curated sources and write DIR/cjkg.{ttl,nt,jsonld}, DIR/store and DIR/manifest.json.

    Nothing in `out` changes unless the whole build succeeds. When nothing changed since an earlier
    build of the same data, nothing is done. Otherwise only the files that changed are read again
    and only the triples that changed are written to the store, checked against the shapes and
    serialised again (unless `full`); the outputs are the bytes a full build writes.
    """
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    out, data = Path(out), Path(data or resources.data_dir())
    if validator not in lastbuild.VALIDATORS:
        raise CjkgError(f"unknown validator {validator!r}: one of {', '.join(lastbuild.VALIDATORS)}")
    unchanged = None if full else lastbuild.unchanged(out, data, validator, say)
    if unchanged is not None:
        return unchanged
    claim_output(out)
    say(f"curated sources: {resources.describe_data(data)}")
    with _without_cycle_collection():
        previous = None if full else buildstate.read(out)
        if previous is not None:
            phases = Phases()
            try:
                result = _rebuild(out, data, previous, validator, say, phases)
            except _Stale as why:
                say(f"building in full: {why}")
            else:
                return replace(result, seconds=time.perf_counter() - started, phases=phases.rounded())
        phases = Phases()
        result = _build(out, data, validator, say, phases)
        return replace(result, seconds=time.perf_counter() - started, phases=phases.rounded())


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A build allocates millions of objects that live until it ends, and Python's cycle collector
    would walk them all again and again: 3.8 s of a 23 s build at a million triples. Reference
    counting still frees whatever is not in a cycle, and the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _keys(data: Path) -> dict[str, str]:
    """Each curated file's content hash, taken before it is read: a file edited during the build is
    read again by the next one."""
    return {p.relative_to(data).as_posix(): buildstate.content_key(p) for p in curated_files(data)}


def _union(parts: list[list[str]]) -> tuple[bytes, dict[str, int]]:
    """The sorted N-Triples document of all parts, and the lines that more than one part gives."""
    union: set[str] = set()
    multi: dict[str, int] = {}
    for part in parts:
        if not union.isdisjoint(part):
            for line in union.intersection(part):
                multi[line] = multi.get(line, 1) + 1
        union.update(part)
    return ("\n".join(sorted(union)) + "\n").encode(), multi


def _build(out: Path, data: Path, validator: str, say: Progress, phase: Phases) -> BuildResult:
    with phase("read and validate"):
        digest = sources_digest(data)  # before the files are read, as their keys are
        keys = _keys(data) if data.is_dir() else {}
        say("reading every curated file")
        catalog = load_catalog(data, cache=out / CACHE_DIR)
    say(f"{len(catalog.files)} files, {len(catalog.records)} records, {len(catalog.sources)} sources")
    with phase("emit triples"):
        units = file_triples(catalog)
        sources = source_triples(catalog.sources)
        parts = [*(u.triples for u in units.values()), sources.triples, ontology_lines()]
    with phase("sort"):
        nt, multi = _union(parts)
        n = nt.count(b"\n")
    origin = ChainMap(*(u.origin for u in units.values()))
    staging = staging_dir(out)
    try:
        how = "SPARQL" if validator == "sparql" else "pySHACL"
        say(f"writing {n} triples as N-Triples, Turtle and JSON-LD, loading the store, checking the shapes ({how})")
        with ThreadPoolExecutor(max_workers=2) as pool:
            # Oxigraph loads the store, and checks the shapes, without the GIL while Python writes the
            # other formats.
            loading = pool.submit(phase.run, "load store", write_store, staging, nt)
            checking = pool.submit(validate, nt, origin, validator, phase, out / CACHE_DIR)
            done = phase.run("serialise turtle+json-ld", serialise, nt)
            sizes = phase.run("write files", _write_formats, staging, nt, done)
            with phase("state"):
                summaries = file_summaries(catalog)
                names = buildstate.names(catalog.files)
                buildstate.write_units(staging / "state", names, units, sources.triples)
            loading.result()
            report, found = checking.result()
        if not report.conforms:
            raise ShapeViolation(report.violations)
        state = BuildState(
            str(data.resolve()), toolchain_digest(), digest, validator, sizes,
            {rel: unit_state(keys.get(rel, ""), names[rel], summaries[rel], units[rel]) for rel in catalog.files},
            multi, catalog.sources, sources.per_class, done.chunks, report.warned)
        return _finish(staging, out, data, n, state, phase, found)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _result(out: Path, n: int, state: BuildState) -> BuildResult:
    """What a build wrote, counted from its state (the counts of each file and of the sources)."""
    per_class = Counter(state.source_classes)
    entities = facts = 0
    for unit in state.units.values():
        per_class.update(unit.per_class)
        entities += unit.entities
        facts += unit.facts
    classes = dict(sorted((curie(c), k) for c, k in per_class.items() if k))
    url_warnings = [w for unit in state.units.values() for w in unit.summary.warnings]
    return BuildResult(out, n, 0.0, entities, facts, len(state.sources), classes,
                       sorted([*warnings_of(state.warned), *url_warnings]))


def _write_formats(staging: Path, nt: bytes, done: Serialised) -> dict[str, int]:
    """Write the three serialisations; returns their sizes, by which a rebuild knows them again."""
    files = {"cjkg.nt": nt, "cjkg.ttl": done.turtle, "cjkg.jsonld": done.jsonld}
    for name, content in files.items():
        (staging / name).write_bytes(content)
    return {name: len(content) for name, content in files.items()}


def _finish(staging: Path, out: Path, data: Path, n: int, state: BuildState, phase: Phases,
            found: list[audit.Finding] | None = None) -> BuildResult:
    """Write the state's index and the manifest (with the build's summary, by which a build with
    nothing to do answers), and publish the build. `found`: the audit's findings, if already made."""
    with phase("audit" if found is None else "place audit findings"):
        state.warned = audit.audited(staging / STORE_DIR, state, staging / "state", found)
    with phase("publish"):
        return _publish(staging, out, data, n, state)


def _publish(staging: Path, out: Path, data: Path, n: int, state: BuildState) -> BuildResult:
    buildstate.write_index(staging / "state", state)
    result = _result(out, n, state)
    manifest = lastbuild.manifest(result, state.digest, data, state.validated_by, state.sizes)
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    publish(staging, out, {"state": buildstate.STATE_DIR})
    return result


# -- Rebuild ------------------------------------------------------------------------------------

FOCUS_LIMIT = 20_000
"""Above this many changed nodes, a rebuild checks the shapes on the whole store."""


def _usable(out: Path, data: Path, previous: BuildState, validator: str) -> None:
    """Raise _Stale unless previous describes the build in out, from this data, ontology and validator."""
    try:
        manifest = read_manifest(out)
    except BuildNotFound as e:
        raise _Stale("no earlier build") from e
    if previous.data != str(data.resolve()):
        raise _Stale("the earlier build was of other data")
    if manifest.get("digest") != previous.digest:
        raise _Stale("the earlier build's state does not match it")
    if previous.ontology != toolchain_digest():
        raise _Stale("the ontology, shapes or toolchain changed")
    if validator == "pyshacl":
        raise _Stale("pySHACL checks the graph whole")
    if previous.validated_by != "sparql":
        raise _Stale("the last build was checked by pySHACL")
    for name, size in previous.sizes.items():
        path = out / name
        if not path.is_file() or path.stat().st_size != size:
            raise _Stale(f"{name} is not the file the earlier build wrote")


def _rebuild(out: Path, data: Path, previous: BuildState, validator: str, say: Progress,
             phase: Phases) -> BuildResult:
    _usable(out, data, previous, validator)
    digest = sources_digest(data)
    keys = _keys(data)
    if not keys:
        raise _Stale("no curated files")
    changed = [rel for rel in keys if rel not in previous.units or previous.units[rel].key != keys[rel]]
    gone = [rel for rel in previous.units if rel not in keys]
    say(f"rebuilding: {len(changed)} of {len(keys)} curated files changed, {len(gone)} removed")
    catalog, summaries = _read_changed(out, data, previous, keys, changed, gone)
    changed = catalog.files
    kept = [rel for rel in keys if rel not in summaries]
    sources = merge_sources([*(previous.units[rel].summary for rel in kept), *summaries.values()])
    if sources is None:
        raise _Stale("the files disagree on a source, or leave one without a publisher or with an unknown one")
    if any(previous.sources[u].evidence() != info.evidence() for u, info in sources.items() if u in previous.sources):
        raise _Stale("the publisher, tier or origin of a cited source changed: confidence is computed anew")
    catalog.sources = sources
    if check_evidence(catalog):
        raise _Stale("a recorded confidence is above what its sources support")
    units = file_triples(catalog)
    source_built = None if sources == previous.sources else source_triples(sources)

    delta: Counter = Counter()

    def differ(new: set[str], old: set[str]) -> None:
        delta.update(dict.fromkeys(new - old, 1))
        delta.subtract(dict.fromkeys(old - new, 1))

    for rel in [*changed, *gone]:
        differ(set(units[rel].triples) if rel in units else set(),
               previous.lines(rel) if rel in previous.units else set())
    if source_built is not None:
        differ(set(source_built.triples), previous.source_lines())

    old_nt = (out / "cjkg.nt").read_bytes()
    graph = SortedDocument(old_nt, len(delta))
    multi = dict(previous.multi)
    added, removed = _apply(graph, delta, multi)
    nt = graph.patched(added, removed)
    n = old_nt.count(b"\n") + len(added) - len(removed)

    fresh_origin = ChainMap(*(unit.origin for unit in units.values()))
    origin = buildstate.Origins(fresh_origin, lambda: previous.origins(kept))
    staging = staging_dir(out)
    try:
        say(f"{len(added)} {'triple' if len(added) == 1 else 'triples'} added, {len(removed)} removed: patching the "
            f"store, checking the shapes on the nodes they touch, serialising the chunks they fall in")
        with ThreadPoolExecutor(max_workers=1) as pool:
            patching = pool.submit(phase.run, "patch store and check shapes", _patch_store, out, staging, removed,
                                   added, origin)
            with phase("serialise turtle+json-ld"):
                before = Serialised((out / "cjkg.ttl").read_bytes(), (out / "cjkg.jsonld").read_bytes(),
                                    previous.chunks)
                done = serialise(nt, (old_nt, before))
            sizes = phase.run("write files", _write_formats, staging, nt, done)
            with phase("state"):
                names = buildstate.names(list(keys))
                buildstate.write_units(staging / "state", names, units, source_built and source_built.triples,
                                       previous)
            report, foci = patching.result()
        if not report.conforms:
            raise ShapeViolation(report.violations)
        warned = [(f, problem_at(origin, f, p.field, p.message) if f in fresh_origin else p)
                  for f, p in previous.warned if foci is not None and f not in foci]
        warned = sorted({*warned, *report.warned})
        state = BuildState(
            previous.data, previous.ontology, digest, "sparql", sizes,
            {rel: (unit_state(keys[rel], names[rel], summaries[rel], units[rel]) if rel in units
                   else replace(previous.units[rel], name=names[rel])) for rel in keys},
            multi, sources, source_built.per_class if source_built else previous.source_classes,
            done.chunks, warned)
        return _finish(staging, out, data, n, state, phase)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _read_changed(out: Path, data: Path, previous: BuildState, keys: dict[str, str], changed: list[str],
                  gone: list[str]) -> tuple[Catalog, dict[str, FileSummary]]:
    """Read the changed files, and also those whose triples spell out a label that changed."""
    while True:
        kept = [rel for rel in keys if rel not in changed]
        external: dict[str, tuple[str, str]] = {}
        for rel in kept:
            external.update(previous.units[rel].summary.ids)
        try:
            catalog = load_files(data, changed, external, cache=out / CACHE_DIR)
        except CurationError as e:
            raise _Stale(f"{len(e.problems)} problems in the changed files") from e
        summaries = file_summaries(catalog)
        now = {ident: known for s in summaries.values() for ident, known in s.ids.items()}
        before = {ident: known for rel in [*changed, *gone] if rel in previous.units
                  for ident, known in previous.units[rel].summary.ids.items()}
        relabelled, dropped = set(), set()
        for ident, (kind, label) in before.items():
            if ident not in now or now[ident][0] != kind:
                dropped.add(ident)
            elif now[ident][1] != label:
                relabelled.add(ident)
        for rel in kept:
            lost = dropped & previous.units[rel].summary.refs
            if lost:
                raise _Stale(f"'{min(lost)}' was removed or changed kind, and {rel} refers to it")
        dependents = [rel for rel in kept if not relabelled.isdisjoint(previous.units[rel].labels)]
        if not dependents:
            return catalog, summaries
        changed = [rel for rel in keys if rel in changed or rel in dependents]


def _apply(graph: SortedDocument, delta: Counter, multi: dict[str, int]) -> tuple[list[bytes], set[bytes]]:
    """The lines to add to and remove from the sorted graph, given how many more (or fewer) files now
    give each line; `multi` counts the lines more than one file gives, and is kept up to date."""
    added: list[bytes] = []
    removed: set[bytes] = set()
    for line, d in delta.items():
        if not d:
            continue
        b = line.encode()
        present = b in graph
        count = multi.get(line, 1 if present else 0) + d
        if count < 0:
            raise _Stale("the saved state is out of step with the graph")
        if count > 1:
            multi[line] = count
        else:
            multi.pop(line, None)
        if present and count == 0:
            removed.add(b)
        elif not present and count > 0:
            added.append(b)
    return added, removed


def _patch_store(out: Path, staging: Path, removed: set[bytes], added: list[bytes],
                 origin: Mapping[str, Origin]) -> tuple[ShaclReport, set[str] | None]:
    """A copy of the previous store with the changed triples, and the shapes checked on the nodes the
    change touches. Returns the report and those nodes (None: all)."""
    shutil.copytree(out / STORE_DIR, staging / STORE_DIR)
    store = ox.Store(str(staging / STORE_DIR))
    try:
        if removed:
            for quad in ox.parse(b"\n".join(sorted(removed)) + b"\n", format=ox.RdfFormat.N_TRIPLES):
                store.remove(quad)
        if added:
            store.extend(ox.parse(b"\n".join(added) + b"\n", format=ox.RdfFormat.N_TRIPLES))
        subjects = {line[1:line.index(b">")].decode() for line in chain(removed, added)}
        foci = touched_nodes(store, subjects, FOCUS_LIMIT)
        report = check_store(store, origin, cached_checks(out / CACHE_DIR), foci=foci)
        store.flush()
    finally:
        del store
    return report, foci
