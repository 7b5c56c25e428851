"""Places and reports for dedup tests (our own sentences; places as resolution would give them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from etl.models import Count, EventReport, Evidence, Place

IDLIB_GOV = Place("إدلب", "Idlib", "SY07", 1, admin1="Idlib", admin1_pcode="SY07", geo_precision=3)
SARAQIB = Place("سراقب", "Saraqib", "GN164816", 4, admin1="Idlib", admin2="Idlib", admin3="Saraqab",
                admin1_pcode="SY07", latitude=35.86447, longitude=36.80591, geo_precision=1)
ARIHA = Place("أريحا", "Arīḩā", "GN172994", 4, admin1="Idlib", admin2="Ariha", admin3="Ariha",
              admin1_pcode="SY07", latitude=35.81374, longitude=36.60964, geo_precision=1)
DARAA_GOV = Place("درعا", "Daraa", "SY12", 1, admin1="Daraa", admin1_pcode="SY12", geo_precision=3)

DAY = date(2025, 12, 10)


def report(url: str, outlet: str, sentence: str, *, place: Place | None = SARAQIB, day: date | None = DAY,
           event_type: str = "Strategic developments", sub: str = "Arrests", index: int = 0,
           published: datetime | None = None, precision: int = 1, killed: int | None = None,
           arrested: int | None = None, actor1: str | None = None, confidence: float = 0.7,
           aggregate: bool = False) -> EventReport:
    """A report; published defaults to the event day plus an hour per url character (distinct)."""
    if published is None:
        base = datetime(2025, 12, 10, 8, tzinfo=UTC) if day is None else datetime.combine(day, datetime.min.time(), UTC)
        published = base + timedelta(hours=12, minutes=len(url))
    return EventReport(
        article_url=url, outlet=outlet, event_type=event_type, sub_event_type=sub,
        disorder_type="Strategic developments" if event_type == "Strategic developments" else "Political violence",
        event_date=day, time_precision=precision, place=place, actor1=actor1,
        fatalities=Count(killed) if killed is not None else None,
        arrested=Count(arrested) if arrested is not None else None,
        evidence=[Evidence(sentence, 0, len(sentence))], confidence=confidence, published=published,
        report_index=index, aggregate=aggregate,
    )

# The district of Ariha (the area around the town, as "منطقة أريحا" resolves).
ARIHA_DISTRICT = Place("أريحا", "Ariha", "SY0705", 2, admin1="Idlib", admin2="Ariha", admin1_pcode="SY07",
                       latitude=35.76284, longitude=36.55204, geo_precision=2)
