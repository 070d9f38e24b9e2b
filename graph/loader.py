"""Curated YAML files -> a validated Catalog, or a CurationError listing every problem at once."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import BaseModel, ValidationError

from . import records as R
from .dates import PartialDate
from .errors import CurationError, Problem
from .ontology import Vocabulary, vocabulary
from .yamlio import DuplicateKey, LineDict, line_of, load_yaml

ID_PATTERN = R.ID_PATTERN
AGENT = ("countries", "people", "organisations")
PLACE = ("places", "countries")
ANY = tuple(R.KINDS)


@dataclass
class Located:
    """A validated record with where it came from."""

    record: Any
    kind: str
    file: str
    raw: LineDict

    @property
    def line(self) -> int:
        return getattr(self.raw, "line", 0)

    def line_of(self, *loc: Any) -> int:
        return line_of(self.raw, loc)


@dataclass(frozen=True)
class SourceInfo:
    url: str
    publisher: str
    published: PartialDate | None
    title: str | None


@dataclass
class Catalog:
    """Every curated record by identifier and kind, and every cited source by URL."""

    records: dict[str, Located] = field(default_factory=dict)
    by_kind: dict[str, list[Located]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    registry: dict[str, Located] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def label(self, ident: str) -> str:
        rec = self.records[ident].record
        return getattr(rec, "name", None) or getattr(rec, "title", None) or ident


def curated_files(root: Path) -> list[Path]:
    """The curated files below root, in a stable order."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def sources_digest(root: Path, extra: list[Path] = ()) -> str:
    """A hash of every curated file (and extra files such as the ontology): equal hashes, equal builds."""
    h = hashlib.sha256()
    for p in [*curated_files(root), *extra]:
        h.update(str(p.relative_to(root) if p.is_relative_to(root) else p.name).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


class _Checker:
    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.problems: list[Problem] = []

    def add(self, file: str, line: int, record: str, field_: str, message: str) -> None:
        self.problems.append(Problem(file, line, record, field_, message))


def load_catalog(root: Path) -> Catalog:
    """Read and validate every curated file below root."""
    root = Path(root)
    if not root.is_dir():
        raise CurationError([Problem(str(root), 0, "", "", "the curated data folder does not exist")])
    check = _Checker(vocabulary())
    catalog = Catalog()
    files = curated_files(root)
    if not files:
        check.add(str(root), 0, "", "", "no curated .yaml files found")
    for path in files:
        rel = path.relative_to(root).as_posix()
        catalog.files.append(rel)
        _read_file(path, rel, catalog, check)
    if not check.problems:
        _cross_check(catalog, check)
    if check.problems:
        raise CurationError(check.problems)
    return catalog


def _read_file(path: Path, rel: str, catalog: Catalog, check: _Checker) -> None:
    try:
        data = load_yaml(path)
    except DuplicateKey as e:
        check.add(rel, e.line, "", "", str(e))
        return
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        check.add(rel, mark.line + 1 if mark else 0, "", "", f"not valid YAML: {getattr(e, 'problem', e)}")
        return
    if data is None:
        return
    if not isinstance(data, dict):
        check.add(rel, 1, "", "", f"a curated file is a mapping of record kinds ({', '.join(R.KINDS)})")
        return
    for kind, items in data.items():
        kline = data.key_lines.get(kind, 0)
        if kind not in R.KINDS:
            check.add(rel, kline, "", str(kind), f"unknown record kind; expected one of: {', '.join(R.KINDS)}")
            continue
        if not isinstance(items, list):
            check.add(rel, kline, "", str(kind), "expected a list of records")
            continue
        for i, raw in enumerate(items):
            _read_record(R.KINDS[kind], kind, raw, rel, i, catalog, check)


def _read_record(model: type[BaseModel], kind: str, raw: Any, rel: str, index: int,
                 catalog: Catalog, check: _Checker) -> None:
    if not isinstance(raw, dict):
        check.add(rel, 0, f"{kind}[{index}]", "", "a record must be a mapping of fields")
        return
    ident = str(raw.get("id", raw.get("url", f"{kind}[{index}]")))
    try:
        rec = model.model_validate(raw)
    except ValidationError as e:
        for err in e.errors():
            loc = err["loc"]
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = f"unknown field; {kind} records take: {', '.join(model.model_fields)}"
            elif err["type"] == "missing":
                msg = "required field is missing"
            elif err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
                msg = f"'{err['input']}' is not an identifier: lower-case letters, digits and single hyphens"
            check.add(rel, line_of(raw, loc), ident, _loc_text(loc), msg)
        return
    loc = Located(rec, kind, rel, raw)
    if kind == "sources":
        if rec.url in catalog.registry:
            first = catalog.registry[rec.url]
            check.add(rel, loc.line_of("url"), rec.url, "url",
                      f"source listed twice; first at {first.file}:{first.line_of('url')}")
        else:
            catalog.registry[rec.url] = loc
        return
    if kind == "terms":
        catalog.by_kind[kind].append(loc)
        return
    _register(rec.id, loc, catalog, check)
    for j, stage in enumerate(getattr(rec, "stages", [])):
        sub = Located(stage, "stages", rel, raw["stages"][j])
        _register(stage.id, sub, catalog, check)
    catalog.by_kind[kind].append(loc)


def _register(ident: str, loc: Located, catalog: Catalog, check: _Checker) -> None:
    if ident in catalog.records:
        first = catalog.records[ident]
        check.add(loc.file, loc.line_of("id"), ident, "id",
                  f"duplicate identifier; first defined at {first.file}:{first.line_of('id')}")
        return
    catalog.records[ident] = loc


# -- Cross-record checks ------------------------------------------------------------------------


def _walk_citations(loc: Located) -> Iterator[tuple[tuple[Any, ...], R.Citation]]:
    """Every citation of a record, with its path inside the record (terms and stages included)."""

    def walk(rec: Any, prefix: tuple) -> Iterator[tuple[tuple[Any, ...], R.Citation]]:
        for i, c in enumerate(getattr(rec, "sources", [])):
            yield (*prefix, "sources", i), c
        for i, d in enumerate(getattr(rec, "disputes", [])):
            for j, c in enumerate(d.sources):
                yield (*prefix, "disputes", i, "sources", j), c
        for sub in ("terms", "stages"):
            for t, item in enumerate(getattr(rec, sub, [])):
                yield from walk(item, (*prefix, sub, t))

    yield from walk(loc.record, ())


def all_located(catalog: Catalog) -> list[Located]:
    """Every record, identified ones and standalone terms, in a stable order."""
    return [*(loc for _, loc in sorted(catalog.records.items())), *catalog.by_kind.get("terms", [])]


def record_name(loc: Located) -> str:
    rec = loc.record
    return getattr(rec, "id", None) or f"term of {rec.person} as {rec.office}"


def _check_term(term: Any, prefix: tuple, ref: Any, order: Any, sectors: Any, disputes: Any,
                loc: Located, ident: str, check: _Checker) -> None:
    ref(term.office, ("offices",), *prefix, "office")
    order(term.start, term.end, prefix, "start", "end")
    sectors(term.sectors, prefix)
    disputes(term, prefix)
    if not (term.start or term.end or term.attested):
        check.add(loc.file, loc.line_of(*prefix) if prefix else loc.line, ident, _loc_text(prefix) or "start",
                  "a term of office needs a start, an end or an attested date")


def _cross_check(catalog: Catalog, check: _Checker) -> None:
    vocab = check.vocab
    for loc in all_located(catalog):
        rec, kind = loc.record, loc.kind
        ident = record_name(loc)

        def ref(value: str | None, kinds: tuple[str, ...], *path: Any) -> None:
            if value is None:
                return
            target = catalog.records.get(value)
            where = (loc.file, loc.line_of(*path), ident, _loc_text(path))
            if target is None:
                check.add(*where, f"unknown reference '{value}'")
            elif target.kind not in kinds:
                check.add(*where, f"'{value}' is a {target.kind[:-1] if target.kind != 'people' else 'person'} "
                                  f"record; expected one of: {', '.join(kinds)}")

        def refs(values: list[str], kinds: tuple[str, ...], name: str) -> None:
            for i, v in enumerate(values):
                ref(v, kinds, name, i)

        def order(a: PartialDate | None, b: PartialDate | None, prefix: tuple, fa: str, fb: str) -> None:
            if a and b and b.last_day() < a.first_day():
                check.add(loc.file, loc.line_of(*prefix, fb), ident, _loc_text((*prefix, fb)),
                          f"{fb} {b} is before {fa} {a}")

        def sectors(values: list[str], prefix: tuple = ()) -> None:
            for i, s in enumerate(values):
                if s not in vocab.sectors:
                    check.add(loc.file, loc.line_of(*prefix, "sectors", i), ident,
                              _loc_text((*prefix, "sectors", i)),
                              f"'{s}' is not a sector of the scheme; expected one of: {', '.join(vocab.sectors)}")

        def kind_in(value: str, allowed: dict[str, str]) -> None:
            if value not in allowed:
                check.add(loc.file, loc.line_of("kind"), ident, "kind",
                          f"unknown kind '{value}'; expected one of: {', '.join(allowed)}")

        def disputes(rec_: Any, prefix: tuple = ()) -> None:
            for i, d in enumerate(getattr(rec_, "disputes", [])):
                if d.field is not None and d.field not in type(rec_).model_fields:
                    check.add(loc.file, loc.line_of(*prefix, "disputes", i, "field"), ident,
                              _loc_text((*prefix, "disputes", i, "field")),
                              f"'{d.field}' is not a field of this record")

        if kind == "terms":
            ref(rec.person, ("people",), "person")
            _check_term(rec, (), ref, order, sectors, disputes, loc, ident, check)
            continue
        sectors(getattr(rec, "sectors", []))
        disputes(rec)
        if kind == "people":
            ref(rec.nationality, ("countries",), "nationality")
            for t, term in enumerate(rec.terms):
                _check_term(term, ("terms", t), ref, order, sectors, disputes, loc, ident, check)
        elif kind == "organisations":
            kind_in(rec.kind, vocab.organisation_kinds)
            ref(rec.country, ("countries",), "country")
            ref(rec.parent, ("organisations",), "parent")
            if rec.parent == rec.id:
                check.add(loc.file, loc.line_of("parent"), ident, "parent", "an organisation cannot be its own parent")
        elif kind == "offices":
            ref(rec.organisation, ("organisations",), "organisation")
            ref(rec.jurisdiction, ("countries",), "jurisdiction")
        elif kind == "places":
            ref(rec.country, ("countries",), "country")
            ref(rec.within, PLACE, "within")
        elif kind == "relationships":
            refs(rec.between, ("countries",), "between")
        elif kind == "stages":
            order(rec.start, rec.end, (), "start", "end")
        elif kind == "events":
            kind_in(rec.kind, vocab.event_kinds)
            order(rec.date, rec.end, (), "date", "end")
            refs(rec.places, PLACE, "places")
            refs(rec.participants, AGENT, "participants")
            ref(rec.part_of, ("events",), "part_of")
        elif kind == "agreements":
            kind_in(rec.kind, vocab.agreement_kinds)
            order(rec.signed, rec.in_force, (), "signed", "in_force")
            refs(rec.places, PLACE, "places")
            refs(rec.parties, AGENT, "parties")
            for i, s in enumerate(rec.signatories):
                ref(s.person, ("people",), "signatories", i, "person")
                ref(s.party, AGENT, "signatories", i, "party")
                ref(s.office, ("offices",), "signatories", i, "office")
            refs(rec.frameworks, ("frameworks", "organisations", "agreements"), "frameworks")
            refs(rec.funds, ("projects",), "funds")
            ref(rec.signed_at, ("events",), "signed_at")
        elif kind == "projects":
            order(rec.start, rec.end, (), "start", "end")
            order(rec.start, rec.opened, (), "start", "opened")
            refs(rec.funders, AGENT, "funders")
            refs(rec.implementers, AGENT, "implementers")
            refs(rec.places, PLACE, "places")
        elif kind == "observations":
            ref(rec.measure, ("measures",), "measure")
            ref(rec.about, ANY, "about")
        elif kind == "statements":
            ref(rec.subject, ANY, "subject")
            ref(rec.object, ANY, "object")
            if rec.object is None and rec.object_text is None:
                check.add(loc.file, loc.line, ident, "object", "a statement needs an object or an object_text")
    _check_sources(catalog, check)


def _check_sources(catalog: Catalog, check: _Checker) -> None:
    seen: dict[str, dict[str, tuple[Any, Located, tuple]]] = defaultdict(dict)
    first: dict[str, tuple[Located, tuple]] = {}
    for url, loc in sorted(catalog.registry.items()):
        for name in ("publisher", "published", "title"):
            if getattr(loc.record, name) is not None:
                seen[url][name] = (getattr(loc.record, name), loc, ())
    for loc in all_located(catalog):
        if loc.kind == "stages":
            continue  # walked through their relationship
        ident = record_name(loc)
        for path, c in _walk_citations(loc):
            first.setdefault(c.url, (loc, path))
            for name in ("publisher", "published", "title"):
                value = getattr(c, name)
                if value is None:
                    continue
                prior = seen[c.url].get(name)
                if prior is None:
                    seen[c.url][name] = (value, loc, path)
                elif prior[0] != value:
                    ploc, ppath = prior[1], prior[2]
                    check.add(loc.file, loc.line_of(*path, name), ident, _loc_text((*path, name)),
                              f"{c.url} has {name} '{value}' here but '{prior[0]}' at "
                              f"{ploc.file}:{ploc.line_of(*ppath, name)}")
    for url, (loc, path) in sorted(first.items()):
        meta = seen.get(url, {})
        if "publisher" not in meta:
            check.add(loc.file, loc.line_of(*path), record_name(loc), _loc_text(path),
                      f"{url} is cited without a publisher anywhere; give publisher: once for this URL")
            continue
        catalog.sources[url] = SourceInfo(
            url=url,
            publisher=meta["publisher"][0],
            published=meta.get("published", (None,))[0],
            title=meta.get("title", (None,))[0],
        )
