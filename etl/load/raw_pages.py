"""The raw archive: every fetched page stored before anything parses it."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import datetime

import psycopg2.extensions
from psycopg2.extras import Json

from etl.models import RawPage

Connection = psycopg2.extensions.connection


def store_raw_page(conn: Connection, page: RawPage) -> tuple[int, bool]:
    """Archive one page; return (page_id, is_new). Same URL and bytes → the existing row.

    Commits nothing: the caller owns the transaction.
    """
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO raw.page (outlet, url, final_url, http_status, fetched_at, content_type,
                                     encoding, content_hash, body_gz, body_bytes, hints, crawl_run_id)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
               ON CONFLICT (url, content_hash) DO NOTHING
               RETURNING page_id""",
            (
                page.outlet, page.url, page.final_url, page.status, page.fetched_at, page.content_type,
                page.encoding, page.content_hash, gzip.compress(page.body, compresslevel=6),
                len(page.body), Json(page.hints), page.crawl_run_id,
            ),
        )
        row = cur.fetchone()
        if row:
            return row[0], True
        cur.execute(
            "SELECT page_id FROM raw.page WHERE url = %s AND content_hash = %s", (page.url, page.content_hash)
        )
        return cur.fetchone()[0], False


def known_urls(conn: Connection, outlet: str) -> set[str]:
    """Canonical URLs already archived for an outlet (so a crawl can skip them)."""
    with conn.cursor() as cur:
        cur.execute("SELECT DISTINCT url FROM raw.page WHERE outlet = %s", (outlet,))
        return {row[0] for row in cur.fetchall()}


def _row_to_page(row: tuple) -> RawPage:
    (page_id, outlet, url, final_url, status, fetched_at, ctype, encoding, body_gz, hints, run_id) = row
    return RawPage(
        outlet=outlet, url=url, final_url=final_url, status=status, fetched_at=fetched_at,
        body=gzip.decompress(bytes(body_gz)), content_type=ctype or "", encoding=encoding,
        hints=hints if isinstance(hints, dict) else json.loads(hints or "{}"), crawl_run_id=run_id, id=page_id,
    )


_PAGE_COLUMNS = """page_id, outlet, url, final_url, http_status, fetched_at, content_type, encoding,
                   body_gz, hints, crawl_run_id"""


def pages_by_id(conn: Connection, page_ids: list[int]) -> list[RawPage]:
    """Archived pages with the given ids, in id order."""
    if not page_ids:
        return []
    with conn.cursor() as cur:
        cur.execute(f"SELECT {_PAGE_COLUMNS} FROM raw.page WHERE page_id = ANY(%s) ORDER BY page_id", (page_ids,))
        return [_row_to_page(row) for row in cur.fetchall()]


def iter_pages(
    conn: Connection,
    outlets: list[str] | None = None,
    fetched_since: datetime | None = None,
    fetched_until: datetime | None = None,
    batch_size: int = 200,
) -> Iterator[list[RawPage]]:
    """Archived pages (latest first-seen order) in batches, for reprocessing."""
    with conn.cursor(name="iter_raw_pages") as cur:
        cur.itersize = batch_size
        cur.execute(
            f"""SELECT {_PAGE_COLUMNS} FROM raw.page
                WHERE (%(outlets)s::text[] IS NULL OR outlet = ANY(%(outlets)s))
                  AND (%(since)s::timestamptz IS NULL OR fetched_at >= %(since)s)
                  AND (%(until)s::timestamptz IS NULL OR fetched_at < %(until)s)
                ORDER BY page_id""",
            {"outlets": outlets, "since": fetched_since, "until": fetched_until},
        )
        batch: list[RawPage] = []
        for row in cur:
            batch.append(_row_to_page(row))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch


def start_crawl_run(conn: Connection, outlet: str, window_start: datetime | None,
                    window_end: datetime | None) -> int:
    """Record a crawl starting (committed at once, so a crash still leaves a trace)."""
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO raw.crawl_run (outlet, window_start, window_end) VALUES (%s, %s, %s) RETURNING crawl_run_id",
            (outlet, window_start, window_end),
        )
        run_id = cur.fetchone()[0]
    conn.commit()
    return run_id


def finish_crawl_run(conn: Connection, crawl_run_id: int, status: str, stats: dict,
                     error: str | None = None) -> None:
    """Record how a crawl ended: status ok/failed/empty, its counts and error."""
    with conn.cursor() as cur:
        cur.execute(
            """UPDATE raw.crawl_run SET finished_at = now(), status = %s, stats = %s, error = %s
               WHERE crawl_run_id = %s""",
            (status, Json(stats), error, crawl_run_id),
        )
    conn.commit()
