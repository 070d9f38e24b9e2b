"""The review folder: one YAML file per article with its candidates, and what a curator does with
each: accept (the record, edited or not, moves into its curated file), merge (the article becomes a
further source of a fact already curated) or reject. Nothing enters graph/data otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import CjkgError
from .candidates import Candidate, slug
from .extract import Article


class ReviewError(CjkgError):
    """A review file or a candidate named in it is missing or malformed."""

    exit_code = 2


TARGETS: dict[str, str] = {
    "events:visit": "diplomacy/visits-and-summits.yaml", "events:state-visit": "diplomacy/visits-and-summits.yaml",
    "events:official-visit": "diplomacy/visits-and-summits.yaml", "events:summit": "diplomacy/visits-and-summits.yaml",
    "events:meeting": "diplomacy/meetings.yaml", "events:conference": "diplomacy/meetings.yaml",
    "events:port-call": "defence-peace-people/defence.yaml", "events:exercise": "defence-peace-people/defence.yaml",
    "events:defence-exchange": "defence-peace-people/defence.yaml",
    "events": "diplomacy/ceremonies-announcements-and-statements.yaml",
    "agreements:memorandum": "agreements/memoranda.yaml",
    "agreements:treaty": "agreements/treaties-and-statements.yaml",
    "agreements:joint-statement": "agreements/treaties-and-statements.yaml",
    "agreements:agreement": "agreements/treaties-and-statements.yaml",
    "agreements": "agreements/grants-and-loans.yaml",
    "projects": "aid-economy/projects-other.yaml",
    "statements": "diplomacy/ceremonies-announcements-and-statements.yaml",
    "people": "core/people-more.yaml", "organisations": "core/organisations.yaml", "places": "core/places.yaml",
}
"""The curated file a record of each kind (and event or agreement kind) is accepted into."""


def review_document(article: Article, found: list[Candidate]) -> dict[str, Any]:
    """The review file's content: the article cited, then each candidate with its evidence."""
    items = []
    for i, c in enumerate(found, 1):
        record = {k: v for k, v in c.record.items() if v not in ([], None, "")}
        item: dict[str, Any] = {"candidate": i, "status": "candidate", "kind": c.kind, "record": record}
        if c.duplicate_of:
            item["duplicate_of"] = c.duplicate_of
            item["proposal"] = f"merge: add the article as a further source of {c.duplicate_of}"
        if c.similar:
            item["similar"] = c.similar
        if c.evidence:
            item["evidence"] = c.evidence
        links = {}
        for m in c.links:
            if m.ids:
                links[m.text] = {"ids": m.ids, "confidence": m.confidence} if len(m.ids) > 1 else {
                    "id": m.ids[0], "confidence": m.confidence}
        if links:
            item["links"] = links
        new = sorted({m.text: m.kind for m in c.new_entities}.items())
        if new and c.kind not in ("people", "organisations", "places"):
            item["new_entities"] = [{"name": n, "kind": k} for n, k in new]
        items.append(item)
    head = {"file": article.file, "url": article.url, "publisher": article.publisher,
            "published": str(article.date) if article.date else None, "title": article.title}
    return {"article": {k: v for k, v in head.items() if v}, "candidates": items}


def write_review(folder: Path, article: Article, found: list[Candidate]) -> Path:
    """Write the article's review file (replacing an earlier one of the same article)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug(Path(article.file).stem, 12)}.yaml"
    text = yaml.safe_dump(review_document(article, found), sort_keys=False, allow_unicode=True, width=110)
    path.write_text("# Candidates drawn by `cjkg ingest`: review each with `cjkg review`. The evidence is the\n"
                    "# article's own words, kept here only; never copy it into curated data.\n" + text,
                    encoding="utf-8")
    return path


@dataclass
class Item:
    """A candidate in its review file."""

    file: Path
    number: int
    data: dict[str, Any]


def load(folder: Path) -> list[Item]:
    """Every candidate of the review folder, file by file."""
    if not folder.is_dir():
        raise ReviewError(f"{folder}: no review folder (run `cjkg ingest ARTICLE` first)")
    out = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise ReviewError(f"{path}: not valid YAML: {e}") from None
        for item in doc.get("candidates", []):
            out.append(Item(path, int(item["candidate"]), item))
    return out


def find(folder: Path, ref: str) -> Item:
    """The candidate named "FILE:NUMBER" (FILE the review file's stem)."""
    stem, _, number = ref.rpartition(":")
    for item in load(folder):
        if item.file.stem == stem and str(item.number) == number:
            return item
    raise ReviewError(f"no candidate '{ref}' in {folder} (name it FILE:NUMBER, as `cjkg review` lists them)")


def _set_status(item: Item, status: str, note: str | None = None) -> None:
    doc = yaml.safe_load(item.file.read_text(encoding="utf-8"))
    for c in doc["candidates"]:
        if int(c["candidate"]) == item.number:
            c["status"] = status
            if note:
                c["resolution"] = note
    head = "".join(line for line in item.file.read_text(encoding="utf-8").splitlines(keepends=True)
                   if line.startswith("#"))
    item.file.write_text(head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")


def accept(data: Path, item: Item) -> Path:
    """Append the candidate's record to its curated file (under the file's key for its kind) and mark
    it accepted; the curated file's comments and other records stay as they were."""
    if item.data.get("status") != "candidate":
        raise ReviewError(f"{item.file.name}:{item.number} is already {item.data.get('status')}")
    kind, record = item.data["kind"], item.data["record"]
    target = data / (TARGETS.get(f"{kind}:{record.get('kind')}") or TARGETS[kind])
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True) if target.exists() else []
    block = yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=110)
    block = "".join("  " + line if line.strip() else line for line in block.splitlines(keepends=True))
    key = next((i for i, line in enumerate(lines) if line.rstrip() == f"{kind}:"), None)
    if key is None:
        lines += ["\n" if lines and not lines[-1].endswith("\n") else "", f"\n{kind}:\n", block]
    else:
        end = next((i for i in range(key + 1, len(lines)) if re.match(r"^[a-z_]+:", lines[i])), len(lines))
        while end > key + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = ["\n", block]
    target.write_text("".join(lines), encoding="utf-8")
    _set_status(item, "accepted", f"into {target.relative_to(data)}")
    return target


def merge(data: Path, item: Item, into: str | None = None) -> Path:
    """Add the article's URL to the sources of the fact the candidate repeats (its duplicate_of, or
    `into`), in that fact's curated file."""
    ident = into or item.data.get("duplicate_of")
    if not ident:
        raise ReviewError(f"{item.file.name}:{item.number} repeats no known fact; name one with --into")
    url = item.data["record"]["sources"][0]["url"]
    for path in sorted(data.rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        start = next((i for i, line in enumerate(lines) if re.match(rf"^\s*- id: {re.escape(ident)}\s*$", line)), None)
        if start is None:
            continue
        indent = len(lines[start]) - len(lines[start].lstrip())
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("#")  # noqa: E501
                    and len(lines[i]) - len(lines[i].lstrip()) <= indent), len(lines))
        at = next((i for i in range(start, end) if lines[i].strip().startswith("sources:")), None)
        if at is None:
            raise ReviewError(f"{path}: record '{ident}' has no sources list to add to")
        if url in "".join(lines[start:end]):
            raise ReviewError(f"{path}: record '{ident}' already cites {url}")
        if "[" in lines[at]:
            lines[at] = lines[at].rstrip().rstrip("]") + f', "{url}"]\n'
        else:
            last = at
            while last + 1 < end and lines[last + 1].lstrip().startswith("- "):
                last += 1
            pad = " " * (len(lines[last]) - len(lines[last].lstrip())) if last > at else " " * (indent + 4)
            lines.insert(last + 1, f'{pad}- "{url}"\n')
        path.write_text("".join(lines), encoding="utf-8")
        _set_status(item, "merged", f"source added to {ident}")
        return path
    raise ReviewError(f"no curated record '{ident}' in {data}")


def reject(item: Item, reason: str | None = None) -> None:
    """Mark the candidate rejected (it stays in the review file, so that a second ingest shows why)."""
    _set_status(item, "rejected", reason)
