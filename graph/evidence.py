"""How strongly a fact's sources establish it: the one implementation of the confidence rule.

The rule (also the rdfs:comment of cj:confidence in ontology/cjkg.ttl, and graph/data/README.md):

- high:   at least one source of a primary tier (official, intergovernmental), or sources of the
          secondary tiers (news, academic) from two independent origins;
- medium: sources of the secondary tiers from one origin only;
- low:    sources of the weak tiers only (reference, copy, user-generated).

Origins: a copy counts as the page it copies (`copy_of`), and every source of one publisher is one
origin, so that three pages of one newspaper, or two mirrors of one article, are one voice. The tier
groups (primary, secondary, weak) are read from the tier scheme (ontology/tiers.ttl), not listed here.

A curator may record a lower confidence than the computed one (with `confidence_reason:`), never a
higher one: `check` says why the sources do not reach the recorded level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from .ontology import vocabulary
from .urls import host_of

LEVELS = ("low", "medium", "high")
"""Confidence levels, weakest first."""


class Weighable(Protocol):
    """What the rule needs of a source: who published it, its tier, and what it copies."""

    url: str
    publisher: str
    tier: str
    copy_of: str | None


@dataclass(frozen=True)
class Weighing:
    """A fact's computed confidence and what it rests on."""

    level: str
    tiers: tuple[str, ...]
    """The tiers of its sources, strongest first, each once."""
    origins: int
    """How many independent origins its secondary-tier sources have."""

    def why(self) -> str:
        """The evidence in words, for an error that says why a recorded level is too high."""
        tiers = ", ".join(self.tiers) or "none"
        return f"its sources are of the tiers {tiers}, with {self.origins} independent news or academic origin" \
               + ("" if self.origins == 1 else "s")


def rank(level: str) -> int:
    return LEVELS.index(level)


def group_of(tier: str) -> str:
    """primary, secondary or weak: the weight the rule gives a tier (from the tier scheme). A tier
    not in the scheme (reported by the loader) weighs nothing."""
    return vocabulary().tier_groups.get(tier, "weak")


def tier_names() -> list[str]:
    """The tiers a curator may write, strongest first."""
    return sorted(vocabulary().tiers, key=lambda t: _ORDER.index(t) if t in _ORDER else len(_ORDER))


def origin_of(source: Weighable, sources: Mapping[str, Weighable]) -> str:
    """The independent voice a source speaks with: a copy speaks with its origin's publisher (or its
    origin's URL when that is not itself a source of the graph), any other source with its publisher."""
    if source.copy_of:
        origin = sources.get(source.copy_of)
        return f"publisher:{origin.publisher}" if origin is not None else f"url:{source.copy_of}"
    return f"publisher:{source.publisher}"


_ORDER = ("official", "intergovernmental", "news", "academic", "reference", "copy", "user-generated")


def weigh(urls: Iterable[str], sources: Mapping[str, Weighable]) -> Weighing:
    """The confidence the rule gives a fact citing `urls` (each described in `sources`)."""
    cited = [sources[u] for u in dict.fromkeys(urls) if u in sources]
    tiers = tuple(sorted({s.tier for s in cited}, key=lambda t: _ORDER.index(t) if t in _ORDER else len(_ORDER)))
    secondary = {origin_of(s, sources) for s in cited if group_of(s.tier) == "secondary"}
    if any(group_of(t) == "primary" for t in tiers) or len(secondary) >= 2:
        level = "high"
    elif secondary:
        level = "medium"
    else:
        level = "low"
    return Weighing(level, tiers, len(secondary))


def effective(computed: str, recorded: str | None) -> str:
    """The level the graph states: the recorded one when it is lower, else the computed one."""
    return recorded if recorded is not None and rank(recorded) < rank(computed) else computed


def check(recorded: str | None, weighing: Weighing) -> str | None:
    """Why a recorded level is not allowed (it is above what the sources support), or None."""
    if recorded is None or rank(recorded) <= rank(weighing.level):
        return None
    return (f"confidence '{recorded}' is higher than its sources support ('{weighing.level}'): "
            f"{weighing.why()}; high needs an official or intergovernmental source or two independent news or "
            f"academic origins, medium one news or academic source. Cite a stronger source, or remove the field "
            f"(absent, the computed level applies)")


# -- Host rules: a first guess at a new publisher's tier, for the registry's error message ------------

_HOST_RULES: tuple[tuple[str, str], ...] = (
    ("go.jp", "official"), ("gov.kh", "official"), ("mfaic.gov.kh", "official"), ("akp.gov.kh", "official"),
    ("emb-japan.go.jp", "official"), ("kantei.go.jp", "official"), ("jica.go.jp", "official"),
    ("lg.jp", "official"), ("gov", "official"), ("gouv.fr", "official"), ("gov.uk", "official"),
    ("un.org", "intergovernmental"), ("unesco.org", "intergovernmental"), ("adb.org", "intergovernmental"),
    ("asean.org", "intergovernmental"), ("eccc.gov.kh", "intergovernmental"), ("reliefweb.int", "intergovernmental"),
    ("worldbank.org", "intergovernmental"), ("unv.org", "intergovernmental"), ("undp.org", "intergovernmental"),
    ("wikipedia.org", "reference"), ("britannica.com", "reference"), ("kotobank.jp", "reference"),
    ("weblio.jp", "reference"),
    ("ac.jp", "academic"), ("edu", "academic"), ("cambridge.org", "academic"), ("jstor.org", "academic"),
    ("blogspot.com", "user-generated"), ("note.com", "user-generated"), ("note.mu", "user-generated"),
    ("ameblo.jp", "user-generated"), ("goo.ne.jp", "user-generated"), ("hatenablog.com", "user-generated"),
    ("wordpress.com", "user-generated"), ("fandom.com", "user-generated"), ("quora.com", "user-generated"),
    ("chiebukuro.yahoo.co.jp", "user-generated"), ("reddit.com", "user-generated"), ("scribd.com", "user-generated"),
    ("docslib.org", "user-generated"), ("medium.com", "user-generated"), ("livedoor.jp", "user-generated"),
    ("fc2.com", "user-generated"), ("seesaa.net", "user-generated"), ("exblog.jp", "user-generated"),
    ("wikiwand.com", "copy"), ("ipfs.io", "copy"), ("dweb.link", "copy"), ("liquisearch.com", "copy"),
    ("thefullwiki.org", "copy"), ("wikizero.com", "copy"), ("wiki2.org", "copy"), ("stringtranslate.com", "copy"),
    ("askwikinow.com", "copy"), ("clateway.com", "copy"), ("gutenberg.org", "copy"), ("alchetron.com", "copy"),
    ("dbpedia.org", "copy"), ("wikimili.com", "copy"), ("everybodywiki.com", "copy"),
)


def suggest_tier(url: str) -> str | None:
    """A first guess at the tier of the publisher of `url` from its host, or None: a starting point
    that a curator confirms, never a verdict."""
    host = host_of(url)
    best = None
    for suffix, tier in _HOST_RULES:
        if (host == suffix or host.endswith("." + suffix)) and (best is None or len(suffix) > len(best[0])):
            best = (suffix, tier)
    if best is None and ("wiki" in host or "pedia" in host):
        return "copy"
    return best[1] if best else None
