"""The SHACL shapes checked by SPARQL on the Oxigraph store: the validator for large graphs.

pySHACL works on rdflib's in-memory graph, which does not scale to a million triples. This module
reads the same shapes file and turns each property shape into one SPARQL query that returns the
focus nodes violating it, so validation costs a handful of indexed queries. It covers the SHACL Core
constraints the project's shapes use and refuses any other, so that the shapes cannot silently
outgrow it; the tests check that both validators find the same violations.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Set
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from . import resources
from .errors import CjkgError
from .namespaces import curie
from .ontology import ontology_graph, shapes_graph
from .rdfbuild import Origin
from .shacl import ShaclReport, problem_at, report

_HANDLED = {SH.path, SH.name, SH.description, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind,
            SH["in"], SH.pattern, SH.lessThanOrEquals, SH["or"], SH.node, SH.severity, SH.message, SH.hasValue,
            RDF.type}
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class UnsupportedShape(CjkgError):
    """A shape uses a SHACL feature the store-based validator does not translate."""


@dataclass(frozen=True)
class Check:
    """One constraint of one property shape: `sparql` selects the focus nodes that violate it;
    `condition`, when the constraint has one, is a SPARQL expression over ?focus that is true exactly
    for those nodes, by which the checks of one target share a single scan (see `screens`)."""

    shape: str
    severity: str
    message: str
    path: str
    sparql: str
    focus: str = ""
    condition: str | None = None


def _term(node: rdflib.term.Node) -> str:
    return node.n3()


def _classes(cls: rdflib.term.Node) -> str:
    """A VALUES list of cls and its subclasses (from the ontology), so that queries need no property path."""
    onto = ontology_graph()
    members = sorted({cls, *onto.transitive_subjects(RDFS.subClassOf, cls)})
    return " ".join(_term(m) for m in members)


def _value_test(g: rdflib.Graph, spec: rdflib.term.Node) -> str | None:
    """A SPARQL expression that is true when ?v satisfies the value constraints of `spec` (None: none)."""
    tests = []
    for dtype in g.objects(spec, SH.datatype):
        if str(dtype) == _RDF_LANGSTRING:
            tests.append('(isLiteral(?v) && LANG(?v) != "")')
        else:
            tests.append(f"(isLiteral(?v) && DATATYPE(?v) = {_term(dtype)})")
    for cls in g.objects(spec, SH["class"]):
        tests.append(f"EXISTS {{ VALUES ?vt {{ {_classes(cls)} }} ?v a ?vt }}")
    for kind in g.objects(spec, SH.nodeKind):
        if kind != SH.IRI:
            raise UnsupportedShape(f"sh:nodeKind {kind} is not translated")
        tests.append("isIRI(?v)")
    for lst in g.objects(spec, SH["in"]):
        tests.append(f"(?v IN ({', '.join(_term(x) for x in Collection(g, lst))}))")
    for pattern in g.objects(spec, SH.pattern):
        tests.append(f"REGEX(STR(?v), {_term(rdflib.Literal(str(pattern)))})")
    for node_shape in g.objects(spec, SH.node):
        for prop in g.objects(node_shape, SH.property):
            path = g.value(prop, SH.path)
            for value in g.objects(prop, SH.hasValue):
                tests.append(f"EXISTS {{ ?v {_term(path)} {_term(value)} }}")
    for lst in g.objects(spec, SH["or"]):
        alternatives = [_value_test(g, member) for member in Collection(g, lst)]
        tests.append("(" + " || ".join(f"({a})" for a in alternatives if a) + ")")
    return " && ".join(tests) if tests else None


def compile_shapes(g: rdflib.Graph | None = None) -> list[Check]:
    """One SPARQL query per (property shape, constraint kind), each selecting ?focus: the constraint's
    condition on one focus node, filtering the target's nodes (min and max counts above 1, which have
    no such condition, are grouped queries)."""
    g = g if g is not None else shapes_graph()
    checks: list[Check] = []
    for node_shape in sorted(g.subjects(RDF.type, SH.NodeShape)):
        targets = list(g.objects(node_shape, SH.targetClass))
        if not targets:
            continue  # a helper shape, reached through sh:node
        (target,) = targets
        focus = f"VALUES ?ft {{ {_classes(target)} }} ?focus a ?ft ."
        for prop in sorted(g.objects(node_shape, SH.property)):
            unknown = {p for p in g.predicates(prop, None)} - _HANDLED
            if unknown:
                raise UnsupportedShape(f"{prop}: {', '.join(sorted(map(str, unknown)))} not translated")
            path = _term(g.value(prop, SH.path))
            # Each constraint is a condition on one focus node, from which its query is made; only
            # counts above one need a grouped query of their own.
            conditions: list[str] = []
            grouped: list[str] = []
            low, high = g.value(prop, SH.minCount), g.value(prop, SH.maxCount)
            if low is not None and int(low) == 1:
                conditions.append(f"NOT EXISTS {{ ?focus {path} ?v }}")
            elif low is not None and int(low) > 1:
                grouped.append(f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {path} ?v }} }} "
                               f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {int(low)})")
            if high is not None and int(high) == 1:
                conditions.append(f"EXISTS {{ ?focus {path} ?a , ?b FILTER (!sameTerm(?a, ?b)) }}")
            elif high is not None:
                grouped.append(f"SELECT ?focus WHERE {{ {focus} ?focus {path} ?v }} "
                               f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {int(high)})")
            test = _value_test(g, prop)
            if test:
                conditions.append(f"EXISTS {{ ?focus {path} ?v FILTER (!({test})) }}")
            for other in g.objects(prop, SH.lessThanOrEquals):
                conditions.append(f"EXISTS {{ ?focus {path} ?v ; {_term(other)} ?w FILTER (!(?v <= ?w)) }}")
            for value in g.objects(prop, SH.hasValue):
                conditions.append(f"NOT EXISTS {{ ?focus {path} {_term(value)} }}")
            queries: list[tuple[str, str | None]] = [(q, None) for q in grouped]
            queries += [(f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER ({c}) }}", c) for c in conditions]
            severity = str(g.value(prop, SH.severity) or SH.Violation)
            message = str(g.value(prop, SH.message) or "violates a shape")
            checks += [Check(str(prop), severity, message, str(g.value(prop, SH.path)), q, focus, c)
                       for q, c in queries]
    return checks


def cached_checks(cache: Path | None) -> list[Check]:
    """The compiled checks, kept in the folder `cache` under the digest of the shapes, the ontology,
    its schemes and this module: compiling parses the shapes with rdflib, a sixth of a second of every
    build of the curated graph. A damaged entry is compiled again, never trusted."""
    if cache is None:
        return compile_shapes()
    digest = hashlib.sha256()
    for path in (resources.shapes_file(), resources.ontology_file(), *resources.scheme_files(), Path(__file__)):
        digest.update(path.read_bytes())
    entry = Path(cache) / f"checks-{digest.hexdigest()[:20]}.json"
    try:
        return [Check(**c) for c in json.loads(entry.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    checks = compile_shapes()
    entry.parent.mkdir(parents=True, exist_ok=True)
    for stale in entry.parent.glob("checks-*.json"):
        stale.unlink(missing_ok=True)
    tmp = entry.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps([asdict(c) for c in checks], ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, entry)
    return checks


def screens(checks: list[Check]) -> list[tuple[str, list[Check]]]:
    """For each target, one query selecting the nodes that violate any of its checks that have a
    condition, with those checks. A check alone scans every node of its target; the screen scans them
    once and tests all conditions on each: half the time of the separate checks at a million triples,
    where nearly every node passes and the exact checks then run on the few it flags."""
    by_focus: dict[str, list[Check]] = {}
    for check in checks:
        if check.condition is not None:
            by_focus.setdefault(check.focus, []).append(check)
    return [(f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER ({' || '.join(c.condition or '' for c in group)}) }}",
             group) for focus, group in by_focus.items()]


def check_store(store: ox.Store, origin: Mapping[str, Origin] | None = None, checks: list[Check] | None = None,
                foci: Set[str] | None = None) -> ShaclReport:
    """Run every compiled check on the store, on every node or only on `foci`; report problems
    against the curated records. The checks that have a condition run only on the nodes their
    target's screen flags."""
    checks = checks if checks is not None else compile_shapes()
    if foci is not None and not foci:
        return ShaclReport([])

    def among(nodes: Set[str] | None) -> str:
        return "" if nodes is None else "VALUES ?focus { " + " ".join(f"<{f}>" for f in sorted(nodes)) + " } "

    def run(job: tuple[str, str]) -> list[str]:
        sparql, only = job
        return [solution["focus"].value for solution in store.query(sparql.replace("WHERE { ", "WHERE { " + only, 1))]

    screened = screens(checks)
    everywhere = among(foci)  # built once: a rebuild's foci can be thousands of nodes
    # Oxigraph evaluates without the GIL, so the queries share the cores.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        flagged = list(pool.map(run, [(sparql, everywhere) for sparql, _ in screened]))
        jobs = [(check, everywhere) for check in checks if check.condition is None]
        for (_, group), hits in zip(screened, flagged, strict=True):
            if hits:
                jobs += [(check, among(set(hits))) for check in group]
        results = list(pool.map(run, [(check.sparql, only) for check, only in jobs]))
    found = []
    for (check, _), hits in zip(jobs, results, strict=True):
        where = f"{check.message} [{curie(check.shape)}]"
        for focus in hits:
            found.append((focus, check.severity == str(SH.Violation),
                          problem_at(origin or {}, focus, curie(check.path), where)))
    return report(found)


def touched_nodes(store: ox.Store, subjects: Set[str], limit: int) -> set[str] | None:
    """The nodes whose shapes a change to the triples of `subjects` can affect: those subjects, and
    the nodes that point at them (a shape may test a value's class or properties). None when there
    are more than `limit`, where checking every node is the cheaper way."""
    if len(subjects) > limit:
        return None
    nodes = set(subjects)
    if subjects:
        values = " ".join(f"<{s}>" for s in sorted(subjects))
        for row in store.query(f"SELECT DISTINCT ?s WHERE {{ VALUES ?o {{ {values} }} ?s ?p ?o }}"):
            nodes.add(row["s"].value)
    return nodes if len(nodes) <= limit else None
