"""The measured quality of `cjkg ingest` on the evaluation set (tests/fixtures/articles/expected.yaml):
precision and recall of events and agreements (kind, date and one participant right), and the
accuracy of the names' links. The figures are printed (pytest -s) and kept in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.ingest.candidates import Drafter
from graph.ingest.extract import read_article
from graph.ingest.link import Linker

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


def _right(candidate, fact) -> bool:
    rec = candidate.record
    when = str(rec.get("date") or rec.get("signed") or "")
    who = set(rec.get("participants", [])) | set(rec.get("parties", [])) | set(rec.get("places", [])) | {
        s["person"] for s in rec.get("signatories", [])}
    return rec["kind"] == fact["kind"] and when.startswith(str(fact["date"])) and bool(who & set(fact["who"]))


def measure(store) -> dict[str, float]:
    expected = yaml.safe_load((ARTICLES / "expected.yaml").read_text())["articles"]
    found = right = wanted = recalled = links = linked_right = 0
    for art in expected:
        article = read_article(ARTICLES / art["file"], url=art["url"], publisher=art["publisher"])
        drafts = [c for c in Drafter(store, article).draft() if c.kind in ("events", "agreements")]
        found += len(drafts)
        right += sum(1 for c in drafts if any(_right(c, f) for f in art["facts"]))
        wanted += len(art["facts"])
        recalled += sum(1 for f in art["facts"] if any(_right(c, f) for c in drafts))
        mentions, _ = Linker(store).mentions(article.text)
        by_text: dict[str, set[str]] = {}
        for m in mentions:
            by_text.setdefault(m.text, set()).add(m.linked or "")
        for name, ident in art["links"].items():
            links += 1
            hits = {e for text, es in by_text.items() if text == name or text.endswith(" " + name) for e in es}
            linked_right += hits == {ident}
    return {"precision": right / found, "recall": recalled / wanted, "link accuracy": linked_right / links,
            "found": found, "expected": wanted}


def test_precision_and_recall_on_the_evaluation_set(built_store):
    figures = measure(built_store)
    print(figures)
    assert figures["recall"] >= 0.75
    assert figures["precision"] >= 0.75
    assert figures["link accuracy"] >= 0.9


@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    from graph.builder import build
    from graph.store import open_store

    out = tmp_path_factory.mktemp("out")
    build(out, None)
    return open_store(out)
