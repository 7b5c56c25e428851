"""Dedup against the warehouse: link duplicate articles, assign pending reports to events.

`dedup_pending` reads the candidates extraction left without an event_uid, loads only the
stored events they could join (their blocking windows), clusters, and writes each candidate's
event_uid back — all in one transaction. `rebuild` clears every assignment and re-clusters
everything in the same processing order, so it reproduces the incremental result (same
clusters, same event_uids) on data that arrived in published order. Both stage every event they
touch, with its canonical values, in staging.event (etl/dedup/staged_events.py); neither writes
core: the load stage moves staged events and their reports into core.fact_event / core.event_report.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

import psycopg2.extensions
from psycopg2.extras import execute_values

from etl.dedup.articles import ArticleIndex
from etl.dedup.canonical import canonical_event
from etl.dedup.config import load_thresholds
from etl.dedup.events import cluster_reports
from etl.dedup.staged_events import stage_events
from etl.models import Event, EventReport, report_from_json

Connection = psycopg2.extensions.connection
DEDUP_LOCK_ID = 74_321_006  # pg_advisory_xact_lock key: one dedup run at a time

_CANDIDATES = """
    SELECT c.article_id, c.report_index, c.report, a.url, a.outlet, a.published_at, c.event_uid
    FROM staging.event_candidate c JOIN staging.article a USING (article_id)"""


@dataclass
class DedupStats:
    """What one dedup run did."""

    reports: int = 0  # pending reports assigned
    new_events: int = 0  # events founded by this run
    merged_into_existing: int = 0  # reports that joined an event assigned on an earlier run
    article_links: int = 0  # core.article_link rows written
    staged: int = 0  # staging.event rows (re)written
    touched: set[str] = field(default_factory=set)  # event_uids that gained reports


@dataclass
class _Article:
    article_id: int
    url: str
    text: str
    content_hash: str
    published: datetime | None


# -- articles ------------------------------------------------------------------------------


def link_articles(conn: Connection, article_ids: list[int]) -> int:
    """Link each given article to an earlier article it duplicates; return rows written.

    Compared: stored articles published within `window_days` of the new ones, and any article
    with the same content hash. "Earlier" is (published_at, article_id) order; an article links
    to its best match (exact copies first). Versions of one URL are never linked. Rows already
    present are left alone; nothing is deleted. Does not commit.
    """
    if not article_ids:
        return 0
    with conn.cursor() as cur:
        new = _fetch_articles(cur, "a.article_id = ANY(%s)", (list(article_ids),))
        stored = _fetch_articles(cur, *_neighbourhood(new, load_thresholds().articles.window_days))
        links = _article_links(new, stored)
        if not links:
            return 0
        execute_values(cur, """INSERT INTO core.article_link (article_id, duplicate_of, kind, similarity)
                               VALUES %s ON CONFLICT DO NOTHING""", links)
        return cur.rowcount


def link_pending_articles(conn: Connection) -> int:
    """link_articles for every article version not compared yet, marking them compared."""
    with conn.cursor() as cur:
        cur.execute("SELECT article_id FROM staging.article WHERE dedup_checked_at IS NULL ORDER BY 1")
        ids = [row[0] for row in cur.fetchall()]
        written = link_articles(conn, ids)
        cur.execute("UPDATE staging.article SET dedup_checked_at = now() WHERE article_id = ANY(%s)", (ids,))
    return written


def _fetch_articles(cur: psycopg2.extensions.cursor, where: str, params: tuple) -> list[_Article]:
    cur.execute(f"""SELECT a.article_id, a.url, a.title || E'\\n\\n' || a.body, a.content_hash,
                           a.published_at FROM staging.article a WHERE {where}""", params)
    return [_Article(*row) for row in cur.fetchall()]


def _neighbourhood(new: list[_Article], days: int) -> tuple[str, tuple]:
    """WHERE clause for stored articles that could duplicate `new` ones."""
    ids = [a.article_id for a in new]
    hashes = [a.content_hash for a in new]
    times = [a.published for a in new if a.published is not None]
    if not times:
        return "a.content_hash = ANY(%s) AND NOT a.article_id = ANY(%s)", (hashes, ids)
    lo, hi = min(times) - timedelta(days=days), max(times) + timedelta(days=days)
    return ("(a.published_at BETWEEN %s AND %s OR a.content_hash = ANY(%s)) AND NOT a.article_id = ANY(%s)",
            (lo, hi, hashes, ids))


def _article_links(new: list[_Article], stored: list[_Article]) -> list[tuple]:
    """(article_id, duplicate_of, kind, similarity) for pairs involving at least one new article."""
    new_ids = {a.article_id for a in new}
    urls = {a.article_id: a.url for a in new + stored}
    index = ArticleIndex()
    links = []
    for art in sorted(new + stored, key=_article_order):
        matches = index.add_and_query(art.article_id, art.text, art.content_hash)
        matches = [m for m in matches if urls[m.key] != art.url]
        if matches and (art.article_id in new_ids or matches[0].key in new_ids):
            best = matches[0]
            links.append((art.article_id, best.key, best.kind, round(best.similarity, 4)))
    return links


def _article_order(a: _Article) -> tuple:
    return (a.published is None, a.published or datetime.min.replace(tzinfo=UTC), a.article_id)


# -- events --------------------------------------------------------------------------------


def dedup_pending(conn: Connection) -> DedupStats:
    """Link pending articles and assign every pending candidate to a new or existing event.

    One transaction (committed on success, rolled back on error); concurrent runs wait on an
    advisory lock.
    """
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (DEDUP_LOCK_ID,))
        stats = _assign_pending(conn, _next_batch(conn))
        stats.staged += _restage_unstaged(conn)
        stats.article_links = link_pending_articles(conn)
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    return stats


def rebuild(conn: Connection) -> DedupStats:
    """Forget every assignment and re-cluster all candidates from scratch (one transaction).

    Replays the incremental runs in the order they happened (each run's reports against the
    events of the runs before it), so rebuild gives the incremental clusters and event_uids even
    when a backdated article arrived after newer ones; candidates never assigned come last.
    Events whose uid no longer exists are removed from core by the next load.
    """
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (DEDUP_LOCK_ID,))
            cur.execute("SELECT DISTINCT dedup_batch FROM staging.event_candidate "
                        "WHERE dedup_batch IS NOT NULL ORDER BY 1")
            batches = [row[0] for row in cur.fetchall()]
            cur.execute("UPDATE staging.event_candidate SET event_uid = NULL, "
                        "dedup_batch = -coalesce(dedup_batch, 0) - 1")
            cur.execute("DELETE FROM staging.event")
        stats = DedupStats()
        for batch in [*batches, None]:
            replayed = _assign_pending(conn, batch if batch is not None else _next_batch(conn),
                                       only_batch=-(batch or 0) - 1)
            stats.reports += replayed.reports
            stats.new_events += replayed.new_events
            stats.merged_into_existing += replayed.merged_into_existing
            stats.touched |= replayed.touched
            stats.staged += replayed.staged
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    return stats


def _next_batch(conn: Connection) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT nextval('staging.dedup_batch_seq')")
        return cur.fetchone()[0]


def _assign_pending(conn: Connection, batch: int, only_batch: int | None = None) -> DedupStats:
    """Assign the pending candidates (those parked under `only_batch` during a rebuild) as run `batch`."""
    with conn.cursor() as cur:
        if only_batch is None:
            cur.execute(_CANDIDATES + " WHERE c.event_uid IS NULL", ())
        else:
            cur.execute(_CANDIDATES + " WHERE c.event_uid IS NULL AND c.dedup_batch = %s", (only_batch,))
        pending = [_row_report(row) for row in cur.fetchall()]
        if not pending:
            return DedupStats()
        existing = _existing_events(cur, [r for _, r in pending])
        keys = {id(report): key for key, report in pending}
        events = cluster_reports([r for _, r in pending], existing)
        stats, rows = _assignments(events, {e.event_uid for e in existing}, keys)
        stats.staged = stage_events(cur, (e for e in events if e.event_uid in stats.touched))
        execute_values(cur, """UPDATE staging.event_candidate c SET event_uid = v.uid, dedup_batch = v.batch
                               FROM (VALUES %s) AS v(article_id, report_index, uid, batch)
                               WHERE c.article_id = v.article_id AND c.report_index = v.report_index""",
                       [(*row, batch) for row in rows], page_size=1000)
    return stats


def _row_report(row: tuple) -> tuple[tuple[int, int], EventReport]:
    """((article_id, report_index), report) with url/outlet/published taken from the article."""
    article_id, report_index, payload, url, outlet, published, _ = row
    report = report_from_json(payload if isinstance(payload, dict) else json.loads(payload))
    report = replace(report, article_url=url, outlet=outlet, report_index=report_index,
                     published=published.astimezone(UTC) if published else report.published)
    return (article_id, report_index), report


def _existing_events(cur: psycopg2.extensions.cursor, reports: list[EventReport]) -> list[Event]:
    """Assigned events with a report in the date window of any pending report (all their reports)."""
    days = [r.event_date or (r.published.date() if r.published else None) for r in reports]
    days = [d for d in days if d is not None]
    if not days:
        return []
    reach = timedelta(days=max(load_thresholds().events.window_days))
    lo, hi = min(days) - reach, max(days) + reach
    events = _events(cur, """c.event_uid IN (
            SELECT e.event_uid FROM staging.event_candidate e JOIN staging.article ea USING (article_id)
            WHERE e.event_uid IS NOT NULL AND (e.report->>'event_date' BETWEEN %s AND %s
               OR (e.report->>'event_date' IS NULL AND ea.published_at BETWEEN %s AND %s)))""",
                     (lo.isoformat(), hi.isoformat(), _midnight(lo), _midnight(hi + timedelta(days=1))))
    # Founding order: the event whose first report came first is listed first.
    return sorted(events, key=lambda e: (_first_order(e), e.event_uid))


def _events(cur: psycopg2.extensions.cursor, where: str, params: tuple) -> list[Event]:
    """The assigned events with a candidate matching `where` (alias c), each with all its reports."""
    cur.execute(_CANDIDATES + f" WHERE c.event_uid IS NOT NULL AND {where}", params)
    grouped: dict[str, list[EventReport]] = defaultdict(list)
    for row in cur.fetchall():
        grouped[row[6]].append(_row_report(row)[1])
    return [canonical_event(uid, reports) for uid, reports in grouped.items()]


def _restage_unstaged(conn: Connection) -> int:
    """Stage the assigned events that have no staged row, and drop staged rows no report backs.

    An event loses its staged row when one of its reports is re-extracted (store_candidates),
    and warehouses created before staging.event have none; either way it is recomputed here.
    """
    with conn.cursor() as cur:
        cur.execute("""SELECT DISTINCT c.event_uid FROM staging.event_candidate c
                       WHERE c.event_uid IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM staging.event e WHERE e.event_uid = c.event_uid)""")
        uids = [row[0] for row in cur.fetchall()]
        staged = stage_events(cur, _events(cur, "c.event_uid = ANY(%s)", (uids,))) if uids else 0
        cur.execute("""DELETE FROM staging.event e WHERE NOT EXISTS
                       (SELECT 1 FROM staging.event_candidate c WHERE c.event_uid = e.event_uid)""")
    return staged


def _first_order(event: Event) -> tuple:
    first = event.reports[0]  # canonical_event lists reports in processing order
    return (first.published is None, first.published or datetime.min.replace(tzinfo=UTC),
            first.article_url, first.report_index)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _assignments(events: list[Event], existing_uids: set[str],
                 keys: dict[int, tuple[int, int]]) -> tuple[DedupStats, list[tuple[int, int, str]]]:
    """Stats and (article_id, report_index, event_uid) rows for the pending reports."""
    stats = DedupStats()
    rows = []
    for event in events:
        mine = [keys[id(r)] for r in event.reports if id(r) in keys]
        if not mine:
            continue
        stats.touched.add(event.event_uid)
        stats.reports += len(mine)
        if event.event_uid in existing_uids:
            stats.merged_into_existing += len(mine)
        else:
            stats.new_events += 1
        rows.extend((article_id, index, event.event_uid) for article_id, index in mine)
    return stats, rows
