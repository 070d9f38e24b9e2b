"""SHACL validation of the built graph with pySHACL, reported against the curated records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import SH

from .errors import Problem
from .namespaces import curie
from .ontology import shapes_graph
from .rdfbuild import Origin


@dataclass(frozen=True)
class ShaclReport:
    violations: list[Problem]
    warned: list[tuple[str, Problem]] = field(default_factory=list)
    """Each warning with its focus node, so that a rebuild can keep those on nodes it did not check."""

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def warnings(self) -> list[Problem]:
        return warnings_of(self.warned)


def warnings_of(warned: list[tuple[str, Problem]]) -> list[Problem]:
    """The distinct warnings, sorted, whatever nodes they are on."""
    return sorted({p for _, p in warned})


def problem_at(origin: Mapping[str, Origin], focus: str, path: str, where: str) -> Problem:
    """A shape's finding on a node, placed at the curated record the node came from."""
    found = origin.get(focus)
    if found:
        return Problem(found[0], found[1], found[2], path, where)
    return Problem(curie(focus), 0, "", path, where)


def report(found: list[tuple[str, bool, Problem]]) -> ShaclReport:
    """Findings (focus, is a violation, problem) as a sorted report."""
    violations = sorted({p for _, bad, p in found if bad})
    warned = sorted({(f, p) for f, bad, p in found if not bad})
    return ShaclReport(violations, warned)


def check_shapes(data: rdflib.Graph, origin: Mapping[str, Origin] | None = None) -> ShaclReport:
    """Run every shape over data (ontology included, so targets reach subclasses)."""
    from pyshacl import validate  # imported here: a rebuild, which checks by SPARQL, need not load it

    _, results, _ = validate(data, shacl_graph=shapes_graph(), inference="none", advanced=False,
                             allow_warnings=True, abort_on_first=False)
    found = []
    for result in results.objects(None, SH.result):  # top-level results, not their sh:detail
        focus = str(results.value(result, SH.focusNode))
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "violates a shape")
        shape = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        problem = problem_at(origin or {}, focus, curie(str(path)) if path else "", f"{message} [{curie(str(shape))}]")
        found.append((focus, severity == SH.Violation, problem))
    return report(found)
