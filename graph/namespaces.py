"""IRIs of the project: the ontology, data, sector and shape namespaces and the one prefix map."""

from __future__ import annotations

CJ = "https://w3id.org/cjkg/ontology#"
CJD = "https://w3id.org/cjkg/id/"
SECTOR = "https://w3id.org/cjkg/sector/"
SECTOR_SCHEME = SECTOR
TIER = "https://w3id.org/cjkg/tier/"
TIER_SCHEME = TIER
AMOUNT_ROLE = "https://w3id.org/cjkg/amount-role/"
AMOUNT_ROLE_SCHEME = AMOUNT_ROLE
QUANTITY_KIND = "https://w3id.org/cjkg/quantity-kind/"
QUANTITY_KIND_SCHEME = QUANTITY_KIND
PARTICIPATION_ROLE = "https://w3id.org/cjkg/participation-role/"
PARTICIPATION_ROLE_SCHEME = PARTICIPATION_ROLE
CJSH = "https://w3id.org/cjkg/shapes#"
ONTOLOGY_IRI = "https://w3id.org/cjkg/ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
TIME = "http://www.w3.org/2006/time#"

PREFIXES: dict[str, str] = {
    "cj": CJ,
    "cjd": CJD,
    "sector": SECTOR,
    "tier": TIER,
    "amountrole": AMOUNT_ROLE,
    "qkind": QUANTITY_KIND,
    "prole": PARTICIPATION_ROLE,
    "dct": DCT,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "time": TIME,
    "xsd": XSD,
}


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, predeclared for queries."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def curie(iri: str) -> str:
    """Shorten an IRI with the project prefixes (and cjsh: for shapes), or return it unchanged."""
    for prefix, ns in (*PREFIXES.items(), ("cjsh", CJSH)):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri
