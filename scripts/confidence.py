"""Remove every recorded `confidence:` that is not lower than the level the sources give it.

    python scripts/confidence.py [DATA]          # default: graph/data; edits the files in place
    python scripts/confidence.py --dry-run [DATA]

Confidence is computed from the tiers and origins of a fact's sources (graph/evidence.py); a
curator records one only to lower it, with `confidence_reason:`. Recorded levels from before the
rule, equal to or above the computed level, are deleted (absent, the computed level applies); lower
ones are kept, and listed when they give no reason. Re-runnable: a second run changes nothing.
Run it after merging data that still carries hand-typed levels, before `cjkg build`.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from graph import evidence
from graph.errors import CjkgError
from graph.loader import all_located, facts_of, load_catalog, record_name

_LINE = re.compile(r"^\s*confidence:\s*(high|medium|low)\s*(#.*)?$")


def plan(data: Path) -> tuple[dict[str, list[int]], list[str]]:
    """The lines to delete, by file, and the kept lower levels that give no reason."""
    catalog = load_catalog(data, confidence=False)
    delete: dict[str, list[int]] = defaultdict(list)
    unexplained = []
    for loc in all_located(catalog):
        for path, fact in facts_of(loc):
            if fact.confidence is None:
                continue
            computed = evidence.weigh((c.url for c in fact.sources), catalog.sources).level
            line = loc.line_of(*path, "confidence")
            if evidence.rank(fact.confidence) >= evidence.rank(computed):
                delete[loc.file].append(line)
            elif fact.confidence_reason is None:
                unexplained.append(f"{loc.file}:{line}: {record_name(loc)}: {fact.confidence} below {computed}, "
                                   "no confidence_reason")
    return delete, unexplained


def apply(data: Path, delete: dict[str, list[int]]) -> int:
    """Delete the lines; each must be a `confidence:` line, else nothing in that file is touched."""
    removed = 0
    for rel, lines in sorted(delete.items()):
        path = data / rel
        text = path.read_text(encoding="utf-8").split("\n")
        if not all(_LINE.match(text[n - 1]) for n in lines):
            raise SystemExit(f"{rel}: a confidence is not on a line of its own; edit it by hand")
        for n in sorted(set(lines), reverse=True):
            del text[n - 1]
        path.write_text("\n".join(text), encoding="utf-8")
        removed += len(lines)
    return removed


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    args = [a for a in argv if a != "--dry-run"]
    data = Path(args[0] if args else "graph/data")
    try:
        delete, unexplained = plan(data)
    except CjkgError as e:
        print(e, file=sys.stderr)
        return 2
    n = sum(map(len, delete.values()))
    if dry:
        for rel, lines in sorted(delete.items()):
            print(f"{rel}: would delete lines {', '.join(map(str, sorted(lines)))}")
    else:
        apply(data, delete)
    print(f"{'would delete' if dry else 'deleted'} {n} recorded confidence{'s' if n != 1 else ''} "
          f"in {len(delete)} files")
    for line in unexplained:
        print(f"kept, lower than computed: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
