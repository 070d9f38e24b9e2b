#!/usr/bin/env python3
"""Write a synthetic, reproducible set of curated sources of about N triples, for benchmarks.

The files are in the project's own curated format (YAML for entities, JSON Lines for the bulk
records) and pass the ordinary loader and the SHACL shapes. The shape follows the curated data: many
countries, each with ministries, offices and a succession of office holders; events with several
participants; agreements signed by the office holders of the day; projects; yearly observations;
every fact citing one or two sources of a registry. Names and URLs are plainly synthetic.

    python scripts/synth.py --triples 1000000 --out /tmp/synth-1m
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

SECTORS = ["diplomacy", "defense", "peacekeeping", "demining", "economy", "trade", "investment", "development-aid",
           "infrastructure", "transport", "water", "energy", "health", "education", "human-resources", "culture",
           "tourism", "labor-migration", "agriculture", "environment", "disaster-risk", "digital", "legal-judicial",
           "governance", "heritage", "people-to-people", "regional", "science-technology"]
EVENT_KINDS = ["visit", "official-visit", "state-visit", "meeting", "summit", "conference", "defence-exchange",
               "exercise", "port-call", "ceremony", "announcement"]
AGREEMENT_KINDS = ["exchange-of-notes", "loan-agreement", "grant-agreement", "memorandum", "joint-statement", "treaty"]
OFFICES = ["prime-minister", "foreign-minister", "defence-minister", "trade-minister"]
MINISTRIES = ["government", "foreign-ministry", "defence-ministry", "trade-ministry", "finance-ministry", "aid-agency"]
# Triples each record kind adds, measured on generated data; used to size the output.
PER_RECORD = {"event": 16.1, "agreement": 34.2, "project": 18.7, "observation": 9.3, "person": 25.4, "source": 4.1}
SHARE = {"event": 0.55, "agreement": 0.15, "project": 0.08, "observation": 0.10, "person": 0.07, "source": 0.05}
FIRST_YEAR, LAST_YEAR = 1960, 2025


@dataclass
class Term:
    person: str
    office: str
    start: dt.date
    end: dt.date


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange(max((hi - lo).days, 1)))


def _write_jsonl(path: Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")


def generate(triples: int, out: Path, seed: int = 42, chunk: int = 20_000) -> dict[str, int]:
    """Write the synthetic sources into `out` (replaced); returns the number of records of each kind."""
    rng = random.Random(seed)
    counts = {k: max(1, int(triples * SHARE[k] / PER_RECORD[k])) for k in SHARE}
    countries = max(4, min(60, counts["event"] // 400 + 4))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    # -- entities (YAML, small) --
    # The first two are Japan and Cambodia, so that the named queries about them have answers.
    country_ids = ["japan", "cambodia"] + [f"syn-country-{i:03d}" for i in range(2, countries)]
    entities = ["countries:"]
    for i, c in enumerate(country_ids):
        entities += [f"  - id: {c}", f"    name: Synthetic Country {i:03d}"]
    entities.append("organisations:")
    orgs: dict[str, list[str]] = {}
    for c in country_ids:
        orgs[c] = []
        for m in MINISTRIES:
            oid = f"{c}-{m}"
            orgs[c].append(oid)
            kind = "agency" if m == "aid-agency" else "government-body"
            entities += [f"  - id: {oid}", f"    name: {m.replace('-', ' ').title()} of {c}", f"    kind: {kind}",
                         f"    country: {c}", f"    sectors: [{rng.choice(SECTORS)}]"]
    companies = [f"syn-company-{i:04d}" for i in range(countries * 4)]
    for i, oid in enumerate(companies):
        entities += [f"  - id: {oid}", f"    name: Synthetic Company {i:04d}", "    kind: company",
                     f"    country: {country_ids[i % countries]}"]
    entities.append("offices:")
    for c in country_ids:
        for o in OFFICES:
            org = f"{c}-{'government' if o == 'prime-minister' else o.split('-')[0] + '-ministry'}"
            entities += [f"  - id: {c}-{o}", f"    name: {o.replace('-', ' ').title()} of {c}",
                         f"    organisation: {org}", f"    jurisdiction: {c}"]
    entities.append("places:")
    places = []
    for c in country_ids:
        for j in range(4):
            pid = f"{c}-city-{j}"
            places.append(pid)
            entities += [f"  - id: {pid}", f"    name: City {j} of {c}", "    kind: city", f"    country: {c}"]
    entities.append("measures:")
    measures = [f"syn-measure-{i:02d}" for i in range(20)]
    for i, m in enumerate(measures):
        entities += [f"  - id: {m}", f"    name: Synthetic measure {i:02d}",
                     f"    description: A yearly synthetic quantity number {i}.", "    unit: USD"]
    (out / "entities.yaml").write_text("\n".join(entities) + "\n", encoding="utf-8")

    # -- source registry --
    sources = [f"https://example.org/synthetic/source/{i}" for i in range(counts["source"])]
    publishers = [f"Synthetic Publisher {i:03d}" for i in range(max(5, counts["source"] // 50))]
    _write_jsonl(out / "sources.jsonl", [
        {"record": "sources", "url": u, "publisher": rng.choice(publishers),
         "published": _day(rng, dt.date(1990, 1, 1), dt.date(2025, 12, 31)).isoformat()} for u in sources])

    def cite() -> list[str]:
        return rng.sample(sources, k=min(len(sources), rng.choice((1, 1, 2, 2, 3))))  # 40% single, as curated

    # -- people with successive terms of office --
    holders: dict[str, list[Term]] = {}
    people = []
    per_office = max(1, counts["person"] // (countries * len(OFFICES)))
    n = 0
    for c in country_ids:
        for o in OFFICES:
            office = f"{c}-{o}"
            start = dt.date(FIRST_YEAR, 1, 1)
            span = (LAST_YEAR - FIRST_YEAR + 1) * 365 // per_office
            holders[office] = []
            for _ in range(per_office):
                pid = f"syn-person-{n:06d}"
                n += 1
                end = min(start + dt.timedelta(days=span - 1), dt.date(LAST_YEAR, 12, 31))
                holders[office].append(Term(pid, office, start, end))
                people.append({"record": "people", "id": pid, "name": f"Synthetic Person {n:06d}", "nationality": c,
                               "terms": [{"office": office, "start": start.isoformat(), "end": end.isoformat(),
                                          "confidence": "high", "sources": cite()}]})
                start = end + dt.timedelta(days=1)
    _write_jsonl(out / "people.jsonl", people)

    def holder(office: str, day: dt.date) -> str | None:
        for t in holders[office]:
            if t.start <= day <= t.end:
                return t.person
        return None

    # -- events --
    events = []
    for i in range(counts["event"]):
        day = _day(rng, dt.date(1990, 1, 1), dt.date(2025, 12, 31))
        a, b = rng.sample(country_ids, 2)
        who = [p for p in (holder(f"{a}-{rng.choice(OFFICES)}", day), holder(f"{b}-{rng.choice(OFFICES)}", day)) if p]
        who += rng.sample(orgs[a], 1) + ([a] if rng.random() < 0.5 else [])
        event = {"record": "events", "id": f"syn-event-{i:07d}", "title": f"Synthetic event {i}",
                 "kind": rng.choice(EVENT_KINDS), "date": day.isoformat(), "places": [rng.choice(places)],
                 "participants": sorted(set(who)), "sectors": rng.sample(SECTORS, rng.choice((1, 2))),
                 "confidence": rng.choice(("high", "medium")), "sources": cite(),
                 "description": f"A synthetic event between {a} and {b}."}
        if rng.random() < 0.4:
            event["outcomes"] = ["The parties agreed to go on working together."]
        events.append(event)
    for k in range(0, len(events), chunk):
        _write_jsonl(out / f"events-{k // chunk:04d}.jsonl", events[k:k + chunk])

    # -- projects --
    projects = []
    for i in range(counts["project"]):
        start = _day(rng, dt.date(1990, 1, 1), dt.date(2022, 12, 31))
        a = rng.choice(country_ids)
        title = f"Synthetic bridge project {i}" if i % 10 == 0 else f"Synthetic project {i}"
        project = {"record": "projects", "id": f"syn-project-{i:06d}", "title": title,
                   "funders": [a], "implementers": [rng.choice(orgs[a]), rng.choice(companies)],
                   "places": [rng.choice(places)], "start": start.isoformat(),
                   "end": (start + dt.timedelta(days=rng.randrange(200, 2000))).isoformat(),
                   "amounts": [{"value": rng.randrange(1, 500) * 1_000_000, "currency": "JPY", "role": "grant"}],
                   "status": "completed", "sectors": rng.sample(SECTORS, 2), "confidence": "high", "sources": cite()}
        projects.append(project)
    _write_jsonl(out / "projects.jsonl", projects)

    # -- agreements, signed by the foreign ministers of the day --
    agreements = []
    for i in range(counts["agreement"]):
        day = _day(rng, dt.date(1990, 1, 1), dt.date(2025, 12, 31))
        a, b = rng.sample(country_ids, 2)
        signatories = []
        for c in (a, b):
            p = holder(f"{c}-foreign-minister", day)
            if p:
                signatories.append({"person": p, "party": c, "office": f"{c}-foreign-minister"})
        agreement = {"record": "agreements", "id": f"syn-agreement-{i:06d}", "title": f"Synthetic agreement {i}",
                     "kind": rng.choice(AGREEMENT_KINDS), "signed": day.isoformat(), "places": [rng.choice(places)],
                     "parties": [a, b], "signatories": signatories, "sectors": rng.sample(SECTORS, rng.choice((1, 2))),
                     "confidence": "high", "sources": cite()}
        if rng.random() < 0.5:
            agreement["amounts"] = [{"value": rng.randrange(1, 300) * 10_000_000, "currency": "JPY", "role": "loan"}]
        if projects and rng.random() < 0.3:
            agreement["funds"] = [rng.choice(projects)["id"]]
        agreements.append(agreement)
    _write_jsonl(out / "agreements.jsonl", agreements)

    # -- observations: yearly values of the measures --
    observations = []
    for i in range(counts["observation"]):
        m = measures[i % len(measures)]
        observations.append({"record": "observations", "id": f"syn-observation-{i:07d}", "measure": m,
                             "year": 1990 + (i // len(measures)) % 36, "value": round(rng.uniform(1, 1e6), 2),
                             "unit": "USD", "about": rng.choice(country_ids), "confidence": "high", "sources": cite()})
    _write_jsonl(out / "observations.jsonl", observations)
    return {"countries": countries, "people": len(people), "events": len(events), "agreements": len(agreements),
            "projects": len(projects), "observations": len(observations), "sources": len(sources)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="About how many triples the sources should give.")
    parser.add_argument("--out", type=Path, required=True, help="Folder to write (replaced).")
    parser.add_argument("--seed", type=int, default=42, help="Seed of the generator (default 42).")
    args = parser.parse_args(argv)
    counts = generate(args.triples, args.out, args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
