"""Near misses of a misspelt name ('peacekeping' -> 'peacekeeping'): the one fuzzy matcher for the
loader's errors and the query side's lookups alike, on rapidfuzz."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

CUTOFF = 0.6
"""The least similarity (0 to 1, rapidfuzz's normalised Indel ratio, as difflib's) of a suggestion."""


def close_matches(word: str, choices: Iterable[str], n: int = 3, cutoff: float = CUTOFF) -> list[str]:
    """Up to n known names nearest to word, best first; ties keep the order of choices, so that the
    same input gives the same suggestions. Case and punctuation do not count against a match."""
    found = process.extract(word, list(choices), scorer=fuzz.ratio, processor=utils.default_process,
                            limit=n, score_cutoff=cutoff * 100)
    return [choice for choice, _score, _index in found]


def did_you_mean(word: str, choices: Iterable[str], n: int = 1, cutoff: float = CUTOFF) -> str:
    """"; did you mean 'x'?" (or 'x' or 'y'), or "" when nothing is close: to append to a message."""
    close = close_matches(word, choices, n, cutoff)
    if not close:
        return ""
    quoted = " or ".join(f"'{c}'" for c in close)
    return f"; did you mean {quoted}?"
