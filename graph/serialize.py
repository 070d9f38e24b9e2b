"""Stable serialisations of a list of triples: sorted N-Triples, Turtle, JSON-LD with a context."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from .namespaces import PREFIXES, RDF

RDF_TYPE = RDF + "type"


def sort_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Unique triples in a fixed order (by their N-Triples text)."""
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def to_ntriples(triples: list[ox.Triple]) -> bytes:
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    return b"".join(sorted(set(lines)))


def to_turtle(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(sort_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _compact(value: Any) -> Any:
    if isinstance(value, list):
        return [_compact(v) for v in value]
    if isinstance(value, dict):
        out = {}
        if RDF_TYPE in value:
            value = dict(value)
            value["@type"] = [t["@id"] for t in value.pop(RDF_TYPE)]
        for k, v in value.items():
            key = _curie(k) if not k.startswith("@") else k
            if k in ("@id", "@type"):
                v = [_curie(x) for x in v] if isinstance(v, list) else _curie(v)
            out[key] = _compact(v)
        return out
    return value


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        rest = iri[len(ns):]
        if iri.startswith(ns) and rest and not rest.startswith("//"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def to_jsonld(triples: list[ox.Triple]) -> bytes:
    """JSON-LD whose @context declares the project prefixes and whose IRIs use them."""
    expanded = json.loads(ox.serialize(sort_triples(triples), format=ox.RdfFormat.JSON_LD))
    nodes = sorted(_compact(expanded), key=lambda node: node.get("@id", ""))
    doc = {"@context": dict(PREFIXES), "@graph": nodes}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
