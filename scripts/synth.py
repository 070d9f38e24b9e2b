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
               "exercise", "port-call", "deployment", "ceremony", "announcement"]
AGREEMENT_KINDS = ["exchange-of-notes", "loan-agreement", "grant-agreement", "memorandum", "joint-statement", "treaty"]
OFFICES = ["prime-minister", "foreign-minister", "defence-minister", "trade-minister"]
MINISTRIES = ["government", "foreign-ministry", "defence-ministry", "trade-ministry", "finance-ministry", "aid-agency"]
# Triples each record kind adds, measured on generated data; used to size the output.
PER_RECORD = {"event": 16.1, "agreement": 34.2, "project": 18.7, "observation": 9.3, "person": 25.4, "source": 4.1}
SHARE = {"event": 0.55, "agreement": 0.15, "project": 0.08, "observation": 0.10, "person": 0.07, "source": 0.05}
FIRST_YEAR, LAST_YEAR = 1960, 2025
# Publishers by tier, in the curated registry's proportions (graph/data/publishers.yaml, 2026-12).
TIERS = {"official": 43, "intergovernmental": 18, "news": 162, "academic": 23, "reference": 11, "copy": 192,
         "user-generated": 118}
FRAMEWORKS = ["syn-framework-asean", "syn-framework-mekong", "syn-framework-rcep", "syn-framework-azec"]
STAGES = ["established", "interrupted", "resumed", "strategic-partnership", "comprehensive-strategic-partnership"]


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
    entities.append("frameworks:")
    for f in FRAMEWORKS:
        entities += [f"  - id: {f}", f"    name: Synthetic framework {f.rsplit('-', 1)[1].upper()}"]
    entities.append("measures:")
    measures = [f"syn-measure-{i:02d}" for i in range(20)]
    for i, m in enumerate(measures):
        entities += [f"  - id: {m}", f"    name: Synthetic measure {i:02d}",
                     f"    description: A yearly synthetic quantity number {i}.", "    unit: USD"]
    (out / "entities.yaml").write_text("\n".join(entities) + "\n", encoding="utf-8")

    # -- source registry --
    sources = [f"https://example.org/synthetic/source/{i}" for i in range(counts["source"])]
    publishers = [f"Synthetic Publisher {i:03d}" for i in range(max(len(TIERS), counts["source"] // 50))]
    tiers = list(TIERS)
    tier_of = {p: tiers[i] if i < len(tiers) else rng.choices(tiers, weights=list(TIERS.values()))[0]
               for i, p in enumerate(publishers)}
    registry = ["# Synthetic publishers, with tiers in the curated registry's proportions.", "publishers:"]
    for p in publishers:
        registry += [f'  - name: "{p}"', f"    tier: {tier_of[p]}"]
    (out / "publishers.yaml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    registry_records = []
    for i, u in enumerate(sources):
        publisher = publishers[i] if i < len(publishers) else rng.choice(publishers)
        record = {"record": "sources", "url": u, "publisher": publisher,
                  "published": _day(rng, dt.date(1990, 1, 1), dt.date(2025, 12, 31)).isoformat()}
        if tier_of[publisher] == "copy" and i > 0 and rng.random() < 0.5:
            record["copy_of"] = sources[rng.randrange(i)]
        registry_records.append(record)
    _write_jsonl(out / "sources.jsonl", registry_records)

    def cite() -> list[str]:
        return rng.sample(sources, k=min(len(sources), rng.choice((1, 1, 2, 2, 3))))  # 40% single, as curated

    # -- people with successive terms of office --
    holders: dict[str, list[Term]] = {}
    people = []
    statements = []
    per_office = max(2, counts["person"] // (countries * len(OFFICES)))
    n = 0
    for c in country_ids:
        for o in OFFICES:
            office = f"{c}-{o}"
            start = dt.date(FIRST_YEAR, 1, 1)
            span = (LAST_YEAR - FIRST_YEAR + 1) * 365 // per_office
            holders[office] = []
            for k in range(per_office):
                pid = f"syn-person-{n:06d}"
                n += 1
                end = min(start + dt.timedelta(days=span - 1), dt.date(LAST_YEAR, 12, 31))
                holders[office].append(Term(pid, office, start, end))
                people.append({"record": "people", "id": pid, "name": f"Synthetic Person {n:06d}", "nationality": c,
                               "terms": [{"office": office, "start": start.isoformat(), "end": end.isoformat(),
                                          "sources": cite()}]})
                start = end + dt.timedelta(days=1)
                # A gap in the record of the office now and then (always after a foreign minister's
                # first term, so that a small graph has some), and now and then a vacancy.
                if rng.random() < 0.1 or (k == 0 and o == "foreign-minister"):
                    gap = rng.randrange(30, 400)
                    if rng.random() < 0.3:
                        statements.append({
                            "record": "statements", "id": f"syn-statement-vacancy-{len(statements):06d}",
                            "subject": office, "relation": "vacant", "object_text": "a chargé d'affaires",
                            "date": (start + dt.timedelta(days=gap // 2)).isoformat(),
                            "title": f"The office {office} stood vacant", "sources": cite()})
                    start += dt.timedelta(days=gap)
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
                 "sources": cite(),
                 "description": f"A synthetic event between {a} and {b}."}
        if rng.random() < 0.4:
            event["outcomes"] = ["The parties agreed to go on working together."]
        if rng.random() < 0.01:
            event["disputes"] = [{"field": "date", "value": (day + dt.timedelta(days=rng.choice((-1, 1)))).isoformat(),
                                  "note": "Another synthetic source dates it a day apart.", "sources": cite()}]
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
                   "status": "completed", "sectors": rng.sample(SECTORS, 2), "sources": cite()}
        if rng.random() < 0.2:
            project["quantities"] = [{"kind": "length", "value": rng.randrange(1, 400) / 2, "unit": "KMT"}]
        projects.append(project)
    _write_jsonl(out / "projects.jsonl", projects)

    # -- agreements, signed by the foreign ministers of the day --
    agreements = []
    for i in range(counts["agreement"]):
        recent = i % 20 == 0  # a recent defence agreement now and then, so that a small graph has some
        day = _day(rng, dt.date(2013 if recent else 1990, 1, 1), dt.date(2025, 12, 31))
        a, b = rng.sample(country_ids, 2)
        signatories = []
        for c in (a, b):
            p = holder(f"{c}-foreign-minister", day)
            if p:
                signatories.append({"person": p, "party": c, "office": f"{c}-foreign-minister"})
        agreement = {"record": "agreements", "id": f"syn-agreement-{i:06d}", "title": f"Synthetic agreement {i}",
                     "kind": rng.choice(AGREEMENT_KINDS), "signed": day.isoformat(), "places": [rng.choice(places)],
                     "parties": [a, b], "signatories": signatories,
                     "sectors": ["defense"] if recent else rng.sample(SECTORS, rng.choice((1, 2))),
                     "sources": cite()}
        if rng.random() < 0.3:
            agreement["in_force"] = (day + dt.timedelta(days=rng.randrange(0, 400))).isoformat()
        if rng.random() < 0.05:
            agreement["frameworks"] = [rng.choice(FRAMEWORKS)]
        elif rng.random() < 0.03:
            agreement["parties"] = [a, b, *rng.sample([c for c in country_ids if c not in (a, b)], 1)]
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
                             "unit": "USD", "about": rng.choice(country_ids), "sources": cite()})
    _write_jsonl(out / "observations.jsonl", observations)

    # -- the relationship of each country with Japan, in stages; statements about countries and people --
    relationships = []
    for c in country_ids[1:]:
        day, stages = _day(rng, dt.date(1950, 1, 1), dt.date(1960, 12, 31)), []
        for k, name in enumerate(STAGES):
            stage = {"id": f"syn-stage-{c}-{name}", "title": f"{name.replace('-', ' ').capitalize()} ({c})",
                     "start": day.isoformat(), "sources": cite()}
            if k == 0:
                stage["disputes"] = [{"field": "start", "value": (day + dt.timedelta(days=3)).isoformat(),
                                      "note": "Another synthetic source counts from a later note.", "sources": cite()}]
            if name == "interrupted":
                day = _day(rng, day + dt.timedelta(days=365), day + dt.timedelta(days=3650))
                stage["end"] = day.isoformat()
            stages.append(stage)
            day = _day(rng, day + dt.timedelta(days=30), day + dt.timedelta(days=3650))
        relationships.append({"record": "relationships", "id": f"syn-relations-japan-{c}",
                              "name": f"Relations of japan and {c}", "between": ["japan", c], "stages": stages})
    _write_jsonl(out / "relationships.jsonl", relationships)
    speakers = country_ids + [p["id"] for p in people]
    for i in range(max(len(country_ids), counts["event"] // 200)):
        who, what = rng.choice(speakers), rng.choice(country_ids)
        statements.append({"record": "statements", "id": f"syn-statement-{i:06d}", "subject": who,
                           "relation": "expressed support for", "object": what,
                           "date": _day(rng, dt.date(1990, 1, 1), dt.date(2025, 12, 31)).isoformat(),
                           "title": f"Synthetic statement {i}", "sectors": [rng.choice(SECTORS)], "sources": cite()})
    _write_jsonl(out / "statements.jsonl", statements)
    return {"countries": countries, "people": len(people), "events": len(events), "agreements": len(agreements),
            "projects": len(projects), "observations": len(observations), "sources": len(sources),
            "relationships": len(relationships), "statements": len(statements)}


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
