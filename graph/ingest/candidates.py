"""Candidate records drawn from an article, sentence by sentence, by rules: a sentence with a word of
an event (visit, talks, summit, port call, ...) or of an agreement (exchange of notes, memorandum, ...)
and a linked participant becomes a candidate event or agreement, dated by the sentence (or the one
before it, else the article's month), with its places, participants, amounts and sectors. Each
candidate keeps its sentence as evidence (in the review file only) and the links with their
confidence; one that repeats a fact of the graph (same date, and participants or kind alike) is
marked as a duplicate of it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from ..dates import PartialDate
from ..namespaces import PREFIXES
from .dates import find_dates
from .extract import Article, NotAnArticle
from .link import Linker, Mention

EVENT_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("port-call", re.compile(r"\b(?:port calls?|port visits?|call(?:ed)? at|dock(?:ed|s|ing)?\b|docking)", re.I)),
    ("exercise", re.compile(r"\b(?:exercises?|drills?|joint training)\b", re.I)),
    ("summit", re.compile(r"\bsummit(?: meeting)?\b", re.I)),
    ("meeting", re.compile(r"\b(?:met|meets?|meetings?|talks|courtesy call|received|receives)\b", re.I)),
    ("conference", re.compile(r"\b(?:seminar|conference|forum|symposium|workshop)\b", re.I)),
    ("ceremony", re.compile(r"\b(?:ceremony|inaugurat\w+|groundbreaking|handover|laid a wreath|lay a wreath)\b", re.I)),
    ("visit", re.compile(r"\b(?:visit(?:s|ed|ing)?|trip to|travel(?:l)?ed to|arrived in)\b", re.I)),
    ("announcement", re.compile(r"\b(?:announced|announces|announcement)\b", re.I)),
]
"""Words of each event kind, the more specific first (a sentence gives one event)."""
AGREEMENT_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("exchange-of-notes", re.compile(r"\bexchange(?:s|d)? of notes\b|\bexchanged notes\b", re.I)),
    ("loan-agreement", re.compile(r"\bloan agreements?\b", re.I)),
    ("grant-agreement", re.compile(r"\bgrant agreements?\b", re.I)),
    ("memorandum", re.compile(r"\bmemorand(?:um|a) of (?:cooperation|understanding)\b|\bMo[UC]s?\b", re.I)),
    ("joint-statement", re.compile(r"\bjoint statement\b", re.I)),
    ("treaty", re.compile(r"\btreaty\b", re.I)),
    ("agreement", re.compile(r"\bsign(?:ed|s|ing)?\b.{0,60}\bagreements?\b", re.I)),
]
SECTOR_WORDS: dict[str, re.Pattern[str]] = {
    "defense": re.compile(r"\b(?:defen[cs]e|military|security|naval|navy|self-defen[cs]e)\b", re.I),
    "diplomacy": re.compile(r"\b(?:diplomatic|summit|foreign minist\w+|bilateral relations)\b", re.I),
    "economy": re.compile(r"\beconom(?:y|ic)\b", re.I),
    "investment": re.compile(r"\binvestments?\b", re.I),
    "trade": re.compile(r"\b(?:trade|free trade)\b", re.I),
    "tourism": re.compile(r"\btourism\b", re.I),
    "energy": re.compile(r"\b(?:energy|electricity|power)\b", re.I),
    "development-aid": re.compile(r"\b(?:grant aid|loans?|ODA|official development assistance)\b", re.I),
    "people-to-people": re.compile(r"\bpeople-to-people|exchanges between (?:the )?peoples?\b", re.I),
    "peacekeeping": re.compile(r"\bpeacekeeping\b", re.I),
    "demining": re.compile(r"\b(?:demining|mine action|landmines?)\b", re.I),
    "water": re.compile(r"\b(?:water supply|sewerage|wastewater)\b", re.I),
    "health": re.compile(r"\b(?:health|hospitals?|medical|vaccines?)\b", re.I),
    "education": re.compile(r"\b(?:education|scholarships?|students?|alumni)\b", re.I),
    "digital": re.compile(r"\bdigital\b", re.I),
    "infrastructure": re.compile(r"\b(?:infrastructure|bridges?|roads?)\b", re.I),
    "transport": re.compile(r"\b(?:transport|logistics|port)\b", re.I),
}
_CURRENCY = r"(?P<cur>JPY|USD|US\$|\$|¥|yen|Japanese Yen|US dollars|dollars|riels?|KHR)"
_NUMBER = r"(?P<num>\d[\d,]*(?:\.\d+)?)"
_SCALE = r"(?:\s*(?P<scale>million|billion|bn|m)\b)?"
AMOUNT = re.compile(
    rf"(?P<q>approximately|about|around|nearly|almost|over|more than|up to)?\s*(?:{_CURRENCY}\s?{_NUMBER}{_SCALE}"
    rf"|{_NUMBER.replace('num', 'num2')}{_SCALE.replace('scale', 'scale2')}\s*(?P<cur2>yen|Japanese Yen|JPY|USD|"
    r"US dollars|dollars|riels?)\b)", re.I)
_CODES = {"jpy": "JPY", "¥": "JPY", "yen": "JPY", "japanese yen": "JPY", "usd": "USD", "us$": "USD", "$": "USD",
          "us dollars": "USD", "dollars": "USD", "riel": "KHR", "riels": "KHR", "khr": "KHR"}
_SCALES = {"million": 10 ** 6, "m": 10 ** 6, "billion": 10 ** 9, "bn": 10 ** 9}
_QUALIFIERS = {"approximately": "about", "about": "about", "around": "about", "nearly": "almost",
               "almost": "almost", "over": "over", "more than": "over"}
_SENTENCE = re.compile(r"(?<=[.!?;:])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])|\n\s*\n|\n(?=\s*\(?\d+[.)]\s)")
_ABBREVIATIONS = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Gen|Lt|Col|Capt|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|"
                            r"Dec|U\.S|H\.E|E|Vol|approx)\.$")
_PROJECT = re.compile(r"\b(?:the\s+)?(Project (?:for|on) (?:the )?[A-Z][\w’'\-]*(?:\s+(?:of|and|for|in|the|[A-Z][\w’'\-]*"  # noqa: E501
                      r"|\([IVX]+\)))*)")
_SPEECH = re.compile(r"\b(?P<verb>propos(?:ed|ing)|called for|calling for|urged|urging|pledged|advocat\w+)\b", re.I)
_SPEAKS = re.compile(r"^[\s,]*(?:[^.,;]{0,60},\s*)?(?:noted|said|says|stated|told|added|explained|highlighted|"
                     r"stressed|emphasi[sz]ed|underlined|remarked|pointed out)\b")
"""A person followed by a verb of speech: the speaker of the sentence."""
_WISH = re.compile(r"\b(?:desire|would like|hopes?|hoped|wish|intends?|welcome)\b", re.I)


@dataclass
class Candidate:
    """A record drawn from an article, with what it was drawn from: the sentences, the links, the
    names the graph does not know, and the fact it repeats, if any."""

    kind: str  # the curated file's key: events, agreements, projects, statements, people, ...
    record: dict[str, Any]
    evidence: list[str] = field(default_factory=list)
    links: list[Mention] = field(default_factory=list)
    new_entities: list[Mention] = field(default_factory=list)
    duplicate_of: str | None = None
    similar: list[str] = field(default_factory=list)
    """Curated facts whose names are near this one's (graph/suggest.py): for the reviewer to compare."""


def sentences(text: str) -> list[str]:
    """The text's sentences (and list items), whitespace tidied."""
    parts: list[str] = []
    for chunk in _SENTENCE.split(text):
        chunk = " ".join(chunk.split())
        if not chunk:
            continue
        if parts and _ABBREVIATIONS.search(parts[-1]):
            parts[-1] += " " + chunk
        else:
            parts.append(chunk)
    return parts


def slug(text: str, limit: int = 6) -> str:
    ws = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    return "-".join(ws[:limit]) or "item"


def amounts(sentence: str) -> list[dict[str, Any]]:
    """The sums of money a sentence states, with currency, qualifier and role (a sum in brackets
    after another, "(approximately US$17 million)", is marked as the estimate converting it)."""
    out: list[dict[str, Any]] = []
    role = "loan" if re.search(r"\bloans?\b", sentence, re.I) and not re.search(r"\bgrant", sentence, re.I) else (
        "grant" if re.search(r"\bgrant", sentence, re.I) else None)
    for m in AMOUNT.finditer(sentence):
        num = m.group("num") or m.group("num2")
        cur = (m.group("cur") or m.group("cur2") or "").lower()
        scale = (m.group("scale") or m.group("scale2") or "").lower()
        if not num or cur not in _CODES:
            continue
        value = Decimal(num.replace(",", "")) * _SCALES.get(scale, 1)
        if value < 1000:
            continue
        amount: dict[str, Any] = {"value": int(value) if value == value.to_integral() else float(value),
                                  "currency": _CODES[cur]}
        before = sentence[max(0, m.start() - 2):m.start() + 1]
        qualifier = _QUALIFIERS.get((m.group("q") or "").lower())
        ceiling = (m.group("q") or "").lower() == "up to" or re.search(
            r"\bup to\b[^.;]{0,30}$", sentence[max(0, m.start() - 40):m.start()], re.I)
        if "(" in before and out:
            amount["role"] = "converted estimate"
            amount["converts"] = len(out)
        else:
            amount["role"] = f"{role} ceiling" if role and ceiling else (role or "grant")  # noqa: E501
        if qualifier:
            amount["qualifier"] = qualifier
        out.append(amount)
    return out


def _kind_of(sentence: str, table: list[tuple[str, re.Pattern[str]]]) -> tuple[str, re.Match[str]] | None:
    for kind, pattern in table:
        m = pattern.search(sentence)
        if m:
            return kind, m
    return None


def _sectors(sentence: str) -> list[str]:
    return [s for s, p in SECTOR_WORDS.items() if p.search(sentence)]


class Drafter:
    """Draws the candidates of one article against one build."""

    def __init__(self, store: ox.Store, article: Article):
        self.store = store
        self.article = article
        self.linker = Linker(store)
        self.citation: dict[str, Any] = {"url": article.url}
        if article.publisher:
            self.citation["publisher"] = article.publisher
        if article.date:
            self.citation["published"] = str(article.date)
        if article.title:
            self.citation["title"] = article.title

    def draft(self) -> list[Candidate]:
        """Every candidate of the article, in the order of the text; a NotAnArticle when the text
        names nothing the graph knows (another language, another subject)."""
        self.linker.mentions(self.article.text)  # learn the full names first
        events: list[Candidate] = []
        agreements: list[Candidate] = []
        others: list[Candidate] = []
        proposed: dict[str, Mention] = {}
        known = 0
        context: PartialDate | None = None
        for sentence in sentences(self.article.text):
            linked, unlinked = self.linker.mentions(sentence)
            known += len(linked)
            for m in unlinked:
                proposed.setdefault(m.text, m)
            found = find_dates(sentence, self.article.date)
            agreement = _kind_of(sentence, AGREEMENT_WORDS)
            event = _kind_of(sentence, EVENT_WORDS)
            trigger = (agreement or event)[1].start() if agreement or event else 0
            nearest = min(found, key=lambda f: abs(f.start - trigger)) if found else None  # the date of the act
            date = nearest.date if nearest else None
            end = nearest.end if nearest else None
            when = date or context
            if nearest and not nearest.relative and date is not None and date.precision == "day":
                context = date  # only a stated day carries to the next sentences
            people = [m for m in linked if m.linked and m.kind in ("people", "organisations")]
            places = [m for m in linked if m.linked and m.kind == "places"]
            countries = [m for m in linked if m.linked and m.kind == "countries"]
            speakers = [m for m in people if m.kind == "people" and _SPEAKS.match(sentence[m.end:])]
            if event and speakers:
                between = re.search(r"\bbetween\b", sentence[event[1].start():])
                if between:  # "X noted ... meetings between Y and Z": X reports, Y and Z met
                    after = event[1].start() + between.end()
                    people = [m for m in people if m.start >= after] or people
            reporting = [m for m in speakers if m not in people] if event else speakers
            if reporting and not agreement:
                talk = next((e for e in reversed(events) if e.record["kind"] == "conference"), None)
                if talk is not None:  # a speaker at the seminar the article is about
                    for m in reporting:
                        if m.linked not in talk.record["participants"]:
                            talk.record["participants"].append(m.linked)
                            talk.record.setdefault("roles", []).append({"who": m.linked, "role": "speaker"})
                    talk.evidence.append(sentence)
                    talk.links.extend(reporting)
            if agreement and (people or countries):
                agreements.append(self._agreement(agreement[0], sentence, when, linked, unlinked, countries))
            elif event and (any(m.kind == "people" for m in people) or (places or people) and event[0] in (
                    "port-call", "exercise", "conference", "ceremony")) and (found or not _WISH.search(sentence)):
                events.append(self._event(event[0], sentence, date, end, when, linked, unlinked, people, places))
            others.extend(self._projects(sentence, linked))
            others.extend(self._statements(sentence, date, linked))
        if not known:
            raise NotAnArticle(f"{self.article.file}: the text names nothing the graph knows "
                               "(another language, or not about the relationship); nothing written")
        out = _merged(events) + _merged(agreements) + others
        for c in out:
            c.duplicate_of = self._duplicate(c)
        out.extend(self._new_entities(proposed))
        return out

    def _base(self, title: str, sentence: str, linked: list[Mention], unlinked: list[Mention]) -> dict[str, Any]:
        return {"title": title, "sectors": _sectors(sentence) or ["diplomacy"], "sources": [dict(self.citation)]}

    def _dated(self, record: dict[str, Any], key: str, date: PartialDate | None, when: PartialDate | None) -> None:
        if date is not None:
            record[key] = str(date)
        elif when is not None:
            record[key] = str(when)
            record["note"] = "Dated by the sentence before it in the article; check."
        elif self.article.date is not None:
            record[key] = str(PartialDate(self.article.date.year, self.article.date.month))
            record["note"] = "The article gives no date; dated by its month of publication."

    def _event(self, kind: str, sentence: str, date: PartialDate | None, end: PartialDate | None,
               when: PartialDate | None, linked: list[Mention], unlinked: list[Mention], people: list[Mention],
               places: list[Mention]) -> Candidate:
        names = [m.text for m in people if m.kind == "people"][:2]
        where = places[0].text if places else ""
        title = f"{kind.replace('-', ' ').capitalize()}" + (f": {' and '.join(_bare(n) for n in names)}" if names
                                                             else "") + (f" in {where}" if where else "")
        record: dict[str, Any] = {"id": "", "title": title, "kind": kind}
        self._dated(record, "date", date, when)
        if end is not None:
            record["end"] = str(end)
        record["places"] = _unique(m.linked for m in places)
        record["participants"] = _unique(m.linked for m in people)
        record.update(self._base(title, sentence, linked, unlinked))
        record["id"] = slug(f"{kind} {' '.join(n.split()[-1] for n in names)} {record.get('date', '')}", 10)
        return Candidate("events", record, [sentence], linked, unlinked)

    def _agreement(self, kind: str, sentence: str, when: PartialDate | None, linked: list[Mention],
                   unlinked: list[Mention], countries: list[Mention]) -> Candidate:
        parties = _unique([*(m.linked for m in countries), "japan", "cambodia"])[:max(2, len(countries))]
        title = f"{kind.replace('-', ' ').capitalize()} between {' and '.join(p.title() for p in parties[:2])}"
        record: dict[str, Any] = {"id": "", "title": title, "kind": kind}
        self._dated(record, "signed", None, when)
        record["parties"] = parties
        signers = _unique(m.linked for m in linked if m.linked and m.kind == "people")
        if signers and re.search(r"\bsign", sentence, re.I):
            record["signatories"] = [{"person": p} for p in signers]
        found = amounts(sentence)
        if found:
            record["amounts"] = found
        record.update(self._base(title, sentence, linked, unlinked))
        record["id"] = slug(f"{kind} {record.get('signed', '')} {' '.join(parties)}", 10)
        return Candidate("agreements", record, [sentence], linked, unlinked)

    def _projects(self, sentence: str, linked: list[Mention]) -> list[Candidate]:
        out = []
        for m in _PROJECT.finditer(sentence):
            name = m.group(1).strip()
            ids, _step = self.linker.lookup(name)
            if ids:
                continue
            record: dict[str, Any] = {"id": slug(name.removeprefix("Project for the ").removeprefix("Project for "), 8),
                                      "title": name, "funders": ["japan"]}
            found = [a for a in amounts(sentence) if a["role"] != "converted estimate"]
            if found:
                record["amounts"] = found[:1]
            record["sectors"] = _sectors(sentence) or ["development-aid"]
            record["sources"] = [dict(self.citation)]
            out.append(Candidate("projects", record, [sentence], linked, similar=self._similar(name)))
        return out

    def _similar(self, name: str) -> list[str]:
        """Identifiers of curated projects whose names are near `name` (its "Project for" dropped)."""
        from ..namespaces import CJ, CJD
        from ..suggest import close_matches

        index = self.linker.index
        names: dict[str, str] = {}
        for label, e in index.names:
            if CJ + "Project" in index.classes.get(e, ()) and e.startswith(CJD):
                names.setdefault(label, e.removeprefix(CJD))
        bare = re.sub(r"^Project (?:for|on) (?:the )?", "", name)
        return _unique(names[n] for n in close_matches(bare, names, n=3, cutoff=0.6))

    def _statements(self, sentence: str, date: PartialDate | None, linked: list[Mention]) -> list[Candidate]:
        m = _SPEECH.search(sentence)
        speakers = [x for x in linked if x.linked and x.kind == "people" and x.start < (m.start() if m else 0)]
        if not m or not speakers:
            return []
        subject = speakers[-1].linked
        objects = [x for x in linked if x.linked and x.start > m.end() and x.linked != subject]
        record: dict[str, Any] = {"id": slug(f"{subject} {m.group('verb')} {self.article.date or ''}", 12),
                                  "subject": subject, "relation": m.group("verb").lower()}
        if objects:
            record["object"] = objects[0].linked
        else:
            record["object_text"] = sentence[m.end():].strip(" .")[:120] or "(see evidence)"
        when = date or (PartialDate(self.article.date.year, self.article.date.month) if self.article.date else None)
        if when:
            record["date"] = str(when)
        record["sectors"] = _sectors(sentence) or ["diplomacy"]
        record["sources"] = [dict(self.citation)]
        return [Candidate("statements", record, [sentence], linked)]

    def _new_entities(self, proposed: dict[str, Mention]) -> list[Candidate]:
        out = []
        for name, m in proposed.items():
            record: dict[str, Any] = {"id": slug(name, 8), "name": name}
            if m.kind == "organisations":
                record["kind"] = "organisation"
            out.append(Candidate(m.kind or "organisations", record, [], [], [m]))
        return out

    def _duplicate(self, c: Candidate) -> str | None:
        """The fact of the graph this candidate repeats: an event on the same date (to its precision)
        with the same kind or two of the same participants, an agreement signed the same day of
        the same kind."""
        rec = c.record
        if c.kind == "events" and rec.get("date") and rec["participants"]:
            date = PartialDate.parse(rec["date"])
            values = " ".join(f"cjd:{p}" for p in rec["participants"])
            rows = self.store.query(f"""SELECT ?id ?d ?kind (COUNT(DISTINCT ?p) AS ?n) WHERE {{
                VALUES ?p {{ {values} }} ?e cj:participant ?p ; cj:date ?d ; dct:identifier ?id ; a ?k .
                ?k rdfs:label ?kind FILTER (lang(?kind) = "en")
                FILTER (?d >= "{date.first_day()}"^^xsd:date && ?d <= "{date.last_day()}"^^xsd:date) }}
                GROUP BY ?id ?d ?kind ORDER BY DESC(?n) ?id""", prefixes=PREFIXES)
            for r in rows:
                same_kind = r["kind"].value.lower().replace(" ", "-") == rec["kind"]
                shared = int(r["n"].value)
                if (same_kind and date.precision == "day" or shared >= 2 and date.precision != "year"
                        or shared >= 2 and same_kind):
                    return r["id"].value
        if c.kind == "agreements" and rec.get("signed"):
            date = PartialDate.parse(rec["signed"])
            if date.precision != "day":
                return None
            rows = self.store.query(f"""SELECT ?id ?kind WHERE {{ ?e cj:dateSigned "{date.first_day()}"^^xsd:date ;
                dct:identifier ?id ; a ?k . ?k rdfs:label ?kind FILTER (lang(?kind) = "en") }} ORDER BY ?id""",
                                    prefixes=PREFIXES)
            for r in rows:
                if r["kind"].value.lower().replace(" ", "-") == rec["kind"]:
                    return r["id"].value
        return None


def _bare(name: str) -> str:
    from ..resolve import HONORIFICS
    ws = name.split()
    while len(ws) > 2 and ws[0].lower().strip(".") in HONORIFICS | {"h.e", "moha", "borvor", "thipadei"}:
        ws = ws[1:]
    return " ".join(ws)


def _unique(values: Any) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def _merged(found: list[Candidate]) -> list[Candidate]:
    """Candidates of one kind on compatible dates with a participant (or party) in common are one
    fact told in several sentences: kept once, with every sentence, the participants joined and the
    more precise date."""
    out: list[Candidate] = []
    for c in found:
        key = "date" if c.kind == "events" else "signed"
        who = "participants" if c.kind == "events" else "parties"
        for o in out:
            if o.record["kind"] != c.record["kind"]:
                continue
            a, b = str(o.record.get(key, "")), str(c.record.get(key, ""))
            if not (a.startswith(b) or b.startswith(a)):
                continue
            if c.kind == "events" and not (set(o.record[who]) & set(c.record[who])
                                           or set(o.record["places"]) & set(c.record["places"])
                                           or a == b and len(a) == 10):
                continue
            if len(b) > len(a):
                o.record[key] = b
                o.record.pop("note", None)
            for field_ in (who, "places", "sectors"):
                for v in c.record.get(field_, []):
                    if v not in o.record.setdefault(field_, []):
                        o.record[field_].append(v)
            for field_ in ("signatories", "amounts", "end"):
                if c.record.get(field_) and not o.record.get(field_):
                    o.record[field_] = c.record[field_]
            o.evidence.extend(c.evidence)
            o.links.extend(c.links)
            break
        else:
            out.append(c)
    return out
