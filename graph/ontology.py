"""The ontology as the loader and the checks need it: the controlled kinds and the sector scheme.

Kinds are not listed in code: an event kind `state-visit` is valid because cj:StateVisit is a
subclass of cj:Event in the ontology, so the ontology stays the one place where classes are defined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import rdflib
from rdflib.namespace import RDFS, SKOS

from . import resources
from .namespaces import CJ, SECTOR_SCHEME, TIER_SCHEME


def _kebab(local: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower()


@dataclass(frozen=True)
class Vocabulary:
    """Slugs a curator may write, each mapped to the IRI it stands for."""

    event_kinds: dict[str, str]
    agreement_kinds: dict[str, str]
    organisation_kinds: dict[str, str]
    sectors: dict[str, str]
    tiers: dict[str, str]
    """Source tier notation -> concept IRI."""
    tier_groups: dict[str, str]
    """Source tier notation -> the notation of its broader concept (primary, secondary, weak)."""


@lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    """The ontology and the sector scheme, parsed once per process."""
    g = rdflib.Graph()
    g.parse(resources.ontology_file(), format="turtle")
    g.parse(resources.sectors_file(), format="turtle")
    g.parse(resources.tiers_file(), format="turtle")
    return g


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(resources.shapes_file(), format="turtle")
    return g


def _subclasses(g: rdflib.Graph, root: str) -> dict[str, str]:
    root_ref = rdflib.URIRef(CJ + root)
    found = {}
    for cls in g.transitive_subjects(RDFS.subClassOf, root_ref):
        iri = str(cls)
        if iri.startswith(CJ):
            found[_kebab(iri[len(CJ):])] = iri
    return dict(sorted(found.items()))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    g = ontology_graph()
    sectors = {
        str(notation): str(concept)
        for concept, notation in g.subject_objects(SKOS.notation)
        if (concept, SKOS.inScheme, rdflib.URIRef(SECTOR_SCHEME)) in g
    }
    tiers, groups = {}, {}
    scheme = rdflib.URIRef(TIER_SCHEME)
    for concept, broader in g.subject_objects(SKOS.broader):
        if (concept, SKOS.inScheme, scheme) in g:
            tiers[str(g.value(concept, SKOS.notation))] = str(concept)
            groups[str(g.value(concept, SKOS.notation))] = str(g.value(broader, SKOS.notation))
    return Vocabulary(
        event_kinds=_subclasses(g, "Event"),
        agreement_kinds=_subclasses(g, "Agreement"),
        organisation_kinds=_subclasses(g, "Organisation"),
        sectors=dict(sorted(sectors.items())),
        tiers=dict(sorted(tiers.items())),
        tier_groups=dict(sorted(groups.items())),
    )
