"""Item pipelines: every fetched page goes to the raw archive before anything parses it."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import psycopg2
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from etl.load.raw_pages import store_raw_page
from etl.models import RawPage

logger = logging.getLogger(__name__)


class ArchivePipeline:
    """Stores each `RawPage` item with `store_raw_page`, committing per item (in a writer thread).

    Per-item commits mean a crawl cut off half-way keeps everything fetched so far. Stats:
    outlet/stored (new rows), outlet/skipped/unchanged (same URL and bytes already archived),
    outlet/failed/archive_error; stored page ids go to the stat outlet/page_ids.
    """

    def __init__(self, crawler: Crawler, database_url: str, crawl_run_id: int | None) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self.crawl_run_id = crawl_run_id
        self.conn = None
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive")
        self.page_ids: list[int] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        url = crawler.settings.get("SYRIA_EVENTS_DATABASE_URL")
        if not url:
            raise NotConfigured("SYRIA_EVENTS_DATABASE_URL is not set: pages would not be archived")
        run_id = crawler.settings.get("SYRIA_EVENTS_CRAWL_RUN_ID")
        return cls(crawler, url, int(run_id) if run_id else None)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.conn = psycopg2.connect(self.database_url, connect_timeout=10)
        # Per-item commits without waiting for the WAL flush of each: a database crash could lose
        # the last moments of pages, which the next crawl fetches again (they are not yet known);
        # waiting for an fsync per page would make the archive the crawl's bottleneck.
        with self.conn.cursor() as cur:
            cur.execute("SET synchronous_commit = off")
        self.conn.commit()

    def close_spider(self, spider: Spider | None = None) -> None:
        self.crawler.stats.set_value("outlet/page_ids", list(self.page_ids))
        self.writer.shutdown(wait=True)
        if self.conn is not None:
            self.conn.close()

    def _store(self, item: RawPage) -> tuple[int, bool]:
        try:
            result = store_raw_page(self.conn, item)
            self.conn.commit()
            return result
        except Exception:
            self.conn.rollback()
            raise

    async def process_item(self, item: RawPage, spider: Spider | None = None) -> RawPage:
        stats = self.crawler.stats
        if self.crawl_run_id is not None:
            item.crawl_run_id = self.crawl_run_id
        try:
            # One writer thread: the reactor keeps downloading while a page is written, and the
            # connection is never used by two threads at once.
            page_id, is_new = await asyncio.get_running_loop().run_in_executor(self.writer, self._store, item)
        except psycopg2.Error as exc:
            stats.inc_value("outlet/failed/archive_error")
            logger.error("could not archive %s: %s", item.url, exc)
            return item
        item.id = page_id
        if is_new:
            stats.inc_value("outlet/stored")
            self.page_ids.append(page_id)
        else:
            stats.inc_value("outlet/skipped/unchanged")
        return item
