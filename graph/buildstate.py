"""What a build keeps beside its outputs, so that the next build can redo only what changed.

For each curated file: the hash of its content, the triples it gave, where their subjects were
curated, the records it defines and what it says of its sources. For the whole graph: the lines that
more than one file gives, the chunks Turtle and JSON-LD were written in, and the shapes' warnings by
focus node. The state is written with the outputs and published with them, so it always describes
the build beside it; anything unexpected makes the next build a full one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import Problem
from .loader import FileSummary, SourceInfo
from .rdfbuild import Built, Origin
from .serialize import Chunk

STATE_DIR = ".cache/state"
VERSION = 2


def content_key(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class UnitState:
    """One curated file as the last build saw it."""

    key: str
    name: str  # the stem of its files in the state folder
    summary: FileSummary
    labels: dict[str, str]
    per_class: Counter
    entities: int
    facts: int


@dataclass
class BuildState:
    data: str
    ontology: str
    digest: str
    validated_by: str
    sizes: dict[str, int]
    units: dict[str, UnitState]
    multi: dict[str, int]  # lines more than one file gives -> how many
    sources: dict[str, SourceInfo]  # the cited sources, with what the files say of them
    source_classes: Counter  # the sources' resources by class
    chunks: list[Chunk]
    warned: list[tuple[str, Problem]]
    version: int = VERSION
    folder: Path = field(default=Path(), compare=False)

    def lines(self, rel: str) -> set[str]:
        """The triples the file gave last time."""
        return _read_lines(self.folder / "units" / f"{self.units[rel].name}.nt")

    def source_lines(self) -> set[str]:
        return _read_lines(self.folder / "sources.nt")

    def origins(self, rels: list[str]) -> dict[str, Origin]:
        out: dict[str, Origin] = {}
        for rel in rels:
            out.update(pickle.loads((self.folder / "units" / f"{self.units[rel].name}.origin").read_bytes()))
        return out


def _read_lines(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(text.split("\n")) - {""}


def _write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines), encoding="utf-8")


def unit_state(key: str, name: str, summary: FileSummary, built: Built) -> UnitState:
    return UnitState(key, name, summary, built.labels, built.per_class, built.entities, built.facts)


def write_units(folder: Path, names: Mapping[str, str], fresh: Mapping[str, Built], sources: list[str] | None,
                previous: BuildState | None = None) -> None:
    """Write the triples and origins of each file (named by `names`) into folder: from `fresh` for
    the files read in this build, linked from the previous state for the others; and the sources'
    triples (None: unchanged since the previous state)."""
    (folder / "units").mkdir(parents=True)
    for rel, name in names.items():
        stem = folder / "units" / name
        if rel in fresh:
            _write_lines(stem.with_suffix(".nt"), fresh[rel].triples)
            stem.with_suffix(".origin").write_bytes(pickle.dumps(fresh[rel].origin, protocol=pickle.HIGHEST_PROTOCOL))
        else:
            assert previous is not None
            old = previous.folder / "units" / previous.units[rel].name
            for suffix in (".nt", ".origin"):
                _link(old.with_suffix(suffix), stem.with_suffix(suffix))
    if sources is None:
        assert previous is not None
        _link(previous.folder / "sources.nt", folder / "sources.nt")
    else:
        _write_lines(folder / "sources.nt", sources)


def write_index(folder: Path, state: BuildState) -> None:
    """Write the state's index, last: a folder without it is no state."""
    (folder / "index.pickle").write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def read(out: Path) -> BuildState | None:
    """The state of the build in out, or None when there is none or it cannot be read."""
    folder = Path(out) / STATE_DIR
    try:
        state = pickle.loads((folder / "index.pickle").read_bytes())
    except Exception:  # no state, or one from another version: a full build
        return None
    if not isinstance(state, BuildState) or state.version != VERSION:
        return None
    if any(not hasattr(state, f.name) for f in fields(BuildState)):  # pickled by an older layout
        return None
    state.folder = folder
    return state


def names(rels: list[str]) -> dict[str, str]:
    """Each file with the stem of its state files."""
    return {rel: f"{i:06d}" for i, rel in enumerate(rels)}


Loader = Callable[[], dict[str, Origin]]


class Origins(Mapping[str, Origin]):
    """Where subjects were curated: those of the files read in this build first, and those of the
    other files loaded from the state only if a shape's finding needs one."""

    def __init__(self, first: Mapping[str, Origin], rest: Loader):
        self.first, self._load, self._rest = first, rest, None

    def rest(self) -> dict[str, Origin]:
        if self._rest is None:
            self._rest = self._load()
        return self._rest

    def __getitem__(self, iri: str) -> Origin:
        if iri in self.first:
            return self.first[iri]
        return self.rest()[iri]

    def __iter__(self) -> Iterator[str]:
        yield from self.first
        yield from (k for k in self.rest() if k not in self.first)

    def __len__(self) -> int:
        return sum(1 for _ in self)
