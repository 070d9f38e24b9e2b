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
from .namespaces import (
    AMOUNT_ROLE_SCHEME,
    CJ,
    PARTICIPATION_ROLE,
    PARTICIPATION_ROLE_SCHEME,
    QUANTITY_KIND_SCHEME,
    SECTOR_SCHEME,
    TIER_SCHEME,
)


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
    amount_roles: dict[str, str]
    quantity_kinds: dict[str, str]
    participation_roles: dict[str, str]
    present_roles: frozenset[str]
    """The participation roles of those who took part (narrower than 'taking part'), by notation."""


@lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    """The ontology and its concept schemes, parsed once per process."""
    g = rdflib.Graph()
    g.parse(resources.ontology_file(), format="turtle")
    for scheme in resources.scheme_files():
        g.parse(scheme, format="turtle")
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


def _scheme(g: rdflib.Graph, scheme: str) -> dict[str, str]:
    """Notation -> concept IRI of one concept scheme."""
    found = {
        str(notation): str(concept)
        for concept, notation in g.subject_objects(SKOS.notation)
        if (concept, SKOS.inScheme, rdflib.URIRef(scheme)) in g
    }
    return dict(sorted(found.items()))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    g = ontology_graph()
    tiers, groups = {}, {}
    scheme = rdflib.URIRef(TIER_SCHEME)
    for concept, broader in g.subject_objects(SKOS.broader):
        if (concept, SKOS.inScheme, scheme) in g:
            tiers[str(g.value(concept, SKOS.notation))] = str(concept)
            groups[str(g.value(concept, SKOS.notation))] = str(g.value(broader, SKOS.notation))
    roles = _scheme(g, PARTICIPATION_ROLE_SCHEME)
    taking_part = rdflib.URIRef(PARTICIPATION_ROLE + "taking-part")
    return Vocabulary(
        event_kinds=_subclasses(g, "Event"),
        agreement_kinds=_subclasses(g, "Agreement"),
        organisation_kinds=_subclasses(g, "Organisation"),
        sectors=_scheme(g, SECTOR_SCHEME),
        amount_roles=_scheme(g, AMOUNT_ROLE_SCHEME),
        quantity_kinds=_scheme(g, QUANTITY_KIND_SCHEME),
        participation_roles=roles,
        present_roles=frozenset(n for n, iri in roles.items() if (rdflib.URIRef(iri), SKOS.broader, taking_part) in g),
        tiers=dict(sorted(tiers.items())),
        tier_groups=dict(sorted(groups.items())),
    )
