"""Run once (issue 13), and again on curated files that still name a government: one node per state.

"Government of Japan" and "Royal Government of Cambodia" were organisations beside the countries, so
the network counted each state twice. The country now stands for the state and its government (the
governments' names are its aliases); this rewrites every reference to a government record into the
country, drops a reference that the same list already holds, and removes the two records.

Usage: python scripts/migrate_states.py [DATA_FOLDER]   (default graph/data)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

STATES = {"government-of-japan": "japan", "royal-government-of-cambodia": "cambodia"}
ALIASES = {"japan": ["Government of Japan", "Japanese government"],
           "cambodia": ["Royal Government of Cambodia", "Government of Cambodia", "Cambodian government"]}


def _ref(ident: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(ident)}(?![\w-])")


def _dedupe_lists(line: str) -> str:
    """[japan, japan] -> [japan]: a flow list that named both the state and its government."""
    def fix(m: re.Match[str]) -> str:
        items = [i.strip() for i in m.group(1).split(",")]
        return "[" + ", ".join(dict.fromkeys(items)) + "]"

    return re.sub(r"\[([^\[\]]*)\]", fix, line)


def _drop_records(text: str) -> str:
    """Remove the organisation records of the governments (an `- id:` item up to the next item)."""
    lines = text.split("\n")
    out: list[str] = []
    skipping = None
    for line in lines:
        m = re.match(r"^(\s*)- id: (\S+)\s*$", line)
        if m:
            skipping = m.group(1) if m.group(2) in STATES else None
        elif skipping is not None and (not line.strip() or not line.startswith(skipping + "  ")):
            skipping = None
        if skipping is None:
            out.append(line)
    return "\n".join(out)


def migrate_text(text: str) -> str:
    text = _drop_records(text)
    for old, new in STATES.items():
        text = _ref(old).sub(new, text)
    return "\n".join(_dedupe_lists(ln) if "[" in ln else ln for ln in text.split("\n"))


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "graph" / "data"
    for path in sorted(data.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new = migrate_text(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"migrated {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
