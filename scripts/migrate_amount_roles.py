# ruff: noqa: E501  (the table keeps each role string and its split on one entry)
"""Run once (issue 13): turn the free-text `role` of every curated amount into a concept of the
amount-role scheme (ontology/amount-roles.ttl), with what the string said beyond the role kept in the
amount's `date`, `qualifier`, `note` or `converts`, and a conversion it gave in words
("about USD 9 million") as an amount of its own.

Rewrites the one-line amounts (`- {value: ..., currency: ..., role: ...}`) in place and leaves every
other line alone. Roles that are already a concept are kept, so running it twice changes nothing; a
role string it does not know is reported and left as it is, for the loader to reject.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "graph" / "data"
LINE = re.compile(r"^(?P<indent>\s*)- \{value: (?P<value>[0-9.]+), currency: (?P<currency>[A-Z]{3}), "
                  r"role: (?P<role>.*?)(?P<rest>(?:, (?:date|qualifier|note|converts): .*)?)\}$")
ROLES = {"grant", "grant ceiling", "loan", "loan ceiling", "project cost", "disbursed", "pledged",
         "contribution", "equipment value", "converted estimate", "investment"}
CONV = "converted estimate"

# role string -> role, and optionally qualifier, date, note, and a conversion the string stated
# (value, currency, qualifier) which becomes an amount of its own.
MAP: dict[str, dict] = {
    "approximate USD value as reported": dict(role=CONV, qualifier="about"),
    "approximate USD value as reported (loan)": dict(role=CONV, qualifier="about", note="of the loan"),
    "approximate USD value as reported (grant)": dict(role=CONV, qualifier="about", note="of the grant"),
    "approximate USD value as reported (Svay Rieng grant)": dict(role=CONV, qualifier="about",
                                                                 note="of the Svay Rieng grant"),
    "yen loan (dollar equivalent)": dict(role=CONV, note="dollar equivalent of the yen loan"),
    "concessional yen loan (dollar equivalent)": dict(role=CONV, note="dollar equivalent of the concessional yen loan"),
    "grant aid for construction (dollar equivalent)": dict(role=CONV, note="dollar equivalent of the construction grant"),
    "loan ceiling": dict(role="loan ceiling"),
    "loan": dict(role="loan"),
    "grant ceiling": dict(role="grant ceiling"),
    "grant": dict(role="grant"),
    "grant, project cost of phases I and II": dict(role="grant", note="project cost of phases I and II"),
    "grant, March 2017": dict(role="grant", date="2017-03"),
    "grant, Economic and Social Development Programme": dict(role="grant",
                                                             note="Economic and Social Development Programme"),
    "grant, Project for Human Resource Development Scholarship (JDS)": dict(
        role="grant", note="Project for Human Resource Development Scholarship (JDS)"),
    "yen loan under consideration for fiscal 1999": dict(role="loan", note="yen loan under consideration for fiscal 1999"),
    "yen loan pledged in December 2011": dict(role="pledged", date="2011-12", note="yen loan"),
    "yen loan (up to)": dict(role="loan ceiling", note="yen loan"),
    "total cost of the southern and middle sections": dict(role="project cost",
                                                           note="southern and middle sections together"),
    "total cost (over)": dict(role="project cost", qualifier="over"),
    "total cost": dict(role="project cost"),
    "reported investment": dict(role="investment", note="as reported"),
    "project cost (about)": dict(role="project cost", qualifier="about"),
    "project cost": dict(role="project cost"),
    "plant investment": dict(role="investment", note="investment in the plant"),
    "planned investment announced in December 2010 (about 60 million USD)": dict(
        role="investment", date="2010-12", note="planned investment as announced",
        also=("60000000", "USD", "about")),
    "planned cost (2008 report)": dict(role="project cost", date="2008", note="planned cost, as a 2008 report gave it"),
    "grant package total": dict(role="grant", note="total of the grant package"),
    "grant for two bridges on National Road 1 (Phnom Penh–Neak Loeung)": dict(
        role="grant", note="two bridges on National Road 1 (Phnom Penh–Neak Loeung)"),
    "grant for three bridges on National Road 23": dict(role="grant", note="three bridges on National Road 23"),
    "grant for the five bridges": dict(role="grant", note="all five bridges"),
    "grant for rehabilitation": dict(role="grant", note="for the rehabilitation"),
    "grant ceiling after revision": dict(role="grant ceiling", note="the ceiling after the revision"),
    "grant aid for restoration": dict(role="grant", note="for the restoration"),
    "grant aid for construction": dict(role="grant", note="for the construction"),
    "grant agreed in June 2010": dict(role="grant", date="2010-06", note="agreed"),
    "grant (up to)": dict(role="grant ceiling"),
    "estimated cost": dict(role="project cost", note="an estimate"),
    "cost of the southern section": dict(role="project cost", note="southern section"),
    "cost of the middle section": dict(role="project cost", note="middle section"),
    "cost (Japanese soft loan through JICA)": dict(role="project cost", note="financed by a Japanese soft loan through JICA"),
    "construction cost (Okada's figure)": dict(role="project cost", note="construction cost, as Okada gave it"),
    "concessional loan for phase 1 (notes of August 2022)": dict(
        role="loan", date="2022-08", note="concessional loan for phase 1, under the exchange of notes"),
    "budgeted cost": dict(role="project cost", note="as budgeted"),
    "additional loan ceiling": dict(role="loan ceiling", note="an additional loan"),
    "ODA loan signed in August 2017": dict(role="loan", date="2017-08", note="ODA loan, signed"),
    "ODA loan cost of phase 1 (Estatedia)": dict(role="loan", note="ODA loan cost of phase 1, as Estatedia gave it"),
    "Japanese grant": dict(role="grant"),
    "Japanese funds spent on the bridge (Phnom Penh Press)": dict(
        role="disbursed", note="Japanese funds spent on the bridge, as the Phnom Penh Press gave them"),
    "Japanese funding stated at the groundbreaking (over)": dict(
        role="grant", qualifier="over", note="Japanese funding stated at the groundbreaking"),
    "Japanese concessional loans for the 330.89 km Prek Kdam–Serei Saophoan stretch": dict(
        role="loan", note="Japanese concessional loans for the Prek Kdam–Serei Saophoan stretch"),
    "Japanese concession loan share (about)": dict(role="loan", qualifier="about", note="Japan's share of the cost"),
    "JICA funding (approximately)": dict(role="contribution", qualifier="about", note="JICA funding"),
    "Cambodian national budget": dict(role="contribution", note="from Cambodia's national budget"),
    "Cambodian government contribution (almost)": dict(role="contribution", qualifier="almost",
                                                       note="the Cambodian government's share"),
    "value of the equipment (nearly)": dict(role="equipment value", qualifier="almost"),
    "total spent, Phases I to V": dict(role="disbursed", note="Phases I to V together"),
    "total of the two grants": dict(role="grant", note="the two grants together"),
    "second loan (stage II), April 2018": dict(role="loan", date="2018-04", note="second loan (stage II)"),
    "loans (about)": dict(role="loan", qualifier="about", note="the loans together"),
    "loan, Siem Reap Water Supply Expansion Project (II) (approximate)": dict(
        role="loan", qualifier="about", note="Siem Reap Water Supply Expansion Project (II)"),
    "loan, COVID-19 Crisis Response Emergency Support Loan": dict(
        role="loan", note="COVID-19 Crisis Response Emergency Support Loan"),
    "loan ceiling, West Tonle Sap Irrigation and Drainage Rehabilitation and Improvement Project (II)": dict(
        role="loan ceiling", note="West Tonle Sap Irrigation and Drainage Rehabilitation and Improvement Project (II)"),
    "loan ceiling, Phnom Penh City Transmission and Distribution System Expansion Project (phase 2)": dict(
        role="loan ceiling", note="Phnom Penh City Transmission and Distribution System Expansion Project (phase 2)"),
    "grants, total": dict(role="grant", note="the grants together"),
    "grants, total (approximate)": dict(role="grant", qualifier="about", note="the grants together"),
    "grants, Economic and Social Development Programme (approximate)": dict(
        role="grant", qualifier="about", note="Economic and Social Development Programme grants"),
    "grant, transparency and accountability of local administration": dict(
        role="grant", note="transparency and accountability of local administration"),
    "grant, rural renewable energy project": dict(role="grant", note="rural renewable energy project"),
    "grant, police and immigration equipment": dict(role="grant", note="police and immigration equipment"),
    "grant, improvement of referral hospitals in Siem Reap province": dict(
        role="grant", note="improvement of referral hospitals in Siem Reap province"),
    "grant, demining and mine victim assistance (approximate)": dict(
        role="grant", qualifier="about", note="demining and mine victim assistance"),
    "grant, Project for the Improvement of Infectious Waste Management": dict(
        role="grant", note="Project for the Improvement of Infectious Waste Management"),
    "grant, Phnom Penh flood protection and drainage (phase IV)": dict(
        role="grant", note="Phnom Penh flood protection and drainage (phase IV)"),
    "grant, March 2025": dict(role="grant", date="2025-03"),
    "grant, Kampong Thom water supply expansion": dict(role="grant", note="Kampong Thom water supply expansion"),
    "grant, July 2024 (about)": dict(role="grant", qualifier="about", date="2024-07"),
    "grant, Economic and Social Development Programme (container freight station)": dict(
        role="grant", note="Economic and Social Development Programme (container freight station)"),
    "grant, Battambang Provincial Referral Hospital": dict(role="grant", note="Battambang Provincial Referral Hospital"),
    "grant through the UNESCO/Japanese Funds-in-Trust": dict(role="grant", note="through the UNESCO/Japanese Funds-in-Trust"),
    "grant through the Japan-ASEAN Integration Fund (approx.)": dict(
        role="grant", qualifier="about", note="through the Japan-ASEAN Integration Fund"),
    "grant for the training complex and outreach facility": dict(role="grant",
                                                                  note="the training complex and outreach facility"),
    "grant for the third year (over)": dict(role="grant", qualifier="over", note="the third year"),
    "grant for the second year (just over)": dict(role="grant", qualifier="over", note="the second year (just over)"),
    "grant for the first year of both projects (approx.)": dict(role="grant", qualifier="about",
                                                                 note="the first year of both projects"),
    "grant for South-South cooperation training capacity": dict(role="grant",
                                                                 note="South-South cooperation training capacity"),
    "grant ceiling, three projects": dict(role="grant ceiling", note="the three projects together"),
    "grant ceiling, port electronic data interchange system": dict(role="grant ceiling",
                                                                   note="port electronic data interchange system"),
    "grant ceiling, both projects": dict(role="grant ceiling", note="both projects together"),
    "grant ceiling, Project for Expansion of Water Supply System in Svay Rieng": dict(
        role="grant ceiling", note="Project for Expansion of Water Supply System in Svay Rieng"),
    "grant ceiling, Kampot water supply expansion": dict(role="grant ceiling", note="Kampot water supply expansion"),
    "grant ceiling, 2022 exchange of notes (about USD 17 million)": dict(
        role="grant ceiling", date="2022", note="under the exchange of notes", also=("17000000", "USD", "about")),
    "grant and loans, total as reported": dict(role="grant", note="the grant and the loans together, as reported"),
    "grant agreement (up to), October 2017": dict(role="grant ceiling", date="2017-10", note="grant agreement"),
    "grant (up to), November 2016": dict(role="grant ceiling", date="2016-11"),
    "grant (up to), December 2023": dict(role="grant ceiling", date="2023-12"),
    "grant (over)": dict(role="grant", qualifier="over"),
    "grant (more than this)": dict(role="grant", qualifier="over"),
    "grant (about), June 2025": dict(role="grant", qualifier="about", date="2025-06"),
    "grant (about USD 9 million)": dict(role="grant", also=("9000000", "USD", "about")),
    "further loan, September 2024 (about 55 million USD)": dict(
        role="loan", date="2024-09", note="a further loan", also=("55000000", "USD", "about")),
    "further grant, March 2025 exchange of notes": dict(role="grant", date="2025-03",
                                                         note="a further grant, under the exchange of notes"),
    "first loan (stage I), March 2015": dict(role="loan", date="2015-03", note="first loan (stage I)"),
    "concessional yen loan, March 2024": dict(role="loan", date="2024-03", note="concessional yen loan"),
    "concessional loan, total": dict(role="loan", note="concessional loans together"),
    "additional loan for the Thlea Ma'am–Battambang and Sri Sophorn–Poipet sections, July 2024": dict(
        role="loan", date="2024-07", note="additional loan for the Thlea Ma'am–Battambang and Sri Sophorn–Poipet sections"),
    "ODA loan, Thlea Ma'am–Battambang and Sri Sophorn–Poipet sections (II), March 2020": dict(
        role="loan", date="2020-03", note="ODA loan, Thlea Ma'am–Battambang and Sri Sophorn–Poipet sections (II)"),
    "ODA loan, Prek Kdam–Thlea Ma'am section (III), March 2020": dict(
        role="loan", date="2020-03", note="ODA loan, Prek Kdam–Thlea Ma'am section (III)"),
    "ODA loan (section II), March 2017": dict(role="loan", date="2017-03", note="ODA loan (section II)"),
}
"""A role string the sources' wording put a conversion "(grant)" or a value "(over)" into is split
here by hand, one entry per distinct string found in the data in 2026-12."""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _amount(indent: str, value: str, currency: str, role: str, **extra: str | int | None) -> str:
    parts = [f"value: {value}", f"currency: {currency}", f"role: {role}"]
    for key in ("date", "qualifier", "converts", "note"):
        v = extra.get(key)
        if v is not None:
            parts.append(f"{key}: {_quote(v) if key == 'note' else v}")
    return f"{indent}- {{{', '.join(parts)}}}"


def migrate_text(text: str, unknown: set[str]) -> str:
    out: list[str] = []
    index = 0  # the 1-based place of the next amount in the current list
    last_source = 0  # the place of the last amount that is not a conversion
    for line in text.splitlines():
        if re.match(r"^\s*amounts:\s*$", line):
            index, last_source = 0, 0
        m = LINE.match(line)
        if not m:
            out.append(line)
            continue
        index += 1
        role = m["role"].strip()
        if role.startswith('"') and role.endswith('"'):
            role = role[1:-1]
        if role in ROLES or m["rest"]:
            out.append(line)
            if role != CONV:
                last_source = index
            continue
        spec = MAP.get(role)
        if spec is None:
            unknown.add(role)
            out.append(line)
            continue
        converts = last_source if spec["role"] == CONV and last_source else None
        out.append(_amount(m["indent"], m["value"], m["currency"], spec["role"], date=spec.get("date"),
                           qualifier=spec.get("qualifier"), converts=converts, note=spec.get("note")))
        if spec["role"] != CONV:
            last_source = index
        if "also" in spec:
            value, currency, qualifier = spec["also"]
            out.append(_amount(m["indent"], value, currency, CONV, qualifier=qualifier, converts=index))
            index += 1
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def main() -> int:
    unknown: set[str] = set()
    for path in sorted(DATA.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        new = migrate_text(text, unknown)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"migrated {path.relative_to(DATA)}")
    for role in sorted(unknown):
        print(f"unknown role left as it is: {role!r}", file=sys.stderr)
    return 1 if unknown else 0


if __name__ == "__main__":
    raise SystemExit(main())
