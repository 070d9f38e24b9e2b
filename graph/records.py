"""The curated record kinds: what a curator may write, field by field.

Field shapes are checked here (pydantic); references between records, kinds and sectors are checked
against the whole catalogue and the ontology in `loader`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .dates import PartialDate
from .urls import canonical

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"{}|\\^`]+$"), AfterValidator(canonical)]
"""A URL, kept in its canonical spelling (graph/urls.py), so that two spellings are one source."""
Confidence = Literal["high", "medium", "low"]


def _partial_date(value: Any) -> PartialDate | None:
    return None if value is None else PartialDate.parse(value)


Date = Annotated[PartialDate | None, BeforeValidator(_partial_date)]
RequiredDate = Annotated[PartialDate, BeforeValidator(_partial_date)]


def field_of(record: BaseModel, name: str, default: Any = None) -> Any:
    """A field that only some kinds of record have: pydantic answers getattr for a missing
    attribute on a slow path, which cost a second over the records of a large build."""
    return record.__dict__.get(name, default)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Citation(_Strict):
    """A source cited by URL; publisher, date, tier and origin may be given once for the URL anywhere."""

    url: Url
    publisher: Text | None = None
    published: Date = None
    title: Text | None = None
    tier: Id | None = None
    copy_of: Url | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_url(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value


class SourceRecord(_Strict):
    """An entry of the source registry: a URL and what is known of the document behind it."""

    url: Url
    publisher: Text
    published: Date = None
    title: Text | None = None
    tier: Id | None = None
    """This source's tier where it differs from its publisher's (a reprint on a news site is a copy)."""
    copy_of: Url | None = None
    """The page this source copies, where known: copies of one origin count once."""
    note: Text | None = None


class PublisherRecord(_Strict):
    """An entry of the publisher registry: a publisher's name as sources give it, and its tier.
    `aliases` are other names sources give the same publisher (they count as one origin)."""

    name: Text
    tier: Id
    aliases: list[Text] = Field(default_factory=list)
    homepage: Url | None = None
    note: Text | None = None


class Dispute(_Strict):
    """Another value that other sources give for one field of the record."""

    field: Text | None = None
    value: Text | None = None
    sources: list[Citation] = Field(min_length=1)
    note: Text

    @field_validator("value", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return None if value is None else str(value)


class Amount(_Strict):
    """A sum of money as a source states it: its role from the amount-role scheme, its own date where
    the source dates it, how exact it is, and for a converted estimate which amount of the same list
    (1-based) it converts."""

    value: Decimal
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    role: Text
    date: Date = None
    qualifier: Literal["about", "over", "almost"] | None = None
    converts: int | None = Field(default=None, ge=1)
    note: Text | None = None


UNIT_CODES: dict[str, str] = {
    "KMT": "kilometre", "MTR": "metre", "KMK": "square kilometre", "HAR": "hectare", "MTQ": "cubic metre",
    "TNE": "tonne", "MAW": "megawatt", "KWT": "kilowatt", "C62": "one (a count)", "P1": "percent",
    "ANN": "year", "MON": "month", "DAY": "day",
}
"""The units a quantity may take: UN/CEFACT Recommendation 20 common codes, the codes schema:unitCode
expects, so that any consumer of schema.org reads them. A count of people or things is C62 ("one")."""


class Quantity(_Strict):
    """A number with a unit that the sources state of the record it is written under: what it
    measures (a kind of the quantity-kind scheme), its own date and sources where they differ from
    the record's."""

    kind: Text
    value: Decimal
    unit: Text
    qualifier: Literal["about", "over", "almost"] | None = None
    date: Date = None
    note: Text | None = None
    sources: list[Citation] = Field(default_factory=list)


class Role(_Strict):
    """An agent named by an event in a role of the participation-role scheme."""

    who: Id
    role: Text


class PartyDates(_Strict):
    """When an agreement bound one of its parties, where that differs between parties: the day it
    signed, ratified, and from which it was bound."""

    party: Id
    signed: Date = None
    ratified: Date = None
    in_force: Date = None
    note: Text | None = None


class Signatory(_Strict):
    person: Id
    party: Id | None = None
    office: Id | None = None


# -- Entities ---------------------------------------------------------------------------------

AUTHORITIES: dict[str, str] = {
    "Wikidata": r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*",
    "VIAF": r"http://viaf\.org/viaf/[1-9][0-9]*",
    "ISNI": r"https://isni\.org/isni/[0-9]{15}[0-9X]",
    "NDL": r"http://id\.ndl\.go\.jp/auth/ndlna/[0-9]{8,9}",
    "LoC": r"http://id\.loc\.gov/authorities/names/n[abor]?[0-9]{6,10}",
    "GeoNames": r"https://sws\.geonames\.org/[1-9][0-9]*/",
}
"""The outside identifiers an entity's `same_as` may hold: each authority's entity URI, in the form
the authority publishes it (Wikidata's concept URI is http://www.wikidata.org/entity/Q..., not the
https://www.wikidata.org/wiki/Q... page)."""


def _same_as(value: str) -> str:
    if not any(re.fullmatch(pattern, value) for pattern in AUTHORITIES.values()):
        forms = ", ".join(AUTHORITIES)
        raise ValueError(f"'{value}' is not the entity URI of a known authority ({forms}), as "
                         "http://www.wikidata.org/entity/Q17 or http://viaf.org/viaf/123456")
    return value


SameAs = Annotated[str, AfterValidator(_same_as)]


class Entity(_Strict):
    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    name_ja: Text | None = None
    name_km: Text | None = None
    description: Text | None = None
    same_as: list[SameAs] = Field(default_factory=list)
    """The entity in outside authorities (Wikidata, VIAF, ISNI, NDL, LoC, GeoNames): schema:sameAs."""
    sources: list[Citation] = Field(default_factory=list)
    note: Text | None = None
    quantities: list[Quantity] = Field(default_factory=list)


class Country(Entity):
    iso: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None


class Fact(_Strict):
    """Common to every fact: at least one source, sectors, disputes, and optionally a confidence
    lower than the one its sources give (graph/evidence.py), with the reason."""

    sources: list[Citation] = Field(min_length=1)
    confidence: Confidence | None = None
    """A level lower than the sources support, recorded by a curator; absent, the computed level applies."""
    confidence_reason: Text | None = None
    sectors: list[Id] = Field(default_factory=list)
    description: Text | None = None
    note: Text | None = None
    disputes: list[Dispute] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)


class Term(Fact):
    """A term of office, written under the person who held it.

    `attested` lists days, months or years in which sources show the person in office, for terms
    whose start or end the sources do not give; a term is one span, so it covers all of them.
    """

    office: Id
    start: Date = None
    end: Date = None
    attested: list[RequiredDate] = Field(default_factory=list)
    acting: bool = False
    """Held as acting holder, while or until the office had its holder: may overlap another term."""
    co_holder: bool = False
    """Held jointly with another holder (Cambodia's two prime ministers of 1993-1998)."""

    @field_validator("attested", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return value if isinstance(value, list) else [value]


class TermRecord(Term):
    """A term of office written apart from the person, for files that do not own the person."""

    person: Id


class Person(Entity):
    nationality: Id | None = None
    birth_year: int | None = Field(default=None, ge=1800, le=2100)
    """Only the year, as sources of public figures give it: schema:birthDate as an xsd:gYear."""
    titles: list[Text] = Field(default_factory=list)
    """Titles the press puts before the name ("Samdech Techo", "H.E."): schema:honorificPrefix."""
    terms: list[Term] = Field(default_factory=list)


class Organisation(Entity):
    kind: Id = "organisation"
    country: Id | None = None
    parent: Id | None = None
    sectors: list[Id] = Field(default_factory=list)


class Office(Entity):
    organisation: Id
    jurisdiction: Id | None = None
    single_holder: bool = True
    """One person holds it at a time (a prime minister, an ambassador); false for a seat among many."""
    form_of: Id | None = None
    """The wider office this post is a form of: the First and Second Prime Ministers of 1993-1998 held
    the office of Prime Minister of Cambodia between them, and a query for that office finds both."""


class Place(Entity):
    kind: Text | None = None
    country: Id | None = None
    within: Id | None = None
    twinned_with: list[Id] = Field(default_factory=list)


class Framework(Entity):
    pass


class Series(Entity):
    """A recurring event (a festival, an annual dialogue, a ministers' meeting) whose editions are events."""


class Vessel(Entity):
    """A ship: not a body of its own but a thing its navy (`operator`) sends, so it takes part in no
    network as an actor."""

    operator: Id
    country: Id | None = None


class Measure(Entity):
    description: Text
    unit: Text | None = None


class Stage(Fact):
    id: Id
    title: Text
    start: RequiredDate
    end: Date = None


class Relationship(Entity):
    between: list[Id] = Field(min_length=2, max_length=2)
    stages: list[Stage] = Field(default_factory=list)


# -- Facts with identity ------------------------------------------------------------------------


class Event(Fact):
    id: Id
    title: Text
    kind: Id
    date: RequiredDate
    end: Date = None
    places: list[Id] = Field(default_factory=list)
    participants: list[Id] = Field(default_factory=list)
    vessels: list[Id] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    outcomes: list[Text] = Field(default_factory=list)
    part_of: Id | None = None
    projects: list[Id] = Field(default_factory=list)
    series: Id | None = None
    edition: int | None = Field(default=None, ge=1)


class Agreement(Fact):
    id: Id
    title: Text
    kind: Id
    signed: Date = None
    in_force: Date = None
    places: list[Id] = Field(default_factory=list)
    parties: list[Id] = Field(min_length=1)
    signatories: list[Signatory] = Field(default_factory=list)
    party_dates: list[PartyDates] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    frameworks: list[Id] = Field(default_factory=list)
    funds: list[Id] = Field(default_factory=list)
    signed_at: Id | None = None


class Project(Fact):
    id: Id
    title: Text
    aliases: list[Text] = Field(default_factory=list)
    """Other names of the project's work (the Tsubasa Bridge is also the Neak Loeung Bridge)."""
    funders: list[Id] = Field(default_factory=list)
    implementers: list[Id] = Field(default_factory=list)
    places: list[Id] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    start: Date = None
    end: Date = None
    opened: Date = None
    status: Literal["proposed", "planned", "under way", "completed", "cancelled"] | None = None


PERIOD_PATTERN = r"^(?:FY\d{4}|\d{4}|\d{4}-\d{2})$"
"""A period an observation covers: FY2019 (Japan's fiscal year, April 2019 to March 2020), 2019 (a
calendar year) or 2019-07 (a month)."""


class Observation(Fact):
    """A figure of a measure: for a year (`year`), for a period with its precision (`period`), or as
    it stood at a point in time (`date`, for a stock or a running total); `year` is the year either
    falls in, for ordering."""

    id: Id
    measure: Id
    year: int = Field(ge=1900, le=2100)
    period: Annotated[str, StringConstraints(pattern=PERIOD_PATTERN)] | None = None
    date: Date = None

    @field_validator("period", mode="before")
    @classmethod
    def _year_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value
    value: Decimal
    unit: Text
    about: Id | None = None
    provider: Id | None = None
    """The organisation whose statistics the figure comes from (JETRO, Cambodia's customs)."""
    title: Text | None = None


class Shareholding(Fact):
    """A share one organisation (or state) holds in another, in percent, at a date."""

    id: Id
    holder: Id
    held: Id
    share: Decimal = Field(gt=0, le=100)
    date: Date = None
    title: Text | None = None


class Statement(Fact):
    id: Id
    subject: Id
    relation: Text
    object: Id | None = None
    object_text: Text | None = None
    date: Date = None
    title: Text | None = None


KINDS: dict[str, type[BaseModel]] = {
    "publishers": PublisherRecord,
    "sources": SourceRecord,
    "countries": Country,
    "people": Person,
    "terms": TermRecord,
    "organisations": Organisation,
    "offices": Office,
    "places": Place,
    "frameworks": Framework,
    "series": Series,
    "vessels": Vessel,
    "measures": Measure,
    "relationships": Relationship,
    "events": Event,
    "agreements": Agreement,
    "projects": Project,
    "observations": Observation,
    "shareholdings": Shareholding,
    "statements": Statement,
}
"""Top-level keys of a curated file and the record model each holds."""
