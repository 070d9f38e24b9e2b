"""Turtle and JSON-LD in chunks: the bytes of a whole serialisation, and reused where unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import serialize
from graph.serialize import SortedDocument, serialise, to_jsonld, to_turtle


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serialize, "CHUNK_BYTES", 64 * 1024)


def test_chunks_join_to_the_whole_serialisation(built: Path, small_chunks: None):
    nt = (built / "cjkg.nt").read_bytes()
    done = serialise(nt)
    assert len(done.chunks) > 20
    assert done.turtle == to_turtle(nt) == (built / "cjkg.ttl").read_bytes()
    assert done.jsonld == to_jsonld(nt) == (built / "cjkg.jsonld").read_bytes()
    for chunk in done.chunks:  # each chunk starts with a subject, in every format
        assert nt[chunk.nt[0]:].startswith(chunk.subject)
        assert done.turtle[:chunk.ttl[0]].endswith(b" .\n")
        assert done.jsonld[chunk.jsonld[0]:].startswith(b'{"@id":')


def test_a_changed_document_reuses_the_unchanged_chunks(built: Path, small_chunks: None, monkeypatch):
    nt = (built / "cjkg.nt").read_bytes()
    before = serialise(nt)
    lines = nt.decode().splitlines()
    hun_manet = next(i for i, line in enumerate(lines) if line.startswith("<https://w3id.org/cjkg/id/hun-manet> "))
    lines[hun_manet + 1:hun_manet + 1] = ['<https://w3id.org/cjkg/id/hun-manet> <http://www.w3.org/2004/02/skos/core#'
                                          'note> "a \\"https://schema.org/\\" note"@en .']
    changed = ("\n".join(sorted(lines)) + "\n").encode()
    serialised: list[bytes] = []
    real = serialize._triples  # what each chunk serialised anew is parsed from
    monkeypatch.setattr(serialize, "_triples", lambda text: serialised.append(text) or real(text))
    after = serialise(changed, (nt, before))
    assert len(serialised) == 1 and b"hun-manet" in serialised[0]
    assert after.turtle == to_turtle(changed) and after.jsonld == to_jsonld(changed)
    assert b'"a \\"https://schema.org/\\" note"' in after.jsonld  # a literal is never shortened


@pytest.mark.parametrize("changes", [1, SortedDocument.FEW + 1])
def test_a_sorted_document_is_patched_in_order(built: Path, changes: int):
    nt = (built / "cjkg.nt").read_bytes()
    lines = nt.split(b"\n")[:-1]
    removed = {lines[0], lines[500], lines[501], lines[-1]}
    added = [b'<https://w3id.org/cjkg/id/hun-manet> <http://www.w3.org/2004/02/skos/core#note> "x"@en .',
             b"<urn:a> <urn:b> <urn:c> .", b"<zzz:z> <urn:b> <urn:c> .", lines[500] + b"x"]
    document = SortedDocument(nt, changes)
    assert all(line in document for line in removed) and not any(line in document for line in added)
    expected = sorted({*lines, *added} - removed)
    assert document.patched(added, removed) == b"\n".join(expected) + b"\n"
