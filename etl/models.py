"""Plain dataclasses passed from stage to stage.

crawl → RawPage → clean → Article (or Quarantine) → extract → EventReport
→ dedup → Event (a cluster of reports) → load.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime


def content_hash(data: bytes | str) -> str:
    """Stable SHA-256 hex digest of page bytes or text."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass
class RawPage:
    """One fetched HTTP response, stored verbatim before anything parses it."""

    outlet: str
    url: str  # canonical URL: the article's identity
    final_url: str  # where the fetch actually ended (after redirects)
    status: int
    fetched_at: datetime
    body: bytes
    content_type: str = "text/html"
    encoding: str | None = None
    # What the discovery channel (feed, API, listing) already said about the page.
    hints: dict[str, str] = field(default_factory=dict)
    crawl_run_id: int | None = None
    id: int | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.body)


@dataclass
class Article:
    """A cleaned article: original text for display, match_text for matching."""

    url: str
    outlet: str
    title: str
    paragraphs: list[str]
    published: datetime | None  # timezone-aware, UTC
    language: str = "ar"
    dateline: str | None = None  # e.g. "إدلب" from "إدلب-سانا"
    raw_page_id: int | None = None
    id: int | None = None

    @property
    def text(self) -> str:
        """The original body: paragraphs separated by blank lines. Offsets point here."""
        return "\n\n".join(self.paragraphs)

    @property
    def content_hash(self) -> str:
        return content_hash(self.title + "\n\n" + self.text)


@dataclass
class Quarantine:
    """An input that could not become an Article, with why."""

    url: str
    outlet: str
    reason: str  # short machine-readable code, e.g. "empty_body", "not_arabic"
    detail: str = ""
    raw_page_id: int | None = None


@dataclass
class Count:
    """A reported figure: value plus how sure the text is about it."""

    value: int
    approximate: bool = False  # نحو، قرابة، حوالي
    lower_bound: bool = False  # أكثر من، عشرات
    text: str = ""  # the words it was read from


@dataclass
class Place:
    """A resolved location with its gazetteer hierarchy."""

    name_ar: str
    name_en: str
    pcode: str | None
    level: int  # 0 country/outside, 1 governorate, 2 district, 3 subdistrict, 4 town
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    admin1_pcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 3  # ACLED: 1 exact town, 2 near / part of region, 3 region-level
    country: str = "Syria"
    qualifier: str | None = None  # e.g. "southern countryside"


@dataclass
class Evidence:
    """A span of the article's original text (Article.text offsets)."""

    sentence: str
    start: int
    end: int


@dataclass
class EventReport:
    """One article's account of one incident: what that source said."""

    article_url: str
    outlet: str
    event_type: str
    sub_event_type: str
    disorder_type: str
    event_date: date | None
    time_precision: int  # ACLED: 1 day, 2 week, 3 month
    place: Place | None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: bool = False
    fatalities: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    aggregate: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    published: datetime | None = None
    notes: str = ""
    report_index: int = 0  # position among this article's reports: (article, index) is the key


@dataclass
class Event:
    """A deduplicated incident: canonical values chosen from its reports."""

    event_uid: str
    reports: list[EventReport]
    event_type: str
    sub_event_type: str
    disorder_type: str
    event_date: date | None
    time_precision: int
    place: Place | None
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    arrested: int | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: bool = False
    aggregate: bool = False
    confidence: float = 0.5

    @property
    def source_count(self) -> int:
        return len({r.outlet for r in self.reports})

    @property
    def article_count(self) -> int:
        return len({r.article_url for r in self.reports})


def report_to_json(report: EventReport) -> dict:
    """A JSON-ready dict of an EventReport (dates as ISO strings)."""
    data = asdict(report)
    data["event_date"] = report.event_date.isoformat() if report.event_date else None
    data["published"] = report.published.isoformat() if report.published else None
    return data


def report_from_json(data: dict) -> EventReport:
    """Inverse of report_to_json."""
    data = dict(data)
    data["event_date"] = date.fromisoformat(data["event_date"]) if data.get("event_date") else None
    data["published"] = datetime.fromisoformat(data["published"]) if data.get("published") else None
    data["place"] = Place(**data["place"]) if data.get("place") else None
    for key in ("fatalities", "injured", "arrested"):
        data[key] = Count(**data[key]) if data.get(key) else None
    data["evidence"] = [Evidence(**e) for e in data.get("evidence") or []]
    return EventReport(**data)
