"""Streaming exports of the deduplicated events (constant memory, any size)."""

from __future__ import annotations

import csv
from datetime import date
from typing import TextIO

import psycopg2.extensions

from etl.sqlfiles import read_query

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
EXTRA_COLUMNS = ["event_uid", "source_urls", "source_count", "article_count", "injured", "arrested"]
FORMATS = ("acled-csv", "jsonl")


def export_events(conn: psycopg2.extensions.connection, fmt: str, out: TextIO,
                  since: date | None = None, until: date | None = None, fetch_size: int = 2000) -> int:
    """Write events with event_date in [since, until] to `out`; return how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    params = {"since": since, "until": until}
    count = 0
    with conn.cursor(name="export_events") as cur:
        cur.itersize = fetch_size
        if fmt == "jsonl":
            cur.execute(read_query("export_events_jsonl"), params)
            for (document,) in cur:
                out.write(document + "\n")
                count += 1
        else:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(ACLED_COLUMNS + EXTRA_COLUMNS)
            cur.execute(read_query("export_events_acled"), params)
            for row in cur:
                writer.writerow(["" if v is None else v for v in row])
                count += 1
    conn.commit()
    return count
