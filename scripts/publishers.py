"""Publishers the curated data names that the publisher registry lacks, as YAML entries to add.

    python scripts/publishers.py [DATA]     # default: graph/data

Each entry's tier is a guess from the hosts of the publisher's sources: the tier of the registered
publishers on the same host, else graph/evidence.py's host rules, else `<tier>`. A curator checks
every one before adding it to graph/data/publishers.yaml. Prints nothing when every publisher is
registered.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from graph.evidence import suggest_tier
from graph.urls import canonical, host_of
from graph.yamlio import DuplicateKey, load_yaml


def named_publishers(data: Path) -> dict[str, list[str]]:
    """Every publisher name the data gives, with the URLs it is given for."""
    found: dict[str, list[str]] = defaultdict(list)

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("url"), str) and isinstance(node.get("publisher"), str):
                found[node["publisher"]].append(canonical(node["url"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(data.rglob("*.yaml")):
        try:
            walk(load_yaml(path))
        except (yaml.YAMLError, DuplicateKey):
            continue  # the build reports it
    return found


def registered(data: Path) -> dict[str, str]:
    """Every registered name and alias -> its publisher's tier."""
    names: dict[str, str] = {}
    for path in sorted(data.rglob("*.yaml")):
        try:
            doc = load_yaml(path) or {}
        except (yaml.YAMLError, DuplicateKey):
            continue
        for entry in doc.get("publishers", []) if isinstance(doc, dict) else []:
            for name in [entry["name"], *entry.get("aliases", [])]:
                names[name] = entry.get("tier", "")
    return names


def missing(data: Path) -> list[tuple[str, str | None, list[str]]]:
    """(name, guessed tier, urls) of every unregistered publisher, by name."""
    known = registered(data)
    named = named_publishers(data)
    host_tiers: dict[str, set[str]] = defaultdict(set)  # the tiers of registered publishers on each host
    for name, urls in named.items():
        if name in known:
            for u in urls:
                host_tiers[host_of(u)].add(known[name])
    out = []
    for name, urls in sorted(named.items()):
        if name in known:
            continue
        guesses = set().union(*(host_tiers.get(host_of(u), set()) for u in urls))
        if len(guesses) != 1:
            guesses = {suggest_tier(u) for u in urls} - {None}
        out.append((name, guesses.pop() if len(guesses) == 1 else None, sorted(set(urls))))
    return out


def main(argv: list[str]) -> int:
    data = Path(argv[0] if argv else "graph/data")
    for name, tier, urls in missing(data):
        print(f"  - name: {json.dumps(name, ensure_ascii=False)}\n    tier: {tier or '<tier>'}"
              f"  # {', '.join(urls[:2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
