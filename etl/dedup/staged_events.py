"""Dedup's output: one staging.event row per event, with the canonical values core will hold.

Dedup computes every event's canonical values while clustering; `stage_events` writes them
(COPY) so the load stage only moves rows between tables. A staged row is (re)written whenever
its event gains or loses a report, with a new stage_seq, which puts it in the queue for load.
"""

from __future__ import annotations

from collections.abc import Iterable

import psycopg2.extensions

from etl.models import Event, EventReport
from etl.warehouse import copy_rows

EVENT_COLUMNS = [
    "event_uid", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "country", "admin1", "admin2", "admin3", "location", "location_ar", "pcode",
    "latitude", "longitude", "geo_precision", "fatalities", "fatalities_min", "fatalities_max",
    "injured", "injured_min", "injured_max", "arrested", "arrested_min", "arrested_max", "aggregate",
    "source_count", "article_count", "confidence", "notes", "first_reported_at",
]


def stage_events(cur: psycopg2.extensions.cursor, events: Iterable[Event]) -> int:
    """Write the staged row of each event (replacing any earlier one), queued for load; return the count."""
    cur.execute("DROP TABLE IF EXISTS tmp_staged_event")
    cur.execute("CREATE TEMP TABLE tmp_staged_event (LIKE staging.event INCLUDING DEFAULTS) ON COMMIT DROP")
    copy_rows(cur, "tmp_staged_event", EVENT_COLUMNS, (event_row(e) for e in events))
    cur.execute("DELETE FROM staging.event e USING tmp_staged_event t WHERE e.event_uid = t.event_uid")
    cur.execute("INSERT INTO staging.event SELECT * FROM tmp_staged_event")
    return cur.rowcount


def event_row(event: Event) -> list:
    """The values of `event` in EVENT_COLUMNS order: its canonical values, the spread of its
    counts over its reports, and when it was first reported."""
    place, reports = event.place, event.reports
    published = [r.published for r in reports if r.published]
    row = {
        "event_uid": event.event_uid, "event_date": event.event_date, "time_precision": event.time_precision,
        "disorder_type": event.disorder_type, "event_type": event.event_type,
        "sub_event_type": event.sub_event_type, "actor1": event.actor1, "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1, "actor2": event.actor2, "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2, "interaction": event.interaction,
        "civilian_targeting": event.civilian_targeting,
        "country": place.country if place else "Syria",
        "admin1": place.admin1 if place else None, "admin2": place.admin2 if place else None,
        "admin3": place.admin3 if place else None, "location": place.name_en if place else None,
        "location_ar": place.name_ar if place else None, "pcode": place.pcode if place else None,
        "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "fatalities": event.fatalities, "injured": event.injured, "arrested": event.arrested,
        "aggregate": event.aggregate, "source_count": event.source_count,
        "article_count": event.article_count, "confidence": round(event.confidence, 3),
        "notes": _notes(reports), "first_reported_at": min(published) if published else None,
    }
    for field in ("fatalities", "injured", "arrested"):
        row[f"{field}_min"], row[f"{field}_max"] = _spread(reports, field)
    return [row[c] for c in EVENT_COLUMNS]


def _spread(reports: list[EventReport], field: str) -> tuple[int | None, int | None]:
    values = [c.value for c in (getattr(r, field) for r in reports) if c is not None]
    return (min(values), max(values)) if values else (None, None)


def _notes(reports: list[EventReport]) -> str:
    notes = sorted({r.notes for r in reports if r.notes})
    return " ".join(notes)[:2000]
