"""Names in an article linked to the graph's entities through the project's one resolver
(graph/resolve.py `matches`: every name and alias in English, Japanese and Khmer, titles dropped).

A name is a run of capitalised words (with "of", "and", "for", "the" inside); within a run the longest
part that names an entity wins. A surname that several people share goes to the one the article has
already named in full. What names nothing is proposed as a new entity when its words say its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import CJ, CJD
from ..resolve import matches, name_index, words

CONFIDENCE = {"identifier": 1.0, "exact": 1.0, "words": 0.95, "untitled": 0.9, "prefix": 0.75,
              "untitled prefix": 0.7}
"""How sure a link is, by the resolver's step that made it."""

KINDS = {"Person": "people", "Country": "countries", "Organisation": "organisations", "Place": "places",
         "Vessel": "vessels", "Project": "projects", "Office": "offices", "Framework": "frameworks",
         "Series": "series", "Relationship": "relationships"}
"""The curated kind of a linked entity, by its class (the first that it has, in this order)."""

_TOKEN = re.compile(r"[^\W_][\w’'\-]*")
_JOIN = frozenset({"of", "and", "for", "the", "de"})
_NOT_NAMES = frozenset({
    "the", "a", "an", "on", "in", "at", "during", "following", "after", "before", "this", "these", "that", "both",
    "meanwhile", "looking", "as", "with", "photo", "previously", "response", "furthermore", "according",
    "japanese", "cambodian", "khmer", "his", "her", "their", "its", "he", "she", "they", "it", "we", "our",
    "deputy", "chief", "commander", "captain", "gen", "lt", "col", "mr", "ms", "mrs", "dr", "h", "e", "said", "source", "sources", "summary", "overview", "provisional", "translation", "introduction",  # noqa: E501
    "bilateral", "relations", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "up", "to", "maximum", "amount", "jpy", "usd", "us", "samdech", "excellency", "minister", "prime", "president",
})
"""Capitalised words that begin a sentence or a title rather than a name: never a name alone."""
_PERSON_TITLES = re.compile(
    r"\b(?:Mr|Ms|Mrs|Dr|H\.E|Samdech|Excellency|Minister|Ambassador|Captain|Capt|Gen|General|Lt|Col|Colonel|"
    r"Admiral|Commander|Chief|Governor|Representative|Secretary|spokesman|spokesperson|President|Director)\.?\s*$")
_ORG_WORDS = frozenset({"ministry", "agency", "force", "forces", "association", "university", "institute", "bank",
                        "embassy", "council", "committee", "centre", "center", "company", "corporation", "navy",
                        "army", "office", "department", "government", "organization", "organisation", "authority",
                        "academy", "school", "hospital", "party", "club", "foundation", "chamber", "federation"})
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|near)\s*$")


@dataclass
class Mention:
    """A name in the text and what it links to (several entities when the name is ambiguous)."""

    text: str
    start: int
    end: int
    ids: list[str] = field(default_factory=list)
    kind: str | None = None
    step: str | None = None
    confidence: float = 0.0

    @property
    def linked(self) -> str | None:
        """The one entity the name links to, if it links to exactly one."""
        return self.ids[0] if len(self.ids) == 1 else None


def _kind(classes: frozenset[str]) -> str | None:
    return next((kind for cls, kind in KINDS.items() if CJ + cls in classes), None)


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of capitalised tokens (joined by "of", "and", ... when a capitalised token follows)."""
    tokens = list(_TOKEN.finditer(text))
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    for i, t in enumerate(tokens):
        word = t.group(0)
        gap = text[run[-1].end():t.start()] if run else ""
        capital = word[0].isupper() or not word[0].isascii() and word[0].isalpha() and not word[0].islower()
        joins = (word.lower() in _JOIN and run and i + 1 < len(tokens) and tokens[i + 1].group(0)[0].isupper())
        if (capital or joins) and (not run or gap.strip() in ("", "-", "’s", "'s") and "\n" not in gap):
            run.append(t)
            continue
        if run:
            runs.append(run)
        run = [t] if capital else []
    if run:
        runs.append(run)
    return [[t for t in r] for r in runs]


class Linker:
    """Links the names of one article; remembers whom it has named, to settle surnames."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.index = name_index(store)
        self.seen: dict[str, int] = {}
        self._cache: dict[str, tuple[list[str], str | None]] = {}

    def lookup(self, name: str) -> tuple[list[str], str | None]:
        """The non-fact entities (and projects) a name links to, and the resolver's step."""
        if name not in self._cache:
            found, step = matches(self.store, name)
            keep = sorted(e for e in found if e.startswith(CJD) and (
                CJ + "Fact" not in self.index.classes.get(e, ()) or CJ + "Project" in self.index.classes.get(e, ())))
            if step in ("prefix", "untitled prefix"):
                people = [e for e in keep if CJ + "Person" in self.index.classes.get(e, ())]
                keep = people if people and len(words(name)) >= 1 and len(name) >= 4 else []
            self._cache[name] = (keep, step if keep else None)
        return self._cache[name]

    def mentions(self, text: str) -> tuple[list[Mention], list[Mention]]:
        """The linked names of a text, and the unlinked names proposed as new entities; read twice, so
        that a surname before the full name is settled by it too."""
        self._scan(text)
        return self._scan(text)

    def _scan(self, text: str) -> tuple[list[Mention], list[Mention]]:
        linked: list[Mention] = []
        unlinked: list[Mention] = []
        for run in _runs(text):
            i = 0
            while i < len(run):
                hit = None
                for j in range(len(run), i, -1):
                    span = text[run[i].start():run[j - 1].end()]
                    ws = words(span)
                    if not ws or all(w in _NOT_NAMES or w in self.index.titles or w in _JOIN for w in ws):
                        continue
                    if run[i].group(0).lower() in _JOIN or run[j - 1].group(0).lower() in _JOIN:
                        continue
                    ids, step = self.lookup(span)
                    if ids and step in ("prefix", "untitled prefix") and any(
                            t.group(0).lower() not in self.index.titles and t.group(0).lower() not in _NOT_NAMES
                            for t in run[:i] + run[j:]):
                        continue  # a part of a longer name the graph does not know ("Chhum" of "Chhum Socheat")
                    if ids and step == "untitled" and not all(
                            CJ + "Person" in self.index.classes.get(e, ()) for e in ids):
                        continue  # titles are dropped to find people: "Ambassador of Japan" is not Japan
                    if ids:
                        hit = (j, span, ids, step)
                        break
                if hit is None:
                    i += 1
                    continue
                j, span, ids, step = hit
                linked.append(self._mention(span, run[i].start(), ids, step))
                i = j
            unlinked.extend(self._unlinked(text, run, linked))
        return linked, unlinked

    def _mention(self, span: str, start: int, ids: list[str], step: str | None) -> Mention:
        confidence = CONFIDENCE.get(step or "", 0.0)
        if len(ids) > 1:
            named = [e for e in ids if e in self.seen]
            if len(named) == 1:
                ids, confidence = named, confidence * 0.9
            else:
                confidence = confidence / len(ids)
        m = Mention(span, start, start + len(span), [e.removeprefix(CJD) for e in ids],
                    _kind(self.index.classes.get(ids[0], frozenset())) if len(ids) == 1 else None, step,
                    round(confidence, 2))
        if len(ids) == 1:
            self.seen[ids[0]] = self.seen.get(ids[0], 0) + 1
        return m

    def _unlinked(self, text: str, run: list[re.Match[str]], linked: list[Mention]) -> list[Mention]:
        """The part of a run no link covers, when its words say it is a person or an organisation."""
        free = [t for t in run if not any(m.start <= t.start() < m.end for m in linked)]
        out = []
        segment: list[re.Match[str]] = []
        for t in [*free, None]:
            if t is not None and t.group(0).lower() not in _JOIN | {"and"} and (
                    not segment or t.start() - segment[-1].end() <= 2):
                segment.append(t)
                continue
            out.extend(self._proposed(text, segment))
            segment = [t] if t is not None and t.group(0).lower() not in _JOIN else []
        return out

    def _proposed(self, text: str, free: list[re.Match[str]]) -> list[Mention]:
        def plain(t: re.Match[str]) -> bool:
            w = t.group(0).lower()
            return w not in _NOT_NAMES and w not in self.index.titles and w not in ("borvor", "thipadei")

        while free and not plain(free[0]):
            free = free[1:]
        while free and not plain(free[-1]):
            free = free[:-1]
        if len(free) < 2:
            return []
        span = text[free[0].start():free[-1].end()]
        ws = words(span)
        if any(w in _ORG_WORDS for w in ws):
            kind = "organisations"
        elif _PERSON_TITLES.search(text[max(0, free[0].start() - 40):free[0].start()]) and len(free) <= 4:
            kind = "people"
        elif _PLACE_BEFORE.search(text[max(0, free[0].start() - 6):free[0].start()]) and len(free) <= 3:
            kind = "places"
        else:
            return []
        return [Mention(span, free[0].start(), free[-1].end(), [], kind, None, 0.0)]
