"""SHACL validation of the built graph with pySHACL, reported against the curated records."""

from __future__ import annotations

from dataclasses import dataclass

import rdflib
from pyshacl import validate
from rdflib.namespace import SH

from .errors import Problem
from .namespaces import curie
from .ontology import shapes_graph
from .rdfbuild import Built


@dataclass(frozen=True)
class ShaclReport:
    violations: list[Problem]
    warnings: list[Problem]

    @property
    def conforms(self) -> bool:
        return not self.violations


def check_shapes(data: rdflib.Graph, built: Built | None = None) -> ShaclReport:
    """Run every shape over data (ontology included, so targets reach subclasses)."""
    _, results, _ = validate(data, shacl_graph=shapes_graph(), inference="none", advanced=False,
                             allow_warnings=True, abort_on_first=False)
    violations, warnings = [], []
    for result in results.objects(None, SH.result):  # top-level results, not their sh:detail
        focus = str(results.value(result, SH.focusNode))
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "violates a shape")
        shape = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        origin = built.origin.get(focus) if built else None
        if origin:
            loc, sub = origin
            problem = Problem(loc.file, loc.line_of(*sub), loc.record.id if hasattr(loc.record, "id") else "",
                              curie(str(path)) if path else "", f"{message} [{curie(str(shape))}]")
        else:
            problem = Problem(curie(focus), 0, "", curie(str(path)) if path else "", f"{message} [{curie(str(shape))}]")
        (violations if severity == SH.Violation else warnings).append(problem)
    return ShaclReport(sorted(set(violations)), sorted(set(warnings)))
