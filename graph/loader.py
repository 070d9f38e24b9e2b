"""Curated YAML files -> a validated Catalog, or a CurationError listing every problem at once."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import typing
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ValidationError, create_model

from . import evidence, urls
from . import records as R
from .dates import PartialDate
from .digest import curated_files
from .errors import CurationError, Problem
from .ontology import Vocabulary, vocabulary
from .records import field_of
from .suggest import did_you_mean
from .yamlio import DuplicateKey, LineDict, line_of, load_yaml

ID_PATTERN = R.ID_PATTERN
AGENT = ("countries", "people", "organisations")
PLACE = ("places", "countries")
STATE_OR_BODY = ("organisations", "countries")
"""What a body or an office belongs to: another body, or a state (a country stands for its government)."""
ANY = tuple(R.KINDS)
_META = ("publisher", "published", "title", "tier", "copy_of")  # what a source record or a citation may say of a source
_NOTHING = (None,) * len(_META)
CONVERTED = "converted estimate"
"""The amount role of a sum that converts another into a second currency."""


@dataclass
class Located:
    """A validated record with where it came from."""

    record: Any
    kind: str
    file: str
    raw: LineDict
    dropped: frozenset[str] = frozenset()
    """Fields left out because they are wrong (a record checked for the rest of its problems)."""
    name: str = ""
    """The identifier as written, for such a record."""

    @property
    def line(self) -> int:
        return getattr(self.raw, "line", 0)

    def line_of(self, *loc: Any) -> int:
        return line_of(self.raw, loc)

    def part(self, record: Any, kind: str, *loc: Any) -> Located:
        """A sub-record (a stage of a relationship) located where it is written."""
        node: Any = self.raw
        for step in loc:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                node = self.raw  # a JSON Lines record keeps only its line
                break
        return Located(record, kind, self.file, node)


@dataclass(frozen=True)
class SourceInfo:
    """A cited source with what the files say of it, its publisher resolved in the registry."""

    url: str
    publisher: str
    """The publisher's name as the registry gives it (an alias resolved)."""
    published: PartialDate | None
    title: str | None
    tier: str = ""
    """The source's tier: its publisher's unless the source's record says otherwise."""
    copy_of: str | None = None
    publisher_tier: str = ""

    def evidence(self) -> tuple[str, str, str | None]:
        """What the confidence rule reads of the source."""
        return self.publisher, self.tier, self.copy_of


Publishers = dict[str, tuple[str, str]]
"""The publisher registry: every name and alias -> (the publisher's name, its tier)."""


@dataclass
class Catalog:
    """Every curated record by identifier and kind, and every cited source by URL."""

    records: dict[str, Located] = field(default_factory=dict)
    by_kind: dict[str, list[Located]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    registry: dict[str, Located] = field(default_factory=dict)
    publishers: dict[str, Located] = field(default_factory=dict)
    """The publisher registry: every name and alias -> the record that gives it."""
    invalid_ids: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    external: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Records of files not read this time (a rebuild): identifier -> (kind, label)."""
    refs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """The identifiers each file refers to."""
    partial: list[Located] = field(default_factory=list)
    """Records with wrong fields, kept to check their other fields; they are not built."""
    unreadable: set[str] = field(default_factory=set)
    """Files that could not be read whole: the records they would define are unknown."""

    def kind_of(self, ident: str) -> str | None:
        loc = self.records.get(ident)
        if loc is not None:
            return loc.kind
        known = self.external.get(ident)
        return known[0] if known else None

    def label(self, ident: str) -> str:
        loc = self.records.get(ident)
        if loc is None:
            return self.external[ident][1]
        return record_label(loc.record, ident)


def record_label(rec: Any, ident: str) -> str:
    """How triples of other records name this one: its name, else its title, else its identifier."""
    return field_of(rec, "name") or field_of(rec, "title") or ident


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


class _Checker:
    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.problems: list[Problem] = []
        self.unreported = 0  # unknown references left unsaid while a file could not be read
        self._ids: dict[tuple[str, ...], list[str]] = {}

    def add(self, file: str, line: int, record: str, field_: str, message: str) -> None:
        self.problems.append(Problem(file, line, record, field_, message))

    def ids_of(self, catalog: Catalog, kinds: tuple[str, ...]) -> list[str]:
        """The identifiers of records of these kinds, to suggest near misses from."""
        if kinds not in self._ids:
            self._ids[kinds] = sorted(
                {i for i, loc in catalog.records.items() if loc.kind in kinds}
                | {i for i, (kind, _) in catalog.external.items() if kind in kinds})
        return self._ids[kinds]

    def error(self, catalog: Catalog) -> CurationError:
        notes = []
        if self.unreported:
            files = ", ".join(sorted(catalog.unreadable))
            n = self.unreported
            notes.append(f"{n} reference{'s' if n != 1 else ''} to unknown records not reported: they may name "
                         f"records of {files}, which could not be read; fix that first")
        return CurationError(self.problems, notes)


def _code_version() -> str:
    """The parse cache holds pickled records: a change to the record models or to the loader makes
    every entry stale, so the code itself keys the cache (no version number to remember to bump)."""
    here = Path(__file__).parent
    return hashlib.sha256((here / "records.py").read_bytes() + (here / "loader.py").read_bytes()).hexdigest()[:16]


CACHE_VERSION = _code_version()


def load_catalog(root: Path, cache: Path | None = None, confidence: bool = True) -> Catalog:
    """Read and validate every curated file below root.

    With `cache`, the parsed and field-checked records of each YAML file are kept there by content
    hash, so that a rebuild parses only the YAML files that changed. `confidence=False` leaves out the
    check of recorded confidences against their sources, for the script that mends them.
    """
    root = Path(root)
    if not root.is_dir():
        raise CurationError([Problem(str(root), 0, "", "", "the curated data folder does not exist")])
    check = _Checker(vocabulary())
    catalog = Catalog()
    files = curated_files(root)
    if not files:
        check.add(str(root), 0, "", "", "no curated .yaml or .jsonl files found")
    used = _read_into(catalog, check, root, files, cache)
    if cache is not None and cache.is_dir():
        for stale in cache.glob("*.pickle"):  # entries of files that changed or went
            if stale.stem not in used:
                stale.unlink(missing_ok=True)
    _cross_check(catalog, check, confidence)
    if check.problems:
        raise check.error(catalog)
    return catalog


def load_files(root: Path, rels: list[str], external: dict[str, tuple[str, str]],
               cache: Path | None = None) -> Catalog:
    """Read and check some curated files only, against the identifiers of the others (`external`),
    for a rebuild. The sources' metadata, which any file may give, is left to the caller to merge
    (see `file_summaries`)."""
    check = _Checker(vocabulary())
    catalog = Catalog(external=external)
    _read_into(catalog, check, Path(root), [Path(root) / rel for rel in rels], cache)
    for loc in [*all_located(catalog), *catalog.partial]:
        _RecordCheck(catalog, check, loc).run()
    if check.problems:
        raise check.error(catalog)
    return catalog


def _read_into(catalog: Catalog, check: _Checker, root: Path, files: list[Path], cache: Path | None) -> set[str]:
    """Parse files into the catalog; returns the cache keys used."""
    used: set[str] = set()
    for path in files:
        rel = path.relative_to(root).as_posix()
        catalog.files.append(rel)
        result = _cached_file(path, rel, cache, used)
        check.problems.extend(result.problems)
        if any(p.unreadable for p in result.problems):
            catalog.unreadable.add(rel)
        for kind, raw, rec, dropped in result.entries:
            if rec is None or dropped:
                ident = _raw_ident(kind, raw, 0)
                catalog.invalid_ids.add(ident)
                if rec is not None:
                    catalog.partial.append(Located(rec, kind, rel, raw, dropped, ident))
            else:
                _register_record(kind, rec, raw, rel, catalog, check)
    return used


@dataclass
class FileResult:
    """One file parsed and its records checked field by field: what can be cached."""

    entries: list[tuple[str, Any, Any, frozenset[str]]] = field(default_factory=list)
    """(kind, raw, model or None, the wrong fields the model leaves out: none when it is valid)"""
    problems: list[Problem] = field(default_factory=list)


def _cached_file(path: Path, rel: str, cache: Path | None, used: set[str]) -> FileResult:
    # Only YAML is cached: JSON Lines parse and validate faster than their records unpickle.
    if cache is None or path.suffix == ".jsonl":
        return _read_file(path, rel)
    content = path.read_bytes()
    key = hashlib.sha256(f"{CACHE_VERSION}\0{rel}\0".encode() + content).hexdigest()
    used.add(key)
    entry = cache / f"{key}.pickle"
    if entry.is_file():
        try:
            return pickle.loads(entry.read_bytes())
        except Exception:  # a damaged cache entry is rebuilt, never trusted
            entry.unlink(missing_ok=True)
    result = _read_file(path, rel)
    if result.problems:  # a file with problems is read again until it is mended (its partial models do not pickle)
        return result
    cache.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, entry)
    return result


def _read_file(path: Path, rel: str) -> FileResult:
    result = FileResult()
    if path.suffix == ".jsonl":
        return _read_jsonl(path, rel, result)
    try:
        data = load_yaml(path)
    except DuplicateKey as e:
        result.problems.append(Problem(rel, e.line, "", "", str(e), unreadable=True))
        return result
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        result.problems.append(Problem(rel, mark.line + 1 if mark else 0, "", "",
                                       f"not valid YAML: {getattr(e, 'problem', e)}", unreadable=True))
        return result
    if data is None:
        return result
    if not isinstance(data, dict):
        result.problems.append(Problem(rel, 1, "", "", f"a curated file is a mapping of record kinds "
                                       f"({', '.join(R.KINDS)})", unreadable=True))
        return result
    for kind, items in data.items():
        kline = data.key_lines.get(kind, 0)
        if kind not in R.KINDS:
            hint = did_you_mean(str(kind), R.KINDS)
            result.problems.append(Problem(rel, kline, "", str(kind), f"unknown record kind{hint}"
                                           f"{' Expected' if hint else '; expected'} one of: {', '.join(R.KINDS)}",
                                           unreadable=True))
            continue
        if not isinstance(items, list):
            result.problems.append(Problem(rel, kline, "", str(kind), "expected a list of records", unreadable=True))
            continue
        for i, raw in enumerate(items):
            result.entries.append((kind, raw, *_validate(kind, raw, rel, i, result.problems)))
    return result


_JSONL_HEAD = re.compile(rb'^\{\s*"record"\s*:\s*"([a-z]+)"\s*,\s*')


def _read_jsonl(path: Path, rel: str, result: FileResult) -> FileResult:
    """JSON Lines: one record a line, its record kind under "record"; the fast format for bulk records.
    Blank lines and lines starting with # are skipped.

    A line that opens with its "record" key is checked straight from its JSON text by pydantic (the
    fast path); any other line, or one with problems, is parsed first to report them fully.
    """
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith(b"#"):
                continue
            head = _JSONL_HEAD.match(line)
            if head and head.group(1).decode() in R.KINDS:
                kind = head.group(1).decode()
                try:
                    rec = R.KINDS[kind].model_validate_json(b"{" + line[head.end():])
                except ValidationError:
                    pass  # reported in full below
                else:
                    raw = LineDict()
                    raw.line, raw.key_lines = n, {}
                    result.entries.append((kind, raw, rec, frozenset()))
                    continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                result.problems.append(Problem(rel, n, "", "", f"not valid JSON: {e.msg} (column {e.colno})",
                                               unreadable=True))
                continue
            if not isinstance(obj, dict) or obj.get("record") not in R.KINDS:
                given = obj.get("record") if isinstance(obj, dict) else None
                hint = did_you_mean(given, R.KINDS) if isinstance(given, str) else ""
                result.problems.append(Problem(rel, n, "", "record", f"each line is one record with \"record\": "
                                               f"one of {', '.join(R.KINDS)}{hint}", unreadable=True))
                continue
            kind = obj.pop("record")
            raw = LineDict(obj)
            raw.line, raw.key_lines = n, dict.fromkeys(obj, n)
            result.entries.append((kind, raw, *_validate(kind, raw, rel, n, result.problems)))
    return result


def _raw_ident(kind: str, raw: Any, index: int) -> str:
    if not isinstance(raw, dict):
        return f"{kind}[{index}]"
    return str(raw.get("id", raw.get("url", raw.get("name", f"{kind}[{index}]"))))


def _validate(kind: str, raw: Any, rel: str, index: int, problems: list[Problem]) -> tuple[Any, frozenset[str]]:
    """The record model of raw; or, after adding its problems, a model of its right fields only (to
    check those too, so that a record's problems are all reported at once) and the wrong fields."""
    model = R.KINDS[kind]
    if not isinstance(raw, dict):
        problems.append(Problem(rel, 0, f"{kind}[{index}]", "", "a record must be a mapping of fields",
                                unreadable=True))
        return None, frozenset()
    ident = _raw_ident(kind, raw, index)
    try:
        return model.model_validate(raw), frozenset()
    except ValidationError as e:
        wrong = set()
        for err in e.errors():
            loc = err["loc"]
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                inner = _model_at(model, loc[:-1])
                what = f"{kind} records take" if len(loc) == 1 else f"{inner.__name__} takes" if inner else ""
                hint = did_you_mean(str(loc[-1]), inner.model_fields) if inner else ""
                msg = f"unknown field{hint}" + (f"{' ' if hint else '; '}{what}: {', '.join(inner.model_fields)}"
                                                if inner else "")
            elif err["type"] == "missing":
                msg = "required field is missing"
            elif err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
                msg = f"'{err['input']}' is not an identifier: lower-case letters, digits and single hyphens"
            problems.append(Problem(rel, line_of(raw, loc), ident, _loc_text(loc), msg))
            wrong.add(loc[0] if loc else None)
        if None in wrong:
            return None, frozenset()
        try:
            rest = _lenient(model).model_validate({k: v for k, v in raw.items() if k not in wrong})
        except ValidationError:
            return None, frozenset()
        return rest, frozenset(str(w) for w in wrong)


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The record model found at loc inside model (a signatory inside an agreement, say)."""
    for step in loc:
        if isinstance(step, int):
            continue
        info = model.model_fields.get(str(step))
        inner = _model_in(info.annotation) if info else None
        if inner is None:
            return None
        model = inner
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


@cache
def _lenient(model: type[BaseModel]) -> type[BaseModel]:
    """The model with its required fields optional: it takes the right fields of a record whose other
    fields are wrong, for the cross-record checks of those."""
    optional = {name: (Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation, None)
                for name, info in model.model_fields.items() if info.is_required()}
    return create_model(f"Partial{model.__name__}", __base__=model, **optional)


def _register_record(kind: str, rec: Any, raw: Any, rel: str, catalog: Catalog, check: _Checker) -> None:
    loc = Located(rec, kind, rel, raw)
    if kind == "publishers":
        for i, name in enumerate([rec.name, *rec.aliases]):
            path = ("name",) if i == 0 else ("aliases", i - 1)
            if name in catalog.publishers:
                first = catalog.publishers[name]
                check.add(rel, loc.line_of(*path), rec.name, _loc_text(path),
                          f"publisher name '{name}' is already in the registry at {first.file}:{first.line}")
            else:
                catalog.publishers[name] = loc
        return
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
    for j, stage in enumerate(field_of(rec, "stages", ())):
        _register(stage.id, loc.part(stage, "stages", "stages", j), catalog, check)
    catalog.by_kind[kind].append(loc)


def _register(ident: str, loc: Located, catalog: Catalog, check: _Checker) -> None:
    if ident in catalog.external:
        check.add(loc.file, loc.line_of("id"), ident, "id", "duplicate identifier; also defined in another file")
        return
    if ident in catalog.records:
        first = catalog.records[ident]
        here, there = f"{loc.file}:{loc.line_of('id')}", f"{first.file}:{first.line_of('id')}"
        check.add(loc.file, loc.line_of("id"), ident, "id", f"duplicate identifier; also defined at {there}")
        check.add(first.file, first.line_of("id"), ident, "id", f"duplicate identifier; also defined at {here}")
        return
    catalog.records[ident] = loc


# -- Cross-record checks ------------------------------------------------------------------------


def _walk_citations(loc: Located) -> Iterator[tuple[tuple[Any, ...], R.Citation]]:
    """Every citation of a record, with its path inside the record (terms and stages included)."""

    def walk(rec: Any, prefix: tuple) -> Iterator[tuple[tuple[Any, ...], R.Citation]]:
        for i, c in enumerate(field_of(rec, "sources", ())):
            yield (*prefix, "sources", i), c
        for i, d in enumerate(field_of(rec, "disputes", ())):
            for j, c in enumerate(d.sources):
                yield (*prefix, "disputes", i, "sources", j), c
        for i, q in enumerate(field_of(rec, "quantities", ())):
            for j, c in enumerate(q.sources):
                yield (*prefix, "quantities", i, "sources", j), c
        for sub in ("terms", "stages"):
            for t, item in enumerate(field_of(rec, sub, ())):
                yield from walk(item, (*prefix, sub, t))

    yield from walk(loc.record, ())


def all_located(catalog: Catalog) -> list[Located]:
    """Every record, identified ones and standalone terms, in a stable order."""
    return [*(loc for _, loc in sorted(catalog.records.items())), *catalog.by_kind.get("terms", [])]


def record_name(loc: Located) -> str:
    rec = loc.record
    return loc.name or field_of(rec, "id") or f"term of {rec.person} as {rec.office}"


class _RecordCheck:
    """The cross-record checks of one record: references, date order, sectors, kinds, disputes."""

    def __init__(self, catalog: Catalog, check: _Checker, loc: Located):
        self.catalog, self.check, self.loc = catalog, check, loc
        self.ident = record_name(loc)
        self.vocab = check.vocab

    def problem(self, path: tuple, message: str) -> None:
        line = self.loc.line_of(*path) if path else self.loc.line
        self.check.add(self.loc.file, line, self.ident, _loc_text(path), message)

    def ref(self, value: str | None, kinds: tuple[str, ...], *path: Any) -> None:
        if value is None or value in self.catalog.invalid_ids:  # an invalid record is reported where it is
            return
        self.catalog.refs[self.loc.file].add(value)
        kind = self.catalog.kind_of(value)
        if kind is None and self.catalog.unreadable:  # it may be defined in the file that could not be read
            self.check.unreported += 1
        elif kind is None:
            hint = did_you_mean(value, self.check.ids_of(self.catalog, kinds))
            self.problem(path, f"unknown reference '{value}'{hint}")
        elif kind not in kinds:
            noun = "person" if kind == "people" else kind[:-1]
            self.problem(path, f"'{value}' is a {noun} record; expected one of: {', '.join(kinds)}")

    def refs(self, values: list[str] | None, kinds: tuple[str, ...], name: str) -> None:
        for i, v in enumerate(values or ()):
            self.ref(v, kinds, name, i)

    def order(self, a: PartialDate | None, b: PartialDate | None, prefix: tuple, fa: str, fb: str) -> None:
        if a and b and b.last_day() < a.first_day():
            self.problem((*prefix, fb), f"{fb} {b} is before {fa} {a}")

    def sectors(self, values: list[str], prefix: tuple = ()) -> None:
        for i, s in enumerate(values):
            if s not in self.vocab.sectors:
                hint = did_you_mean(s, self.vocab.sectors) or f"; expected one of: {', '.join(self.vocab.sectors)}"
                self.problem((*prefix, "sectors", i), f"'{s}' is not a sector of the scheme{hint}")

    def kind_in(self, value: str | None, allowed: dict[str, str]) -> None:
        if value is not None and value not in allowed:
            hint = did_you_mean(value, allowed) or f"; expected one of: {', '.join(allowed)}"
            self.problem(("kind",), f"unknown kind '{value}'{hint}")

    def amounts(self, amounts: list[R.Amount]) -> None:
        """Roles from the amount-role scheme; a conversion points at another amount of the list, which
        is not itself a conversion and is in another currency."""
        roles = self.vocab.amount_roles
        for i, a in enumerate(amounts):
            if a.role not in roles:
                hint = did_you_mean(a.role, roles) or f"; expected one of: {', '.join(roles)}"
                self.problem(("amounts", i, "role"), f"'{a.role}' is not a role of the amount-role scheme{hint}")
            if a.converts is None:
                continue
            if a.role != CONVERTED:
                self.problem(("amounts", i, "converts"), f"only a '{CONVERTED}' converts another amount")
            elif a.converts > len(amounts) or a.converts == i + 1:
                self.problem(("amounts", i, "converts"), f"converts amount {a.converts}, which is not "
                             f"another amount of this list (1 to {len(amounts)})")
            else:
                source = amounts[a.converts - 1]
                if source.role == CONVERTED or source.currency == a.currency:
                    self.problem(("amounts", i, "converts"),
                                 f"amount {a.converts} is a {source.currency} {source.role}: a conversion "
                                 "converts an amount in another currency that is not a conversion")

    def quantities(self, rec: Any, prefix: tuple = ()) -> None:
        """Kinds from the quantity-kind scheme, units from the UN/CEFACT codes, and a source for each
        (its own or its record's)."""
        kinds = self.vocab.quantity_kinds
        for i, q in enumerate(field_of(rec, "quantities", ())):
            here = (*prefix, "quantities", i)
            if q.kind not in kinds:
                hint = did_you_mean(q.kind, kinds) or f"; expected one of: {', '.join(kinds)}"
                self.problem((*here, "kind"), f"'{q.kind}' is not a kind of the quantity-kind scheme{hint}")
            if q.unit not in R.UNIT_CODES:
                hint = did_you_mean(q.unit, R.UNIT_CODES) or f"; expected one of: {', '.join(R.UNIT_CODES)}"
                self.problem((*here, "unit"), f"'{q.unit}' is not a UN/CEFACT unit code the project uses{hint}")
            if not (q.sources or field_of(rec, "sources")):
                self.problem((*here, "sources"), "a quantity needs sources, its own or its record's")

    def disputes(self, rec: Any, prefix: tuple = ()) -> None:
        for i, d in enumerate(field_of(rec, "disputes", ())):
            if d.field is not None and d.field not in type(rec).model_fields:
                hint = did_you_mean(d.field, type(rec).model_fields)
                self.problem((*prefix, "disputes", i, "field"), f"'{d.field}' is not a field of this record{hint}")

    def term(self, term: Any, prefix: tuple = ()) -> None:
        self.ref(term.office, ("offices",), *prefix, "office")
        self.order(term.start, term.end, prefix, "start", "end")
        self.sectors(term.sectors, prefix)
        self.disputes(term, prefix)
        self.quantities(term, prefix)
        if not (term.start or term.end or term.attested or {"start", "end", "attested"} & self.loc.dropped):
            self.problem(prefix, "a term of office needs a start, an end or an attested date")

    def run(self) -> None:
        rec, kind = self.loc.record, self.loc.kind
        if kind == "terms":
            self.ref(rec.person, ("people",), "person")
            self.term(rec)
            return
        self.sectors(field_of(rec, "sectors", ()))
        self.disputes(rec)
        self.quantities(rec)
        getattr(self, "_" + kind, lambda r: None)(rec)

    def _people(self, rec: Any) -> None:
        self.ref(rec.nationality, ("countries",), "nationality")
        for t, term in enumerate(rec.terms):
            self.term(term, ("terms", t))

    def _organisations(self, rec: Any) -> None:
        self.kind_in(rec.kind, self.vocab.organisation_kinds)
        self.ref(rec.country, ("countries",), "country")
        self.ref(rec.parent, STATE_OR_BODY, "parent")
        if rec.parent == rec.id:
            self.problem(("parent",), "an organisation cannot be its own parent")

    def _offices(self, rec: Any) -> None:
        self.ref(rec.organisation, STATE_OR_BODY, "organisation")
        self.ref(rec.jurisdiction, ("countries",), "jurisdiction")
        self.ref(rec.form_of, ("offices",), "form_of")
        if rec.form_of == rec.id:
            self.problem(("form_of",), "an office cannot be a form of itself")

    def _places(self, rec: Any) -> None:
        self.ref(rec.country, ("countries",), "country")
        self.ref(rec.within, PLACE, "within")
        self.refs(rec.twinned_with, ("places",), "twinned_with")
        if rec.id in rec.twinned_with:
            self.problem(("twinned_with",), "a place cannot be twinned with itself")

    def _vessels(self, rec: Any) -> None:
        self.ref(rec.operator, ("organisations",), "operator")
        self.ref(rec.country, ("countries",), "country")

    def _relationships(self, rec: Any) -> None:
        self.refs(rec.between, ("countries",), "between")

    def _stages(self, rec: Any) -> None:
        self.order(rec.start, rec.end, (), "start", "end")

    def _events(self, rec: Any) -> None:
        self.kind_in(rec.kind, self.vocab.event_kinds)
        self.order(rec.date, rec.end, (), "date", "end")
        self.refs(rec.places, PLACE, "places")
        self.refs(rec.participants, AGENT, "participants")
        self.refs(rec.vessels, ("vessels",), "vessels")
        roles = self.vocab.participation_roles
        for i, r in enumerate(rec.roles):
            self.ref(r.who, AGENT, "roles", i, "who")
            if r.role not in roles:
                hint = did_you_mean(r.role, roles) or f"; expected one of: {', '.join(roles)}"
                self.problem(("roles", i, "role"), f"'{r.role}' is not a role of the participation-role scheme{hint}")
            elif r.role not in self.vocab.present_roles and r.who in rec.participants:
                self.problem(("roles", i, "who"), f"'{r.who}' is named as {r.role} by the event, not one of its "
                             "participants; take it out of participants")
        self.ref(rec.part_of, ("events",), "part_of")
        self.refs(rec.projects, ("projects",), "projects")
        self.ref(rec.series, ("series",), "series")
        if rec.edition is not None and rec.series is None:
            self.problem(("edition",), "an edition number needs the series it is an edition of")

    def _agreements(self, rec: Any) -> None:
        self.kind_in(rec.kind, self.vocab.agreement_kinds)
        self.order(rec.signed, rec.in_force, (), "signed", "in_force")
        self.refs(rec.places, PLACE, "places")
        self.refs(rec.parties, AGENT, "parties")
        for i, s in enumerate(rec.signatories):
            self.ref(s.person, ("people",), "signatories", i, "person")
            self.ref(s.party, AGENT, "signatories", i, "party")
            self.ref(s.office, ("offices",), "signatories", i, "office")
        for i, pd in enumerate(rec.party_dates):
            here = ("party_dates", i)
            self.ref(pd.party, AGENT, *here, "party")
            if pd.party not in rec.parties:
                self.problem((*here, "party"), f"'{pd.party}' is not one of the agreement's parties")
            if not (pd.signed or pd.ratified or pd.in_force):
                self.problem(here, "party dates need signed, ratified or in_force")
            self.order(pd.signed, pd.ratified, here, "signed", "ratified")
            self.order(pd.ratified or pd.signed, pd.in_force, here, "ratified" if pd.ratified else "signed", "in_force")
        self.refs(rec.frameworks, ("frameworks", "organisations", "agreements"), "frameworks")
        self.refs(rec.funds, ("projects",), "funds")
        self.ref(rec.signed_at, ("events",), "signed_at")
        self.amounts(rec.amounts)

    def _projects(self, rec: Any) -> None:
        self.order(rec.start, rec.end, (), "start", "end")
        self.order(rec.start, rec.opened, (), "start", "opened")
        self.refs(rec.funders, AGENT, "funders")
        self.refs(rec.implementers, AGENT, "implementers")
        self.refs(rec.places, PLACE, "places")
        self.amounts(rec.amounts)

    def _observations(self, rec: Any) -> None:
        self.ref(rec.measure, ("measures",), "measure")
        if rec.date is not None and rec.date.year != rec.year:
            self.problem(("date",), f"date {rec.date} is not in year {rec.year}")
        if rec.period is not None and int(rec.period.removeprefix("FY")[:4]) != rec.year:
            self.problem(("period",), f"period {rec.period} is not of year {rec.year}")
        if rec.period is not None and rec.date is not None:
            self.problem(("date",), "an observation is for a period or at a date, not both")
        self.ref(rec.about, ANY, "about")
        self.ref(rec.provider, ("organisations",), "provider")

    def _shareholdings(self, rec: Any) -> None:
        self.ref(rec.holder, STATE_OR_BODY, "holder")
        self.ref(rec.held, ("organisations",), "held")
        if rec.holder == rec.held:
            self.problem(("held",), "an organisation cannot hold a share of itself")

    def _statements(self, rec: Any) -> None:
        self.ref(rec.subject, ANY, "subject")
        self.ref(rec.object, (*ANY, "stages"), "object")  # a stage of relations, e.g. for a vacancy
        if rec.object is None and rec.object_text is None and not {"object", "object_text"} & self.loc.dropped:
            self.problem(("object",), "a statement needs an object or an object_text")


def _cross_check(catalog: Catalog, check: _Checker, confidence: bool = True) -> None:
    located = all_located(catalog)
    for loc in [*located, *catalog.partial]:
        _RecordCheck(catalog, check, loc).run()
    _check_publishers(catalog, check)
    _check_urls(catalog, check, located)
    _check_sources(catalog, check, located)
    if confidence:
        check.problems.extend(check_evidence(catalog, located))


def publisher_registry(catalog: Catalog) -> Publishers:
    return {name: (loc.record.name, loc.record.tier) for name, loc in catalog.publishers.items()}


def _check_publishers(catalog: Catalog, check: _Checker) -> None:
    tiers = check.vocab.tiers
    for name, loc in catalog.publishers.items():
        if name == loc.record.name and loc.record.tier not in tiers:
            hint = did_you_mean(loc.record.tier, tiers) or f"; expected one of: {', '.join(tiers)}"
            check.add(loc.file, loc.line_of("tier"), loc.record.name, "tier",
                      f"'{loc.record.tier}' is not a tier of the scheme (ontology/tiers.ttl){hint}")


def _check_urls(catalog: Catalog, check: _Checker, located: list[Located]) -> None:
    """URL hygiene (graph/urls.py): the errors stop the build; warnings go with the file's summary."""
    for url, loc in sorted(catalog.registry.items()):
        _url_errors(check, loc, (), url, url)
        if loc.record.copy_of:
            _url_errors(check, loc, ("copy_of",), url, loc.record.copy_of)
    for loc in located:
        if loc.kind == "stages":
            continue
        for path, c in _walk_citations(loc):
            _url_errors(check, loc, path, record_name(loc), c.url)


def _url_errors(check: _Checker, loc: Located, path: tuple, record: str, url: str) -> None:
    for p in urls.problems(url):
        if p.error:
            check.add(loc.file, loc.line_of(*path) if path else loc.line, record, _loc_text(path) or "url",
                      f"{url}: {p.reason}")


def url_warnings(catalog: Catalog) -> dict[str, list[Problem]]:
    """The URL hygiene warnings of each file, once per URL and file, where the URL is first written.
    Most URLs have none, so a citing record's name is looked up only for a warning."""
    out: dict[str, dict[str, Problem]] = defaultdict(dict)

    def place(loc: Located, path: tuple, url: str, record: str | None = None) -> None:
        if url in out[loc.file]:
            return
        for p in urls.problems(url):
            if not p.error:
                line = loc.line_of(*path) if path else loc.line
                out[loc.file][url] = Problem(loc.file, line, record or record_name(loc), _loc_text(path) or "url",
                                             f"{url}: {p.reason}")
                break

    for url, loc in sorted(catalog.registry.items()):
        place(loc, (), url, url)
    for loc in all_located(catalog):
        if loc.kind != "stages":
            for path, c in _walk_citations(loc):
                place(loc, path, c.url)
    return {rel: sorted(found.values()) for rel, found in out.items()}


def _missing_publisher(name: str, url: str, publishers: Iterable[str]) -> str:
    tier = evidence.suggest_tier(url)
    quoted = json.dumps(name, ensure_ascii=False)
    return (f"publisher '{name}' (of {url}) is not in the publisher registry{did_you_mean(name, publishers) or '.'} "
            f"If it is a new publisher, add it to graph/data/publishers.yaml: `- {{name: {quoted}, "
            f"tier: {tier or '<tier>'}}}` (tiers: {', '.join(evidence.tier_names())})"
            + ("; the tier is a guess from the host: check it" if tier else ""))


def resolve_source(url: str, meta: dict[str, Any], publishers: Publishers) -> SourceInfo | None:
    """A source with its publisher and tier resolved in the registry; None if the publisher is not in it."""
    known = publishers.get(meta["publisher"])
    if known is None:
        return None
    name, publisher_tier = known
    return SourceInfo(url=url, publisher=name, published=meta.get("published"), title=meta.get("title"),
                      tier=meta.get("tier") or publisher_tier, copy_of=meta.get("copy_of"),
                      publisher_tier=publisher_tier)


def check_evidence(catalog: Catalog, located: list[Located] | None = None) -> list[Problem]:
    """A recorded confidence above the level the fact's sources support (graph/evidence.py) is an error."""
    found = []
    for loc in all_located(catalog) if located is None else located:
        for path, fact in facts_of(loc):
            recorded = field_of(fact, "confidence")
            if recorded is None or any(c.url not in catalog.sources for c in fact.sources):
                continue  # a source without a known publisher is reported where it is described
            why = evidence.check(recorded, evidence.weigh((c.url for c in fact.sources), catalog.sources))
            if why:
                found.append(Problem(loc.file, loc.line_of(*path, "confidence"), record_name(loc),
                                     _loc_text((*path, "confidence")), why))
    return found


def facts_of(loc: Located) -> Iterator[tuple[tuple, Any]]:
    """The facts of a record (itself and its terms) with their paths inside it. Stages of a
    relationship are records of their own (kind "stages"), so they are not repeated here."""
    rec = loc.record
    if isinstance(rec, R.Fact):
        yield (), rec
    for i, item in enumerate(field_of(rec, "terms", ())):
        yield ("terms", i), item


def _check_sources(catalog: Catalog, check: _Checker, located: list[Located]) -> None:
    seen: dict[str, dict[str, tuple[Any, Located, tuple]]] = defaultdict(dict)
    first: dict[str, tuple[Located, tuple]] = {}
    for url, loc in sorted(catalog.registry.items()):
        for name in _META:
            if getattr(loc.record, name) is not None:
                seen[url][name] = (getattr(loc.record, name), loc, ())
    for loc in located:
        if loc.kind == "stages":
            continue  # walked through their relationship
        ident = record_name(loc)
        for path, c in _walk_citations(loc):
            first.setdefault(c.url, (loc, path))
            for name in _META:
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
    publishers = publisher_registry(catalog)
    tiers = check.vocab.tiers
    for url, values in sorted(seen.items()):
        if "tier" in values and values["tier"][0] not in tiers:
            value, loc, path = values["tier"]
            hint = did_you_mean(value, tiers) or f"; expected one of: {', '.join(tiers)}"
            check.add(loc.file, loc.line_of(*path, "tier"), record_name(loc) if path else url,
                      _loc_text((*path, "tier")), f"'{value}' is not a tier of the scheme (ontology/tiers.ttl){hint}")
    for url, (loc, path) in sorted(first.items()):
        meta = seen.get(url, {})
        if "publisher" not in meta:
            check.add(loc.file, loc.line_of(*path), record_name(loc), _loc_text(path),
                      f"{url} is cited without a publisher anywhere; give publisher: once for this URL")
            continue
        info = resolve_source(url, {name: value[0] for name, value in meta.items()}, publishers)
        if info is None:
            name, ploc, ppath = meta["publisher"]
            check.add(ploc.file, ploc.line_of(*ppath, "publisher"), record_name(ploc) if ppath else url,
                      _loc_text((*ppath, "publisher")), _missing_publisher(name, url, publishers))
            continue
        catalog.sources[url] = info


# -- What a rebuild keeps of each file ------------------------------------------------------------

@dataclass
class FileSummary:
    """What a rebuild needs to know of a file it does not read again: the records it defines, and
    what it says of the sources it cites."""

    ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # identifier -> (kind, label)
    refs: set[str] = field(default_factory=set)  # identifiers it refers to
    meta: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # url -> the values of _META,
    # for the urls of which it says anything
    publishers: Publishers = field(default_factory=dict)  # the publisher registry entries it holds
    warnings: list[Problem] = field(default_factory=list)  # its URL hygiene warnings
    cited: set[str] = field(default_factory=set)
    registered: set[str] = field(default_factory=set)  # urls of its source records
    consistent: bool = True  # False when the file gives two values for one field of a source


def _given(summary: FileSummary, url: str, values: tuple[Any, ...]) -> None:
    if values == _NOTHING:  # most citations are a bare URL
        return
    prior = summary.meta.get(url)
    if prior is None:
        summary.meta[url] = values
        return
    if values == prior:
        return
    for a, b in zip(prior, values, strict=True):
        if a is not None and b is not None and a != b:
            summary.consistent = False
    summary.meta[url] = tuple(a if a is not None else b for a, b in zip(prior, values, strict=True))


def file_summaries(catalog: Catalog) -> dict[str, FileSummary]:
    """One summary per file of the catalog."""
    out = {rel: FileSummary(refs=catalog.refs.get(rel, set())) for rel in catalog.files}
    for name, loc in catalog.publishers.items():
        out[loc.file].publishers[name] = (loc.record.name, loc.record.tier)
    for rel, found in url_warnings(catalog).items():
        out[rel].warnings = found
    for ident, loc in catalog.records.items():
        out[loc.file].ids[ident] = (loc.kind, record_label(loc.record, ident))
    for url, loc in catalog.registry.items():
        out[loc.file].registered.add(url)
        _given(out[loc.file], url, tuple(getattr(loc.record, name) for name in _META))
    for loc in [*catalog.records.values(), *catalog.by_kind.get("terms", [])]:  # in any order
        if loc.kind == "stages":
            continue  # walked through their relationship
        summary = out[loc.file]
        for _, c in _walk_citations(loc):
            summary.cited.add(c.url)
            _given(summary, c.url, tuple(getattr(c, name) for name in _META))
    return out


def merge_sources(summaries: Iterable[FileSummary]) -> dict[str, SourceInfo] | None:
    """The cited sources with the metadata the files give them, as a full read would find them; None
    when the files disagree, list a source twice or leave one without a publisher, which a full read
    reports with every place."""
    cited: set[str] = set()
    registered: set[str] = set()
    merged = FileSummary()
    publishers: Publishers = {}
    for summary in summaries:
        if not summary.consistent or registered & summary.registered or publishers.keys() & summary.publishers:
            return None
        registered |= summary.registered
        cited |= summary.cited
        publishers.update(summary.publishers)
        for url, values in summary.meta.items():
            _given(merged, url, values)
    if not merged.consistent:
        return None
    meta = merged.meta
    sources = {}
    for url in sorted(cited):
        values = dict(zip(_META, meta.get(url, _NOTHING), strict=True))
        if values["publisher"] is None:
            return None
        info = resolve_source(url, values, publishers)
        if info is None:
            return None
        sources[url] = info
    return sources
