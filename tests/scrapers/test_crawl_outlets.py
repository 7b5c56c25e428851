"""A real Scrapy crawl (subprocess) of every outlet's demo site, archived in a real PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from etl.demo.server import DemoSites
from etl.demo.sites import SHAPES, DemoArticle
from etl.load.raw_pages import pages_by_id
from etl.warehouse import connect
from scrapers.canonical import canonical_url
from scrapers.crawl import crawl_outlets
from scrapers.outlets import load_outlets
from tests.scrapers.conftest import FAST, make_articles

NEWEST = datetime.fromisoformat("2025-12-14T18:30:00+03:00")
SINCE = NEWEST - timedelta(days=7)
UNTIL = NEWEST + timedelta(days=1)
SLUG_OUTLETS = {"shaam", "syria_tv", "sohr", "hawar"}
OUTLETS = sorted(SHAPES)


def outlet_articles(outlet: str, count: int = 5) -> list[dict]:
    return make_articles(outlet, count, NEWEST, slugs=outlet in SLUG_OUTLETS)


def expected_url(outlet: str, article: dict) -> str:
    path = SHAPES[outlet].article_path(DemoArticle.from_dict(article))
    return canonical_url(load_outlets()[outlet].base_url + path)


@pytest.fixture(scope="module")
def crawled(pg_server, template_db, tmp_path_factory):
    """Every outlet crawled once (two crawl processes) into one fresh database."""
    import uuid
    from dataclasses import replace

    import psycopg2

    from etl.config import Settings
    name = "t_" + uuid.uuid4().hex[:12]
    admin = psycopg2.connect(pg_server)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    settings = replace(Settings.from_env({}), database_url=pg_server.rsplit("/", 1)[0] + "/" + name,
                       data_dir=tmp_path_factory.mktemp("crawl") / ".data")
    articles = [a for outlet in OUTLETS for a in outlet_articles(outlet)]
    with DemoSites(articles, outlets=OUTLETS, per_page=3) as sites:
        reports = crawl_outlets(OUTLETS, SINCE, UNTIL, settings, base_urls=sites.base_urls, processes=2,
                                scrapy_settings=FAST, time_limit_s=60)
        conn = connect(settings)
        pages = pages_by_id(conn, [i for r in reports for i in r.page_ids])
        conn.close()
        yield {r.outlet: r for r in reports}, pages, sites.base_urls, sites.requests
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.parametrize("outlet", OUTLETS)
def test_crawl_archives_every_article_with_canonical_url_and_hints(outlet, crawled):
    reports, all_pages, base_urls, _ = crawled
    report = reports[outlet]
    assert report.status == "ok", (report.error, report.channel_errors, report.alerts, report.log_path)
    assert (report.listed, report.new, report.fetched, report.stored) == (5, 5, 5, 5), report
    assert [k for k in report.failed if ":" not in k] == [] and report.duration_s > 0
    pages = {p.url: p for p in all_pages if p.id in report.page_ids}
    articles = outlet_articles(outlet)
    assert set(pages) == {expected_url(outlet, a) for a in articles}
    for article in articles:
        page = pages[expected_url(outlet, article)]
        assert page.outlet == outlet and page.status == 200 and page.crawl_run_id == report.crawl_run_id
        assert page.final_url.startswith(base_urls[outlet])
        assert article["title"] in page.body.decode("utf-8")
        assert page.encoding == "utf-8" and page.content_type.startswith("text/html")
        assert page.hints["channel"] in ("feed", "wp_json", "sitemap", "listing")
        if page.hints["channel"] != "sitemap":
            assert page.hints["title"] == article["title"]
        published = datetime.fromisoformat(page.hints.get("published") or page.hints["modified"])
        assert published.utcoffset() == timedelta(0)
        # Day-only listing dates (Shaam, Syria TV) give the day; the other channels the exact time.
        assert abs(published - datetime.fromisoformat(article["published"])) < timedelta(days=1)


def test_structured_channels_first_listing_as_fallback(crawled):
    reports, _, _, requests = crawled
    assert reports["sana"].channels["wp_json"] == "ok"
    assert not any(r.startswith("/locals/page/") for r in requests["sana"])
    # Syria TV has no feed at /rss.xml: the 404 hands over to the Drupal listing (?page=0, 1, ...).
    assert "/rss.xml" in requests["syria_tv"] and "/news?page=0" in requests["syria_tv"]
    assert reports["syria_tv"].channels == {"feed": "failed", "listing": "ok"}
    assert reports["hawar"].channels.get("sitemap") == "ok"


def test_crawl_run_recorded_with_counts(crawled, pg_server):
    reports, _, _, _ = crawled
    assert all(r.crawl_run_id for r in reports.values())
    assert reports["shaam"].counts == {"listed": 5, "new": 5, "fetched": 5, "stored": 5, "skipped": {},
                                       "failed": {}, "duration_s": round(reports["shaam"].duration_s, 3)}
