"""The bundled demo snapshot, crawled the way `syria-events demo` does: every article archived."""

from __future__ import annotations

from etl.demo.server import DemoSites
from etl.demo.snapshot import load_snapshot
from etl.load.raw_pages import pages_by_id
from etl.warehouse import connect
from scrapers.crawl import crawl_outlets
from tests.scrapers.conftest import FAST


def test_snapshot_sites_crawl_completely(settings):
    snapshot = load_snapshot()
    with DemoSites(snapshot.articles) as sites:
        reports = crawl_outlets(snapshot.outlets(), snapshot.window_start, snapshot.window_end, settings,
                                base_urls=sites.base_urls, scrapy_settings=FAST, time_limit_s=120)
    assert {r.outlet: r.status for r in reports} == dict.fromkeys(snapshot.outlets(), "ok")
    per_outlet = {o: sum(a["outlet"] == o for a in snapshot.articles) for o in snapshot.outlets()}
    assert {r.outlet: r.stored for r in reports} == per_outlet
    conn = connect(settings)
    pages = pages_by_id(conn, [i for r in reports for i in r.page_ids])
    conn.close()
    titles = {a["title"] for a in snapshot.articles}
    assert len(pages) == len(snapshot.articles)
    assert {p.hints["title"] for p in pages if p.hints.get("title")} <= titles
    assert all(p.url.startswith("https://") and "127.0.0.1" not in p.url for p in pages)
