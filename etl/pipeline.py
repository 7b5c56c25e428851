"""The pipeline's stages as plain functions: the CLI, the Airflow DAG and the tests all call these.

crawl (per outlet, subprocess) → clean → extract → dedup → load. Every stage after the crawl
works on what is pending in the warehouse (pages not yet cleaned, articles not yet extracted,
reports not yet assigned, events not yet loaded), so each is idempotent: running it twice does
nothing the second time.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import psycopg2.extensions

from etl import dedup
from etl.clean.page import DEFAULT_TIMEZONE, clean_page
from etl.config import Settings
from etl.extract import extract_events
from etl.load.articles import (
    articles_pending_extraction,
    ensure_outlet,
    pending_page_ids,
    store_article,
    store_quarantine,
)
from etl.load.dimensions import seed_actors, seed_places
from etl.load.events import load_events, store_candidates
from etl.load.raw_pages import iter_pages, pages_by_id
from etl.models import Article, RawPage
from scrapers.outlets import Outlet, load_outlets

Connection = psycopg2.extensions.connection
Progress = Callable[[int], None]


@dataclass
class StageStats:
    """Counts one stage reports (logged by the CLI and the DAG, stored in ops.task_metric)."""

    stage: str
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {**self.counts, "seconds": round(self.seconds, 3)}


def _noop(_: int) -> None:
    return None


def _clean_and_store(conn: Connection, page: RawPage, outlets: dict[str, Outlet], stats: StageStats,
                     new_label: str) -> None:
    """Clean one page and store the Article (or the Quarantine); count what happened."""
    outlet = outlets.get(page.outlet)
    result = clean_page(page, outlet.selectors if outlet else None, outlet.timezone if outlet else DEFAULT_TIMEZONE)
    ensure_outlet(conn, page.outlet, outlet.name if outlet else page.outlet, outlet.domain if outlet else None,
                  outlet is not None)
    if isinstance(result, Article):
        _, is_new = store_article(conn, result)
        stats.counts[new_label if is_new else "articles_unchanged"] += 1
    else:
        store_quarantine(conn, result)
        stats.counts[f"quarantined_{result.reason}"] += 1


def clean_stage(conn: Connection, batch_size: int = 200, progress: Progress = _noop) -> StageStats:
    """Clean every archived page not yet cleaned or quarantined; one transaction per batch."""
    stats, started = StageStats("clean"), time.monotonic()
    outlets = load_outlets()
    page_ids = pending_page_ids(conn)
    for start in range(0, len(page_ids), batch_size):
        for page in pages_by_id(conn, page_ids[start:start + batch_size]):
            _clean_and_store(conn, page, outlets, stats, "articles_new")
            progress(1)
        conn.commit()
    stats.seconds = time.monotonic() - started
    return stats


def reclean_stage(conn: Connection, outlets: list[str] | None = None, batch_size: int = 200,
                  progress: Progress = _noop) -> StageStats:
    """Clean every archived page again (after a parser fix) and queue all latest versions for extraction.

    A page whose cleaned text changed becomes a new article version; unchanged ones keep their row.
    One transaction: a failed reprocess leaves the previous state.
    """
    stats, started = StageStats("reclean"), time.monotonic()
    selected = {"o": outlets}
    with conn.cursor() as cur:
        cur.execute("DELETE FROM staging.quarantine WHERE %(o)s::text[] IS NULL OR outlet = ANY(%(o)s)", selected)
        cur.execute("UPDATE staging.article SET extracted_at = NULL WHERE %(o)s::text[] IS NULL OR outlet = ANY(%(o)s)",
                    selected)
    outlet_config = load_outlets()
    for batch in iter_pages(conn, outlets, batch_size=batch_size):
        for page in batch:
            _clean_and_store(conn, page, outlet_config, stats, "articles_changed")
            progress(1)
    conn.commit()
    stats.seconds = time.monotonic() - started
    return stats


def extract_stage(conn: Connection, batch_size: int = 200, progress: Progress = _noop) -> StageStats:
    """Extract event reports from every Arabic article version not yet extracted."""
    stats, started = StageStats("extract"), time.monotonic()
    articles = articles_pending_extraction(conn)
    for start in range(0, len(articles), batch_size):
        for article in articles[start:start + batch_size]:
            reports = extract_events(article)
            store_candidates(conn, article.id, reports)
            stats.counts["articles"] += 1
            stats.counts["reports"] += len(reports)
            stats.counts["articles_with_events"] += bool(reports)
            progress(1)
        conn.commit()
    stats.seconds = time.monotonic() - started
    return stats


def dedup_stage(conn: Connection) -> StageStats:
    """Assign every pending report to a new or existing event (and link duplicate articles)."""
    stats, started = StageStats("dedup"), time.monotonic()
    result = dedup.dedup_pending(conn)
    stats.counts.update({"reports": result.reports, "events_new": result.new_events,
                         "merged_into_existing": result.merged_into_existing})
    stats.seconds = time.monotonic() - started
    return stats


def load_stage(conn: Connection, batch_size: int = 2000, bulk_min: int = Settings.bulk_load_min) -> StageStats:
    """Move every staged event waiting for load into core (one transaction per batch, or one bulk load)."""
    stats, started = StageStats("load"), time.monotonic()
    result = load_events(conn, batch_size, bulk_min)
    stats.counts.update({"events_loaded": result.events_upserted, "events_deleted": result.events_deleted,
                         "reports_loaded": result.reports_loaded, "bulk": int(result.bulk)})
    stats.seconds = time.monotonic() - started
    return stats


def process(conn: Connection, settings: Settings, progress: Progress = _noop) -> list[StageStats]:
    """Run clean → extract → dedup → load on whatever is pending (dimensions seeded first)."""
    seed_places(conn)
    seed_actors(conn)
    conn.commit()
    return [
        clean_stage(conn, settings.batch_size, progress),
        extract_stage(conn, settings.batch_size, progress),
        dedup_stage(conn),
        load_stage(conn, bulk_min=settings.bulk_load_min),
    ]


def record_run(conn: Connection, kind: str, stages: Iterable[StageStats], status: str,
               window: tuple[datetime | None, datetime | None] = (None, None),
               extra: dict | None = None, error: str | None = None, started_at: datetime | None = None) -> int:
    """Store one pipeline run and its per-stage metrics in ops; return its run_id."""
    stages = list(stages)
    summary = {s.stage: s.as_dict() for s in stages} | (extra or {})
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO ops.pipeline_run (kind, window_start, window_end, started_at, finished_at, status,
                                             error, stats)
               VALUES (%s, %s, %s, coalesce(%s, now()), clock_timestamp(), %s, %s, %s::jsonb) RETURNING run_id""",
            (kind, window[0], window[1], started_at, status, error, _json(summary)),
        )
        run_id = cur.fetchone()[0]
        for stage in stages:
            for metric, value in stage.as_dict().items():
                cur.execute(
                    "INSERT INTO ops.task_metric (run_id, task, metric, value) VALUES (%s, %s, %s, %s)",
                    (run_id, stage.stage, metric, float(value)),
                )
    conn.commit()
    return run_id


def _json(data: dict) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, default=str)
