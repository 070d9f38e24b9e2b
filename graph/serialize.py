"""Stable serialisations: sorted N-Triples, and Turtle and JSON-LD (with a @context) written by Oxigraph.

The build holds the graph as sorted, unique N-Triples lines; Turtle and JSON-LD are written from
the triples in that order, so equal sources give byte-identical files. They are written in chunks
of about a megabyte of N-Triples, cut between subjects: each chunk serialises on its own to the
bytes it has in the whole file, so a rebuild re-serialises only the chunks whose triples changed.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import PREFIXES

CHUNK_BYTES = 1 << 20


class SortedDocument:
    """A sorted N-Triples document that a rebuild patches: searched and cut by binary search over its
    bytes when few lines change, split into a list of lines when many do."""

    FEW = 5_000

    def __init__(self, nt: bytes, changes: int):
        self.nt = nt
        self.lines = nt.split(b"\n")[:-1] if changes > self.FEW else None

    def _at(self, line: bytes) -> int:
        """The byte offset of the first line not less than `line`."""
        nt, lo, hi = self.nt, 0, len(self.nt)
        while lo < hi:
            start = nt.rfind(b"\n", 0, (lo + hi) // 2) + 1
            end = nt.find(b"\n", start)
            if nt[start:end] < line:
                lo = end + 1
            else:
                hi = start
        return lo

    def __contains__(self, line: bytes) -> bool:
        if self.lines is None:
            return self.nt.startswith(line + b"\n", self._at(line))
        i = bisect_left(self.lines, line)
        return i < len(self.lines) and self.lines[i] == line

    def patched(self, added: list[bytes], removed: set[bytes]) -> bytes:
        """The document without the removed lines (all in it) and with the added ones (none in it)."""
        if self.lines is not None:
            lines = [line for line in self.lines if line not in removed] if removed else list(self.lines)
            lines += added
            lines.sort()  # a sorted run and a few more lines: Timsort merges them in linear time
            return b"\n".join(lines) + b"\n"
        at = {line: self._at(line) for line in (*removed, *added)}
        cuts = sorted([*((at[line], at[line] + len(line) + 1, b"") for line in removed),
                       *((at[line], at[line], line + b"\n") for line in added)])
        pieces, pos = [], 0
        for start, end, text in cuts:
            pieces += [self.nt[pos:start], text]
            pos = end
        pieces.append(self.nt[pos:])
        return b"".join(pieces)


def _triples(nt: bytes) -> list[ox.Quad]:
    # A chunk at a time (a megabyte, some 7,000 triples), parsed once for both formats: parsing is
    # a third of serialising, and a chunk's list is small where the whole graph's would not be.
    return list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))


def _turtle(quads: Iterable[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _turtle_header() -> bytes:
    """The @prefix lines Oxigraph writes before any triple."""
    sample = _turtle(_triples(b"<urn:x:s> <urn:x:p> <urn:x:o> .\n"))
    return sample[:sample.index(b"\n", sample.rindex(b"@prefix ")) + 1]


_HEADER = _turtle_header()

# Namespaces by length, longest first, so that the most specific prefix wins.
_BY_LENGTH = [(prefix.encode(), ns.encode()) for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))]
_CONTEXT = json.dumps(PREFIXES, sort_keys=True).encode()


def _compact(body: bytes) -> bytes:
    """Shorten the IRIs of Oxigraph's expanded JSON-LD to CURIEs: property keys and @id/@type values.

    In that JSON an IRI is a string that starts with its namespace; a literal's text (after
    "@value":" or an escaped quote) may too, so those places are marked with a NUL, which JSON
    never holds unescaped, while the namespaces are replaced, and unmarked after."""
    body = body.replace(b'"@value":"', b'"@value":"\0').replace(b'\\"', b'\\"\0')
    for prefix, ns in _BY_LENGTH:
        body = body.replace(b'"' + ns, b'"' + prefix + b":")
    return body.replace(b"\0", b"")


def _turtle_chunk(quads: list[ox.Quad]) -> bytes:
    if not quads:
        return b""
    body = _turtle(quads)
    if not body.startswith(_HEADER):
        raise AssertionError("Oxigraph's Turtle no longer starts with the expected @prefix lines")
    return body[len(_HEADER):]


def _jsonld_chunk(quads: list[ox.Quad]) -> bytes:
    body = ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
    return _compact(body[1:-1])  # the objects, without the enclosing [ ]


_JSON_HEAD = b'{"@context":' + _CONTEXT + b',\n"@graph":['


def _wrap_jsonld(objects: bytes) -> bytes:
    return _JSON_HEAD + objects + b"]}\n"


def to_turtle(nt: bytes) -> bytes:
    """The N-Triples document as Turtle with the project prefixes, in the same order."""
    return _HEADER + _turtle_chunk(_triples(nt)) if nt else b""


def to_jsonld(nt: bytes) -> bytes:
    """JSON-LD whose @context declares the project prefixes and whose IRIs use them."""
    return _wrap_jsonld(_jsonld_chunk(_triples(nt)))


def _subject_at(nt: bytes, pos: int) -> bytes:
    """The subject of the line starting at pos, with the space after it."""
    return nt[pos:nt.index(b" ", pos) + 1]


def _next_subject(nt: bytes, pos: int) -> int:
    """The start of the first line at or after pos whose subject differs from the line before it."""
    line = nt.find(b"\n", pos) + 1
    if line == 0 or line >= len(nt):
        return len(nt)
    subject = _subject_at(nt, line)
    while line < len(nt) and nt.startswith(subject, line):
        line = nt.find(b"\n", line) + 1 or len(nt)
    return line


@dataclass(frozen=True)
class Chunk:
    """A run of whole subjects: its first subject, and where it lies in the N-Triples, Turtle and
    JSON-LD objects (byte offsets, end exclusive)."""

    subject: bytes
    nt: tuple[int, int]
    ttl: tuple[int, int]
    jsonld: tuple[int, int]


@dataclass(frozen=True)
class Serialised:
    """Turtle and JSON-LD of a sorted N-Triples document, and the chunks they were written in."""

    turtle: bytes
    jsonld: bytes
    chunks: list[Chunk]


def _starts(nt: bytes, previous: list[Chunk]) -> list[int]:
    """Chunk starts: where the previous build's chunks start, when it has chunks and their first
    subjects still exist; else every CHUNK_BYTES, moved on to a change of subject."""
    if not previous:
        starts, pos = [0], _next_subject(nt, CHUNK_BYTES)
        while pos < len(nt):
            starts.append(pos)
            pos = _next_subject(nt, pos + CHUNK_BYTES)
        return starts
    starts, pos = [0], 0
    for chunk in previous[1:]:
        found = nt.find(b"\n" + chunk.subject, pos)
        if found >= 0:
            pos = found + 1
            starts.append(pos)
    return starts


def serialise(nt: bytes, old: tuple[bytes, Serialised] | None = None) -> Serialised:
    """Turtle and JSON-LD of nt, reusing the bytes of every chunk whose N-Triples are unchanged since
    `old` (the previous N-Triples and what was serialised from them)."""
    previous = old[1].chunks if old else []
    starts = _starts(nt, previous)
    by_subject = {c.subject: c for c in previous}
    ttl_parts: list[bytes] = []
    json_parts: list[bytes] = []
    chunks: list[Chunk] = []
    ttl_at = len(_HEADER)
    json_at = len(_JSON_HEAD)
    for start, end in zip(starts, [*starts[1:], len(nt)], strict=True):
        text = nt[start:end]
        subject = _subject_at(nt, start) if text else b""
        hit = by_subject.get(subject)
        if hit is not None and old is not None and old[0][hit.nt[0]:hit.nt[1]] == text:
            ttl = old[1].turtle[hit.ttl[0]:hit.ttl[1]]
            objects = old[1].jsonld[hit.jsonld[0]:hit.jsonld[1]]
        else:
            quads = _triples(text)
            ttl, objects = _turtle_chunk(quads), _jsonld_chunk(quads)
        chunks.append(Chunk(subject, (start, end), (ttl_at, ttl_at + len(ttl)),
                            (json_at, json_at + len(objects))))
        ttl_parts.append(ttl)
        json_parts.append(objects)
        ttl_at += len(ttl)
        json_at += len(objects) + 1
    return Serialised(_HEADER + b"".join(ttl_parts) if nt else b"", _wrap_jsonld(b",".join(json_parts)), chunks)
