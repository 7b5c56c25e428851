"""Whole jobs built from the stages: a live run, the offline demo, an ingest, a reprocess.

Each job returns a summary dataclass; the CLI prints it, the tests assert on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2.extensions

from etl import pipeline
from etl.config import Settings
from etl.ingest import LineError, read_ingest_file
from etl.load.raw_pages import store_raw_page
from etl.pipeline import StageStats
from etl.warehouse import connect
from scrapers.crawl import CrawlReport, crawl_outlets
from scrapers.outlets import load_outlets

Connection = psycopg2.extensions.connection
ProgressFactory = Callable[[str, int | None], Callable[[int], None]]
CRAWL_PROCESSES = 2
# The demo's sites are our own pages on loopback: no need to throttle ourselves.
DEMO_SCRAPY_SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0}


def _no_progress(_label: str, _total: int | None) -> Callable[[int], None]:
    return lambda _n: None


@dataclass
class RunSummary:
    """What one job did: crawl outcomes per outlet, stage counts, and its ops.pipeline_run id."""

    kind: str
    crawls: list[CrawlReport] = field(default_factory=list)
    stages: list[StageStats] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    run_id: int | None = None
    status: str = "ok"

    @property
    def failed_outlets(self) -> list[CrawlReport]:
        return [c for c in self.crawls if c.status == "failed"]


def default_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The last 24 hours, ending now (UTC)."""
    until = now or datetime.now(UTC)
    return until - timedelta(hours=24), until


def run_window(
    settings: Settings,
    since: datetime,
    until: datetime,
    outlets: list[str] | None = None,
    base_urls: dict[str, str] | None = None,
    refresh: bool = False,
    kind: str = "run",
    progress: ProgressFactory = _no_progress,
    scrapy_settings: dict | None = None,
) -> RunSummary:
    """Crawl the outlets for [since, until) (a failure stays with its outlet), then process everything.

    Outlets are crawled in parallel (different hosts); politeness applies within each outlet.
    """
    if since >= until:
        raise ValueError(f"empty window: --since {since.isoformat()} is not before --until {until.isoformat()}")
    known = load_outlets()
    keys = outlets or list(known)
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(f"unknown outlet(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    summary, started_at = RunSummary(kind), datetime.now(UTC)
    base_urls = {**settings.base_urls, **(base_urls or {})}
    summary.crawls = crawl_outlets(keys, since, until, settings, base_urls, refresh,
                                   processes=CRAWL_PROCESSES, scrapy_settings=scrapy_settings)
    with connect(settings) as conn:
        summary.stages = pipeline.process(conn, settings, progress("process", None))
        summary.status = _status(summary)
        crawl_info = {c.outlet: {"status": c.status, "error": c.error, **c.counts} for c in summary.crawls}
        summary.run_id = pipeline.record_run(conn, kind, summary.stages, summary.status, (since, until),
                                             {"crawl": crawl_info}, started_at=started_at)
    return summary


def _status(summary: RunSummary) -> str:
    if summary.crawls and all(c.status == "failed" for c in summary.crawls):
        return "failed"
    return "partial" if summary.failed_outlets or summary.errors else "ok"


def run_ingest(settings: Settings, path: Path, progress: ProgressFactory = _no_progress) -> RunSummary:
    """Archive the valid lines of a JSONL file, then process them; invalid lines are reported."""
    started_at = datetime.now(UTC)
    batch = read_ingest_file(path)
    summary = RunSummary("ingest", errors=list(batch.errors))
    with connect(settings) as conn:
        archived = {}
        for number, page in batch.pages:
            page_id, _ = store_raw_page(conn, page)
            archived[page_id] = number
        conn.commit()
        summary.stages = pipeline.process(conn, settings, progress("process", None))
        summary.errors += _quarantined_lines(conn, archived)
        summary.errors.sort(key=lambda e: e.line)
        summary.status = _status(summary)
        summary.run_id = pipeline.record_run(
            conn, "ingest", summary.stages, summary.status,
            extra={"file": str(path), "lines": batch.lines, "invalid_lines": len(summary.errors)},
            started_at=started_at,
        )
    return summary


def _quarantined_lines(conn: Connection, line_of_page: dict[int, int]) -> list[LineError]:
    """Lines whose article was quarantined by cleaning (e.g. not Arabic), as line errors."""
    if not line_of_page:
        return []
    with conn.cursor() as cur:
        cur.execute(
            "SELECT page_id, reason, detail FROM staging.quarantine WHERE page_id = ANY(%s)",
            (list(line_of_page),),
        )
        return [
            LineError(line_of_page[page_id], f"quarantined: {reason}" + (f" ({detail})" if detail else ""))
            for page_id, reason, detail in cur.fetchall()
        ]


def run_demo(settings: Settings, progress: ProgressFactory = _no_progress) -> RunSummary:
    """The full pipeline on the bundled snapshot, served on 127.0.0.1 by this process."""
    from etl.demo.server import DemoSites
    from etl.demo.snapshot import load_snapshot

    snapshot = load_snapshot()
    with DemoSites(snapshot.articles) as sites:
        return run_window(settings, snapshot.window_start, snapshot.window_end, outlets=list(sites.base_urls),
                          base_urls=sites.base_urls, kind="demo", progress=progress,
                          scrapy_settings=DEMO_SCRAPY_SETTINGS)


def run_reprocess(settings: Settings, outlets: list[str] | None = None,
                  progress: ProgressFactory = _no_progress) -> RunSummary:
    """Re-clean archived pages and re-extract, re-dedup and re-load, without crawling."""
    summary, started_at = RunSummary("reprocess"), datetime.now(UTC)
    with connect(settings) as conn:
        summary.stages = [pipeline.reclean_stage(conn, outlets, settings.batch_size, progress("reclean", None))]
        summary.stages += pipeline.process(conn, settings, progress("process", None))[1:]
        summary.run_id = pipeline.record_run(conn, "reprocess", summary.stages, "ok",
                                             extra={"outlets": outlets or "all"}, started_at=started_at)
    return summary
