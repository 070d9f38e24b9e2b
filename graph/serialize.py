"""Stable serialisations: sorted N-Triples, and Turtle and JSON-LD (with a @context) written by Oxigraph.

The build holds the graph as sorted, unique N-Triples lines; Turtle and JSON-LD are written from
the triples in that order, so equal sources give byte-identical files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import PREFIXES


def ntriples(lines: Iterable[str]) -> bytes:
    """Sorted, unique N-Triples lines as one document."""
    return ("\n".join(sorted(set(lines))) + "\n").encode()


def _triples(nt: bytes) -> Iterable[ox.Quad]:
    # Streamed from the parser to the serialiser: no list of a million Python objects in between.
    return ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)


def to_turtle(nt: bytes) -> bytes:
    """The N-Triples document as Turtle with the project prefixes, in the same order."""
    return ox.serialize(_triples(nt), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


# Namespaces by length, longest first, so that the most specific prefix wins.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
# In Oxigraph's compact JSON-LD, an IRI starts right after one of these; a literal only after "@value":.
_IRI_PLACES = (b'{"', b',"', b'"@id":"', b'"@type":"')


def to_jsonld(nt: bytes) -> bytes:
    """JSON-LD whose @context declares the project prefixes and whose IRIs use them.

    Oxigraph writes expanded JSON-LD; property keys and @id/@type values are then shortened to
    CURIEs (literal values are left as they are), and the result wrapped with the @context."""
    body = ox.serialize(_triples(nt), format=ox.RdfFormat.JSON_LD)
    for prefix, ns in _BY_LENGTH:
        for place in _IRI_PLACES:
            body = body.replace(place + ns.encode(), place + prefix.encode() + b":")
    context = json.dumps(PREFIXES, sort_keys=True).encode()
    return b'{"@context":' + context + b',\n"@graph":' + body + b"}\n"
