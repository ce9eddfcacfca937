"""The data model of what an article states: plain frozen dataclasses, no RDF, no spaCy.

Entities are referred to by *keys*: stable paths such as ``org/ministry-of-finance`` or
``person/pham-minh-chinh``. Reference data and extraction share the same keys, which is how one
real-world entity gets one IRI across articles and languages; ``kg.rdf.mapping`` turns keys
into IRIs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Article:
    """One source article, as read from disk."""

    id: str
    """Stable id: the file name without its suffix (``001_9bb11e9ea168d04b``), or ``name-<8 hex of
    its sha256>`` when another stored source has that name (see ``kg.pipeline.plan_sources``)."""
    text: str
    lang: str
    """ISO 639-1: 'en', 'fr' or 'vi'."""
    date: str | None = None
    """ISO date the article is about (its event or publication date), when known."""
    title: str | None = None
    path: str | None = None
    """Where the source was read from: the resolved absolute path of a file, or the URL fetched."""
    url: str | None = None
    sha256: str | None = None
    outlet: str | None = None
    """The publisher: the site name a page gives (``og:site_name``), else the host of its URL."""
    ingested: str | None = None
    """ISO date the source was first ingested in these bytes (set by ``kg.pipeline.ingest``)."""


@dataclass(frozen=True)
class Evidence:
    """The span of the article text that states a fact."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Entity:
    """A person or organisation the article names, resolved to a key."""

    key: str
    label: str
    """Canonical English label where known, else the surface form."""
    type: str
    """Class local name: Person, Ministry, GovernmentBody, PartyBody, Enterprise, Locality, Group, OtherOrganization."""
    in_reference: bool = False
    surface: tuple[str, ...] = ()
    """Forms the article used."""
    locality: str | None = None
    """For a local body (People's Committee, department, Party Committee...): its province or city's key."""


@dataclass(frozen=True)
class Mention:
    key: str
    evidence: Evidence


@dataclass(frozen=True)
class PostHolding:
    person: str
    post: str
    """Post key (``post/minister-of-home-affairs``)."""
    post_label: str
    org: str | None = None
    evidence: Evidence | None = None
    in_reference: bool = False


@dataclass(frozen=True)
class Meeting:
    key: str
    date: str | None
    chair: str | None = None
    participants: tuple[str, ...] = ()
    topic: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Document:
    key: str
    identifier: str
    type: str
    """Decree, Decision, Conclusion, Resolution, Plan, OfficialDispatch, OtherDocument."""
    date: str | None = None
    issuers: tuple[str, ...] = ()
    signer: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Task:
    assignee: str
    description: str
    assigner: str | None = None
    deadline: str | None = None
    meeting: str | None = None
    document: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Figure:
    value: Decimal
    indicator_label: str
    """The counted phrase, in the article's language."""
    indicator: str | None = None
    """Key of the indicator concept (``indicator/people-who-quit``), set by classification."""
    unit: str | None = None
    as_of: str | None = None
    period_start: str | None = None
    qualifier: str | None = None
    total: Decimal | None = None
    range_role: str | None = None
    reported_by: str | None = None
    area: str | None = None
    evidence: Evidence | None = None
    at: int | None = None
    """Offset of the number in the article text: with the source, what the figure's IRI says."""


@dataclass
class Extraction:
    """Everything extracted from one article; the unit that is mapped, validated and stored."""

    article: Article
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    holdings: list[PostHolding] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    new_indicators: dict[str, dict[str, str]] = field(default_factory=dict)
    """Indicator concepts minted from this article: key -> {lang: label}."""

    def add_entity(self, entity: Entity, evidence: Evidence | None = None) -> str:
        old = self.entities.get(entity.key)
        if old is None or (not old.in_reference and entity.in_reference):
            self.entities[entity.key] = entity
        if evidence is not None:
            self.mentions.append(Mention(entity.key, evidence))
        return entity.key
