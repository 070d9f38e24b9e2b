"""Catalog -> RDF triples (N-Triples lines), remembering which curated record each subject came from.

IRIs are minted from curated identifiers (cjd:<id>) so they stay stable across builds; sub-records
(terms, signatures, amounts, disagreements) hang below their parent's IRI; sources are keyed by a hash
of their URL. No blank nodes, so serialisations are deterministic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import evidence
from . import records as R
from .dates import PartialDate
from .loader import Catalog, Located, SourceInfo, record_name
from .namespaces import CJ, CJD, DCT, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, XSD
from .ontology import vocabulary
from .records import field_of

_PRECISION = {"month": f"<{TIME}unitMonth>", "year": f"<{TIME}unitYear>"}
# N-Triples string escapes: quote, backslash, line ends, and the other control characters as UCHAR.
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"})
_CLASS = {
    "countries": CJ + "Country",
    "people": CJ + "Person",
    "offices": CJ + "Office",
    "places": CJ + "Place",
    "frameworks": CJ + "Framework",
    "series": CJ + "EventSeries",
    "shareholdings": CJ + "Shareholding",
    "vessels": CJ + "Vessel",
    "measures": CJ + "Measure",
    "relationships": CJ + "Relationship",
    "stages": CJ + "RelationshipStage",
    "projects": CJ + "Project",
    "observations": CJ + "Observation",
    "statements": CJ + "Statement",
}
# The curated field a disagreement names -> the property it disputes.
FIELD_PROPERTY = {
    "date": CJ + "date", "end": CJ + "endDate", "start": CJ + "startDate", "signed": CJ + "dateSigned",
    "in_force": CJ + "dateInForce", "opened": CJ + "openingDate", "places": CJ + "place",
    "participants": CJ + "participant", "vessels": CJ + "vessel", "parties": CJ + "party", "amounts": CJ + "amount",
    "value": CJ + "value", "year": CJ + "year", "title": RDFS + "label", "name": RDFS + "label",
    "signatories": CJ + "signedBy", "funders": CJ + "funder", "implementers": CJ + "implementer",
    "status": CJ + "status", "office": CJ + "office", "outcomes": CJ + "outcome", "unit": CJ + "unit",
}


def n(iri: str) -> str:
    """An IRI in N-Triples form."""
    return f"<{iri}>"


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal in N-Triples form (plain strings carry no datatype, as in canonical N-Triples)."""
    text = '"' + value.translate(_ESCAPES) + '"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{datatype}>" if datatype else text


def data_iri(ident: str) -> str:
    return CJD + ident


def sub_iri(parent: str, *parts: object) -> str:
    """IRI of a part of a record. "_" never occurs in curated ids, so sub-IRIs cannot collide with them."""
    return "_".join([parent, *(str(p) for p in parts)])


def source_iri(url: str) -> str:
    return CJD + "source_" + hashlib.sha1(url.encode()).hexdigest()[:16]


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "x"


def publisher_iri(name: str) -> str:
    return CJD + "publisher_" + _slug(name) + "-" + hashlib.sha1(name.encode()).hexdigest()[:6]


def _lang_of(text: str) -> str:
    """Tag aliases by script: Khmer, Japanese, else English."""
    for ch in text:
        o = ord(ch)
        if 0x1780 <= o <= 0x17FF:
            return "km"
        if 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF:
            return "ja"
    return "en"


def period_span(period: str) -> tuple[dt.date, dt.date, str]:
    """First day, last day and unit of an observation's period: a fiscal year of Japan runs from
    1 April to 31 March."""
    if period.startswith("FY"):
        year = int(period[2:])
        return dt.date(year, 4, 1), dt.date(year + 1, 3, 31), CJ + "unitFiscalYear"
    d = PartialDate.parse(period)
    return d.first_day(), d.last_day(), TIME + ("unitYear" if d.precision == "year" else "unitMonth")


def decimal_lexical(value: Decimal | int | float) -> str:
    """The XSD 1.1 canonical form of a decimal (an integer without a decimal point), as Oxigraph stores it."""
    return format(Decimal(str(value)).normalize(), "f")


Origin = tuple[str, int, str]
"""Where a subject was curated: file, line, record identifier."""


@dataclass
class Built:
    """The triples of some curated records, and where each subject came from (for error reports)."""

    triples: list[str] = field(default_factory=list)  # N-Triples lines, without the final newline
    origin: dict[str, Origin] = field(default_factory=dict)
    per_class: Counter = field(default_factory=Counter)  # curated resources by their class
    entities: int = 0
    facts: int = 0
    labels: dict[str, str] = field(default_factory=dict)  # the labels of records the triples spell out


class _Emitter:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.out = Built()
        self.vocab = vocabulary()

    def label(self, ident: str) -> str:
        """Another record's label, remembered: a rebuild re-emits these triples when it changes."""
        text = self.out.labels[ident] = self.catalog.label(ident)
        return text

    # -- primitives --
    def add(self, s: str, p: str, o: str) -> None:
        """One triple; `o` is already in N-Triples form (n(iri) or literal(...))."""
        self.out.triples.append(f"<{s}> <{p}> {o} .")

    def ref(self, s: str, p: str, ident: str | None) -> None:
        if ident is not None:
            self.add(s, p, n(data_iri(ident)))

    def refs(self, s: str, p: str, idents: list[str]) -> None:
        for i in idents:
            self.ref(s, p, i)

    def text(self, s: str, p: str, value: str | None, lang: str | None = None) -> None:
        if value is not None:
            self.add(s, p, literal(value, lang))

    def typed(self, s: str, p: str, value: str, datatype: str) -> None:
        self.add(s, p, literal(value, datatype=datatype))

    def date(self, s: str, prop: str, value: PartialDate | None, end: bool = False) -> None:
        if value is None:
            return
        day = value.last_day() if end else value.first_day()
        self.typed(s, CJ + prop, day.isoformat(), XSD + "date")
        if value.precision in _PRECISION:
            self.add(s, CJ + prop + "Precision", _PRECISION[value.precision])

    def sectors(self, s: str, values: list[str]) -> None:
        for v in values:
            self.add(s, CJ + "sector", n(self.vocab.sectors[v]))

    def cite(self, s: str, citations: list[R.Citation]) -> None:
        for c in citations:
            self.add(s, PROV + "wasDerivedFrom", n(source_iri(c.url)))

    def subject(self, iri: str, loc: Located, path: tuple = (), cls: str | None = None) -> None:
        if iri not in self.out.origin:
            self.out.origin[iri] = (loc.file, loc.line_of(*path), field_of(loc.record, "id") or "")
        if cls:
            self.add(iri, RDF + "type", n(cls))
            self.out.per_class[cls] += 1
        self.text(iri, CJ + "curatedIn", loc.file)

    # -- shared parts --
    def entity(self, loc: Located, cls: str) -> str:
        rec = loc.record
        iri = data_iri(rec.id)
        self.subject(iri, loc, (), cls)
        self.out.entities += 1
        self.text(iri, DCT + "identifier", rec.id)
        self.text(iri, RDFS + "label", rec.name, "en")
        self.text(iri, RDFS + "label", rec.name_ja, "ja")
        self.text(iri, RDFS + "label", rec.name_km, "km")
        for alias in rec.aliases:
            self.text(iri, SKOS + "altLabel", alias, _lang_of(alias))
        self.text(iri, DCT + "description", rec.description, "en")
        self.text(iri, SKOS + "note", rec.note, "en")
        for uri in rec.same_as:
            self.add(iri, SCHEMA + "sameAs", n(uri))
        self.cite(iri, rec.sources)
        self.quantities(iri, loc, (), rec)
        return iri

    def fact(self, iri: str, loc: Located, path: tuple, cls: str, rec: Any, label: str, ident: str | None) -> None:
        self.subject(iri, loc, path, cls)
        self.out.facts += 1
        self.text(iri, DCT + "identifier", ident or iri[len(CJD):])
        self.text(iri, RDFS + "label", label, "en")
        computed = evidence.weigh((c.url for c in rec.sources), self.catalog.sources).level
        self.text(iri, CJ + "confidence", evidence.effective(computed, rec.confidence))
        self.text(iri, CJ + "computedConfidence", computed)
        self.text(iri, CJ + "confidenceReason", rec.confidence_reason, "en")
        self.text(iri, DCT + "description", rec.description, "en")
        self.text(iri, SKOS + "note", rec.note, "en")
        self.sectors(iri, rec.sectors)
        self.cite(iri, rec.sources)
        self.quantities(iri, loc, path, rec)
        for i, d in enumerate(rec.disputes, 1):
            diri = sub_iri(iri, f"disagreement-{i}")
            self.subject(diri, loc, (*path, "disputes", i - 1), CJ + "Disagreement")
            self.ref(diri, CJ + "disagreementOn", iri[len(CJD):])
            if d.field in FIELD_PROPERTY:
                self.add(diri, CJ + "disputedProperty", n(FIELD_PROPERTY[d.field]))
            self.text(diri, CJ + "alternativeValue", d.value)
            self.text(diri, RDFS + "label", f"Disagreement on {label}" + (f" ({d.field})" if d.field else ""), "en")
            self.text(diri, RDFS + "comment", d.note, "en")
            self.cite(diri, d.sources)

    def quantities(self, iri: str, loc: Located, path: tuple, rec: Any) -> None:
        """schema:QuantitativeValue nodes below the record, cited by their own sources or else by the
        record's."""
        for i, q in enumerate(field_of(rec, "quantities", ()), 1):
            qiri = sub_iri(iri, f"quantity-{i}")
            self.subject(qiri, loc, (*path, "quantities", i - 1), SCHEMA + "QuantitativeValue")
            self.add(iri, CJ + "quantity", n(qiri))
            self.typed(qiri, SCHEMA + "value", decimal_lexical(q.value), XSD + "decimal")
            self.text(qiri, SCHEMA + "unitCode", q.unit)
            self.add(qiri, CJ + "quantityKind", n(self.vocab.quantity_kinds[q.kind]))
            self.text(qiri, CJ + "qualifier", q.qualifier)
            self.date(qiri, "date", q.date)
            self.text(qiri, SKOS + "note", q.note, "en")
            self.cite(qiri, q.sources or rec.sources)
            self.text(qiri, RDFS + "label", f"{q.kind}: {decimal_lexical(q.value)} {R.UNIT_CODES[q.unit]}", "en")

    def amounts(self, iri: str, loc: Located, amounts: list[R.Amount]) -> None:
        for i, a in enumerate(amounts, 1):
            airi = sub_iri(iri, f"amount-{i}")
            self.subject(airi, loc, ("amounts", i - 1), SCHEMA + "MonetaryAmount")
            self.add(iri, CJ + "amount", n(airi))
            self.typed(airi, SCHEMA + "value", decimal_lexical(a.value), XSD + "decimal")
            self.text(airi, SCHEMA + "currency", a.currency)
            self.add(airi, CJ + "amountRole", n(self.vocab.amount_roles[a.role]))
            self.date(airi, "date", a.date)
            self.text(airi, CJ + "qualifier", a.qualifier)
            if a.converts is not None:
                self.add(airi, CJ + "convertedFrom", n(sub_iri(iri, f"amount-{a.converts}")))
            self.text(airi, SKOS + "note", a.note, "en")
            self.text(airi, RDFS + "label", f"{decimal_lexical(a.value)} {a.currency} ({a.role})", "en")

    # -- kinds --
    def records(self, files: Set[str] | None = None) -> dict[str, Built]:
        """The triples of the records of some files (default: all), file by file."""
        c = self.catalog
        built = {rel: Built() for rel in (c.files if files is None else files)}
        for kind in ("countries", "people", "terms", "organisations", "offices", "places", "frameworks", "series",
                     "vessels", "measures", "relationships", "events", "agreements", "projects", "observations",
                     "shareholdings", "statements"):
            for loc in sorted(c.by_kind.get(kind, []), key=record_name):
                if loc.file in built:
                    self.out = built[loc.file]
                    getattr(self, "_" + kind)(loc)
        return built

    def _countries(self, loc: Located) -> None:
        iri = self.entity(loc, _CLASS["countries"])
        self.text(iri, CJ + "isoCode", loc.record.iso)

    def _people(self, loc: Located) -> None:
        rec = loc.record
        iri = self.entity(loc, _CLASS["people"])
        self.ref(iri, CJ + "country", rec.nationality)
        if rec.birth_year is not None:
            self.typed(iri, SCHEMA + "birthDate", f"{rec.birth_year:04d}", XSD + "gYear")
        for title in rec.titles:
            self.text(iri, SCHEMA + "honorificPrefix", title, _lang_of(title))
        for t, term in enumerate(rec.terms):
            self.term(iri, rec.name, term, loc, ("terms", t))

    def _terms(self, loc: Located) -> None:
        rec = loc.record
        self.term(data_iri(rec.person), self.label(rec.person), rec, loc, ())

    def term(self, person: str, name: str, term: Any, loc: Located, path: tuple) -> None:
        first = min(term.attested, key=PartialDate.first_day) if term.attested else None
        last = max(term.attested, key=PartialDate.last_day) if term.attested else None
        when = term.start or first or term.end
        tiri = sub_iri(person, "term", term.office, when)
        label = f"{name} as {self.label(term.office)}"
        self.fact(tiri, loc, path, CJ + "TermOfOffice", term, label, None)
        self.add(tiri, ORG + "member", n(person))
        self.ref(tiri, CJ + "office", term.office)
        self.ref(person, ORG + "holds", term.office)
        self.date(tiri, "startDate", term.start)
        self.date(tiri, "endDate", term.end, end=True)
        if term.acting:
            self.typed(tiri, CJ + "acting", "true", XSD + "boolean")
        if term.co_holder:
            self.typed(tiri, CJ + "coHolder", "true", XSD + "boolean")
        if term.attested:
            self.typed(tiri, CJ + "attestedFrom", first.first_day().isoformat(), XSD + "date")
            self.typed(tiri, CJ + "attestedUntil", last.last_day().isoformat(), XSD + "date")

    def _organisations(self, loc: Located) -> None:
        rec = loc.record
        iri = self.entity(loc, self.vocab.organisation_kinds[rec.kind])
        self.ref(iri, CJ + "country", rec.country)
        self.ref(iri, ORG + "subOrganizationOf", rec.parent)
        self.sectors(iri, rec.sectors)

    def _offices(self, loc: Located) -> None:
        rec = loc.record
        iri = self.entity(loc, _CLASS["offices"])
        self.ref(iri, ORG + "postIn", rec.organisation)
        self.ref(iri, CJ + "jurisdiction", rec.jurisdiction)
        self.typed(iri, CJ + "singleHolder", "true" if rec.single_holder else "false", XSD + "boolean")
        self.ref(iri, CJ + "formOf", rec.form_of)

    def _places(self, loc: Located) -> None:
        rec = loc.record
        iri = self.entity(loc, _CLASS["places"])
        self.text(iri, CJ + "placeKind", rec.kind)
        self.ref(iri, CJ + "country", rec.country)
        self.ref(iri, CJ + "within", rec.within)
        for other in rec.twinned_with:  # symmetric: both directions, whichever place the curator wrote it on
            self.ref(iri, CJ + "twinnedWith", other)
            self.add(data_iri(other), CJ + "twinnedWith", n(iri))

    def _frameworks(self, loc: Located) -> None:
        self.entity(loc, _CLASS["frameworks"])

    def _series(self, loc: Located) -> None:
        self.entity(loc, _CLASS["series"])

    def _vessels(self, loc: Located) -> None:
        iri = self.entity(loc, _CLASS["vessels"])
        self.ref(iri, CJ + "operator", loc.record.operator)
        self.ref(iri, CJ + "country", loc.record.country)

    def _measures(self, loc: Located) -> None:
        iri = self.entity(loc, _CLASS["measures"])
        self.text(iri, SKOS + "definition", loc.record.description, "en")
        self.text(iri, CJ + "unit", loc.record.unit)

    def _relationships(self, loc: Located) -> None:
        rec = loc.record
        iri = self.entity(loc, _CLASS["relationships"])
        self.refs(iri, CJ + "between", rec.between)
        for s, stage in enumerate(rec.stages):
            siri = data_iri(stage.id)
            self.add(iri, CJ + "stage", n(siri))
            sub = loc.part(stage, "stages", "stages", s)
            self.fact(siri, sub, (), _CLASS["stages"], stage, stage.title, stage.id)
            self.date(siri, "startDate", stage.start)
            self.date(siri, "endDate", stage.end, end=True)

    def _events(self, loc: Located) -> None:
        rec = loc.record
        iri = data_iri(rec.id)
        self.fact(iri, loc, (), self.vocab.event_kinds[rec.kind], rec, rec.title, rec.id)
        self.date(iri, "date", rec.date)
        self.date(iri, "endDate", rec.end, end=True)
        self.refs(iri, CJ + "place", rec.places)
        self.refs(iri, CJ + "participant", rec.participants)
        self.refs(iri, CJ + "vessel", rec.vessels)
        for i, r in enumerate(rec.roles, 1):
            piri = sub_iri(iri, f"participation-{i}")
            self.subject(piri, loc, ("roles", i - 1), CJ + "Participation")
            self.add(iri, CJ + "qualifiedParticipation", n(piri))
            self.ref(piri, PROV + "agent", r.who)
            self.add(piri, PROV + "hadRole", n(self.vocab.participation_roles[r.role]))
            self.text(piri, RDFS + "label", f"{self.label(r.who)} as {r.role} of {rec.title}", "en")
            if r.role in self.vocab.present_roles and r.who not in rec.participants:
                self.ref(iri, CJ + "participant", r.who)
        for o in rec.outcomes:
            self.text(iri, CJ + "outcome", o, "en")
        self.ref(iri, CJ + "partOf", rec.part_of)
        self.refs(iri, CJ + "milestoneOf", rec.projects)
        self.ref(iri, CJ + "series", rec.series)
        if rec.edition is not None:
            self.typed(iri, CJ + "edition", str(rec.edition), XSD + "integer")

    def _agreements(self, loc: Located) -> None:
        rec = loc.record
        iri = data_iri(rec.id)
        self.fact(iri, loc, (), self.vocab.agreement_kinds[rec.kind], rec, rec.title, rec.id)
        self.date(iri, "dateSigned", rec.signed)
        self.date(iri, "dateInForce", rec.in_force)
        self.refs(iri, CJ + "place", rec.places)
        self.refs(iri, CJ + "party", rec.parties)
        for i, s in enumerate(rec.signatories, 1):
            siri = sub_iri(iri, f"signature-{i}")
            self.subject(siri, loc, ("signatories", i - 1), CJ + "Signature")
            self.add(iri, CJ + "signature", n(siri))
            self.ref(iri, CJ + "signedBy", s.person)
            self.ref(siri, CJ + "signer", s.person)
            self.ref(siri, CJ + "onBehalfOf", s.party)
            self.ref(siri, CJ + "signerOffice", s.office)
            self.text(siri, RDFS + "label", f"{self.label(s.person)} signing {rec.title}", "en")
        for i, pd in enumerate(rec.party_dates, 1):
            ciri = sub_iri(iri, f"commitment-{i}")
            self.subject(ciri, loc, ("party_dates", i - 1), CJ + "Commitment")
            self.add(iri, CJ + "commitment", n(ciri))
            self.ref(ciri, CJ + "party", pd.party)
            self.date(ciri, "dateSigned", pd.signed)
            self.date(ciri, "dateRatified", pd.ratified)
            self.date(ciri, "dateInForce", pd.in_force)
            self.text(ciri, SKOS + "note", pd.note, "en")
            self.text(ciri, RDFS + "label", f"{rec.title}: {self.label(pd.party)}", "en")
        self.amounts(iri, loc, rec.amounts)
        self.refs(iri, CJ + "framework", rec.frameworks)
        self.refs(iri, CJ + "funds", rec.funds)
        self.ref(iri, CJ + "signedAt", rec.signed_at)

    def _projects(self, loc: Located) -> None:
        rec = loc.record
        iri = data_iri(rec.id)
        self.fact(iri, loc, (), _CLASS["projects"], rec, rec.title, rec.id)
        for alias in rec.aliases:
            self.text(iri, SKOS + "altLabel", alias, _lang_of(alias))
        self.refs(iri, CJ + "funder", rec.funders)
        self.refs(iri, CJ + "implementer", rec.implementers)
        self.refs(iri, CJ + "place", rec.places)
        self.amounts(iri, loc, rec.amounts)
        self.date(iri, "startDate", rec.start)
        self.date(iri, "endDate", rec.end, end=True)
        self.date(iri, "openingDate", rec.opened)
        self.text(iri, CJ + "status", rec.status)

    def _observations(self, loc: Located) -> None:
        rec = loc.record
        iri = data_iri(rec.id)
        label = rec.title or f"{self.label(rec.measure)}, {rec.year}"
        self.fact(iri, loc, (), _CLASS["observations"], rec, label, rec.id)
        self.ref(iri, CJ + "measure", rec.measure)
        self.typed(iri, CJ + "year", str(rec.year), XSD + "integer")
        self.date(iri, "date", rec.date)
        if rec.period is not None:
            first, last, unit = period_span(rec.period)
            self.text(iri, CJ + "period", rec.period)
            self.typed(iri, CJ + "startDate", first.isoformat(), XSD + "date")
            self.typed(iri, CJ + "endDate", last.isoformat(), XSD + "date")
            self.add(iri, CJ + "periodUnit", n(unit))
        self.typed(iri, CJ + "value", decimal_lexical(rec.value), XSD + "decimal")
        self.text(iri, CJ + "unit", rec.unit)
        self.ref(iri, CJ + "observedFor", rec.about)
        self.ref(iri, CJ + "dataProvider", rec.provider)

    def _shareholdings(self, loc: Located) -> None:
        rec = loc.record
        iri = data_iri(rec.id)
        label = rec.title or (f"{self.label(rec.holder)} holds {decimal_lexical(rec.share)} per cent "
                              f"of {self.label(rec.held)}")
        self.fact(iri, loc, (), _CLASS["shareholdings"], rec, label, rec.id)
        self.ref(iri, CJ + "holder", rec.holder)
        self.ref(iri, CJ + "heldOrganisation", rec.held)
        self.date(iri, "date", rec.date)
        siri = sub_iri(iri, "share")
        self.subject(siri, loc, ("share",), SCHEMA + "QuantitativeValue")
        self.add(iri, CJ + "share", n(siri))
        self.typed(siri, SCHEMA + "value", decimal_lexical(rec.share), XSD + "decimal")
        self.text(siri, SCHEMA + "unitCode", "P1")
        self.add(siri, CJ + "quantityKind", n(self.vocab.quantity_kinds["share"]))
        self.date(siri, "date", rec.date)
        self.cite(siri, rec.sources)
        self.text(siri, RDFS + "label", f"share: {decimal_lexical(rec.share)} percent", "en")

    def _statements(self, loc: Located) -> None:
        rec = loc.record
        iri = data_iri(rec.id)
        obj = self.label(rec.object) if rec.object else rec.object_text
        label = rec.title or f"{self.label(rec.subject)} {rec.relation} {obj}"
        self.fact(iri, loc, (), _CLASS["statements"], rec, label, rec.id)
        self.ref(iri, CJ + "about", rec.subject)
        self.text(iri, CJ + "relationText", rec.relation)
        self.ref(iri, CJ + "concerns", rec.object)
        self.text(iri, CJ + "objectText", rec.object_text)
        self.date(iri, "date", rec.date)

    def sources(self, sources: dict[str, SourceInfo]) -> Built:
        for url, info in sorted(sources.items()):
            iri = source_iri(url)
            self.add(iri, RDF + "type", n(CJ + "Source"))
            self.out.per_class[CJ + "Source"] += 1
            self.typed(iri, SCHEMA + "url", url, XSD + "anyURI")
            piri = publisher_iri(info.publisher)
            self.add(iri, DCT + "publisher", n(piri))
            self.add(piri, RDF + "type", n(CJ + "Publisher"))
            self.text(piri, RDFS + "label", info.publisher, "en")
            tiers = self.vocab.tiers
            if info.publisher_tier in tiers:
                self.add(piri, CJ + "tier", n(tiers[info.publisher_tier]))
            if info.tier in tiers:
                self.add(iri, CJ + "tier", n(tiers[info.tier]))
            if info.copy_of:
                self.typed(iri, CJ + "copyOf", info.copy_of, XSD + "anyURI")
            self.text(iri, DCT + "title", info.title, "en")
            when = info.published
            if when is not None:
                dtype = {"day": "date", "month": "gYearMonth", "year": "gYear"}[when.precision]
                self.typed(iri, DCT + "issued", str(when), XSD + dtype)
            label = info.title or f"{info.publisher}" + (f", {when}" if when else "")
            self.text(iri, RDFS + "label", label, "en")
        return self.out


def file_triples(catalog: Catalog, files: Set[str] | None = None) -> dict[str, Built]:
    """The triples of each curated file's records (of `files`, or of all), which a rebuild keeps
    while the file, and the labels of other records that its triples spell out, are unchanged."""
    return _Emitter(catalog).records(files)


def source_triples(sources: dict[str, SourceInfo]) -> Built:
    """The triples of the cited sources, which gather what every file says of them."""
    return _Emitter(Catalog()).sources(sources)


__all__ = ["Built", "data_iri", "file_triples", "source_iri", "source_triples"]
