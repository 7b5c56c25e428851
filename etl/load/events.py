"""Loading extracted reports and deduplicated events into the warehouse.

Extraction writes staging.event_candidate; dedup sets their event_uid; `load_events` turns every
event whose reports changed into one core.fact_event row (canonical values) plus its
core.event_report rows. Bulk paths use COPY into temporary tables and set-based upserts; each
batch of events is one transaction, so a crash leaves a whole batch or nothing. Loading again
with nothing changed touches no row.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import psycopg2.extensions
from psycopg2.extras import Json

from etl.dedup import canonical_event
from etl.models import Count, Event, EventReport, report_from_json, report_to_json

Connection = psycopg2.extensions.connection

FACT_COLUMNS = [
    "event_uid", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "country", "admin1", "admin2", "admin3", "location", "location_ar", "pcode",
    "latitude", "longitude", "geo_precision", "fatalities", "fatalities_min", "fatalities_max",
    "injured", "injured_min", "injured_max", "arrested", "arrested_min", "arrested_max", "aggregate",
    "source_count", "article_count", "confidence", "notes", "first_reported_at",
]
REPORT_COLUMNS = [
    "article_id", "report_index", "event_uid", "url", "outlet", "published_at", "event_type",
    "sub_event_type", "event_date", "time_precision", "location", "location_ar", "pcode", "admin1",
    "geo_precision", "actor1", "actor2", "fatalities", "fatalities_approx", "injured", "arrested",
    "evidence", "evidence_start", "evidence_end", "confidence",
]


@dataclass
class LoadStats:
    events_upserted: int = 0
    events_deleted: int = 0
    reports_loaded: int = 0


def store_candidates(conn: Connection, article_id: int, reports: list[EventReport]) -> None:
    """Replace the extracted reports of one article version and mark it extracted."""
    with conn.cursor() as cur:
        # Reports of older versions of the same article are superseded by this version's.
        cur.execute(
            """DELETE FROM staging.event_candidate c USING staging.article a, staging.article this
               WHERE c.article_id = a.article_id AND this.article_id = %s AND a.url = this.url""",
            (article_id,),
        )
        for index, report in enumerate(reports):
            report.report_index = index
            cur.execute(
                "INSERT INTO staging.event_candidate (article_id, report_index, report) VALUES (%s, %s, %s)",
                (article_id, index, Json(report_to_json(report))),
            )
        cur.execute("UPDATE staging.article SET extracted_at = now() WHERE article_id = %s", (article_id,))


def touched_event_uids(conn: Connection) -> list[str]:
    """Events whose set of assigned reports differs from what core holds."""
    with conn.cursor() as cur:
        cur.execute(
            """SELECT c.event_uid FROM staging.event_candidate c
               LEFT JOIN core.event_report r USING (article_id, report_index)
               WHERE c.event_uid IS NOT NULL AND r.event_uid IS DISTINCT FROM c.event_uid
               UNION
               SELECT r.event_uid FROM core.event_report r
               LEFT JOIN staging.event_candidate c USING (article_id, report_index)
               WHERE c.event_uid IS DISTINCT FROM r.event_uid
               ORDER BY 1"""
        )
        return [row[0] for row in cur.fetchall()]


def load_events(conn: Connection, batch_size: int = 2000) -> LoadStats:
    """Load every touched event, one transaction per batch of events."""
    stats = LoadStats()
    uids = touched_event_uids(conn)
    for start in range(0, len(uids), batch_size):
        batch = uids[start:start + batch_size]
        try:
            _load_batch(conn, batch, stats)
            conn.commit()
        except Exception:
            if not conn.closed:  # a dead connection has nothing to roll back; keep the real error
                conn.rollback()
            raise
    return stats


def _reports_for(conn: Connection, uids: list[str]) -> dict[str, list[tuple[int, EventReport]]]:
    with conn.cursor() as cur:
        cur.execute(
            """SELECT c.event_uid, c.article_id, c.report FROM staging.event_candidate c
               WHERE c.event_uid = ANY(%s) ORDER BY c.article_id, c.report_index""",
            (uids,),
        )
        grouped: dict[str, list[tuple[int, EventReport]]] = defaultdict(list)
        for uid, article_id, payload in cur.fetchall():
            data = payload if isinstance(payload, dict) else json.loads(payload)
            grouped[uid].append((article_id, report_from_json(data)))
        return grouped


def _load_batch(conn: Connection, uids: list[str], stats: LoadStats) -> None:
    grouped = _reports_for(conn, uids)
    events = {uid: canonical_event(uid, [r for _, r in grouped[uid]]) for uid in uids if grouped.get(uid)}
    with conn.cursor() as cur:
        cur.execute("DELETE FROM core.event_report WHERE event_uid = ANY(%s)", (uids,))
        cur.execute(
            """DELETE FROM core.event_report r USING staging.event_candidate c
               WHERE c.article_id = r.article_id AND c.report_index = r.report_index
                 AND c.event_uid = ANY(%s)""",
            (uids,),
        )
        _upsert_facts(cur, [_fact_row(event, grouped[uid]) for uid, event in events.items()])
        _copy(cur, "core.event_report", REPORT_COLUMNS,
              (_report_row(uid, article_id, r) for uid in events for article_id, r in grouped[uid]))
        stats.reports_loaded += sum(len(grouped[uid]) for uid in events)
        gone = [uid for uid in uids if uid not in events]
        if gone:
            cur.execute("DELETE FROM core.fact_event WHERE event_uid = ANY(%s)", (gone,))
            stats.events_deleted += cur.rowcount
    stats.events_upserted += len(events)


def _upsert_facts(cur: psycopg2.extensions.cursor, rows: list[list]) -> None:
    columns = ", ".join(FACT_COLUMNS)
    cur.execute("DROP TABLE IF EXISTS tmp_fact_event")
    cur.execute(
        f"CREATE TEMP TABLE tmp_fact_event ON COMMIT DROP AS SELECT {columns} FROM core.fact_event WITH NO DATA"
    )
    _copy(cur, "tmp_fact_event", FACT_COLUMNS, rows, shape_of="core.fact_event")
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in FACT_COLUMNS if c != "event_uid")
    changed = " OR ".join(f"core.fact_event.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in FACT_COLUMNS)
    # Only rows whose values changed are rewritten, so re-loading leaves updated_at untouched.
    cur.execute(
        f"""INSERT INTO core.fact_event ({columns}) SELECT {columns} FROM tmp_fact_event
            ON CONFLICT (event_uid) DO UPDATE SET {updates}, updated_at = now() WHERE {changed}"""
    )


def _copy(cur: psycopg2.extensions.cursor, table: str, columns: list[str], rows: Iterable[list],
          shape_of: str | None = None) -> None:
    """COPY rows as CSV, every string quoted (so '' stays ''), None written as "" and read back as
    NULL in the columns that may be null in `shape_of` (default: `table`)."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(
        ["" if v is None else v if isinstance(v, int | float) else _copy_text(v) for v in row] for row in rows
    )
    buffer.seek(0)
    schema, name = (shape_of or table).split(".")
    cur.execute(
        """SELECT array_agg(attname::text) FROM pg_attribute
           WHERE attrelid = format('%%I.%%I', %s, %s)::regclass AND attnum > 0 AND NOT attnotnull
             AND attname = ANY(%s)""",
        (schema, name, columns),
    )
    nullable = cur.fetchone()[0] or []
    force_null = f", FORCE_NULL ({', '.join(nullable)})" if nullable else ""
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv{force_null})", buffer)


def _copy_text(value: object) -> str:
    text = value.isoformat() if isinstance(value, date | datetime) else str(value)
    return text.replace("\x00", "") if "\x00" in text else text


def _value(count: Count | None) -> int | None:
    return count.value if count else None


def _spread(reports: list[EventReport], field: str) -> tuple[int | None, int | None]:
    values = [c.value for c in (getattr(r, field) for r in reports) if c is not None]
    return (min(values), max(values)) if values else (None, None)


def _fact_row(event: Event, reports: list[tuple[int, EventReport]]) -> list:
    plain = [r for _, r in reports]
    place = event.place
    published = [r.published for r in plain if r.published]
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
        "notes": _notes(plain), "first_reported_at": min(published) if published else None,
    }
    for field in ("fatalities", "injured", "arrested"):
        row[f"{field}_min"], row[f"{field}_max"] = _spread(plain, field)
    return [row[c] for c in FACT_COLUMNS]


def _notes(reports: list[EventReport]) -> str:
    notes = sorted({r.notes for r in reports if r.notes})
    return " ".join(notes)[:2000]


def _report_row(uid: str, article_id: int, report: EventReport) -> list:
    place = report.place
    evidence = report.evidence[0] if report.evidence else None
    row = {
        "article_id": article_id, "report_index": report.report_index, "event_uid": uid,
        "url": report.article_url, "outlet": report.outlet, "published_at": report.published,
        "event_type": report.event_type, "sub_event_type": report.sub_event_type,
        "event_date": report.event_date, "time_precision": report.time_precision,
        "location": place.name_en if place else None, "location_ar": place.name_ar if place else None,
        "pcode": place.pcode if place else None, "admin1": place.admin1 if place else None,
        "geo_precision": place.geo_precision if place else None,
        "actor1": report.actor1, "actor2": report.actor2, "fatalities": _value(report.fatalities),
        "fatalities_approx": bool(report.fatalities and (report.fatalities.approximate
                                                         or report.fatalities.lower_bound)),
        "injured": _value(report.injured), "arrested": _value(report.arrested),
        "evidence": evidence.sentence if evidence else "", "evidence_start": evidence.start if evidence else 0,
        "evidence_end": evidence.end if evidence else 0, "confidence": round(report.confidence, 3),
    }
    return [row[c] for c in REPORT_COLUMNS]
