"""Incremental crawls, refresh, new versions of changed articles, and the since/until window."""

from __future__ import annotations

from datetime import timedelta

from etl.demo.server import DemoSites
from etl.warehouse import connect
from scrapers.crawl import crawl_outlet
from tests.scrapers.conftest import FAST
from tests.scrapers.test_crawl_outlets import NEWEST, SINCE, UNTIL, outlet_articles


def test_second_crawl_fetches_nothing_refresh_refetches_changed_article_is_new_version(settings):
    articles = outlet_articles("shaam")
    with DemoSites(articles, per_page=3) as sites:
        base = sites.base_urls["shaam"]
        first = crawl_outlet("shaam", SINCE, UNTIL, settings, base_url=base, scrapy_settings=FAST)
        assert (first.status, first.stored) == ("ok", 5)
        before = len(sites.requests["shaam"])

        second = crawl_outlet("shaam", SINCE, UNTIL, settings, base_url=base, scrapy_settings=FAST)
        assert (second.status, second.new, second.fetched, second.stored) == ("empty", 0, 0, 0)
        assert second.skipped == {"known": 5} and "no new articles" in second.error
        listing_only = [r for r in sites.requests["shaam"][before:] if not r.startswith("/news/syria-news?")]
        assert [r for r in listing_only if r != "/robots.txt"] == [], "no article page fetched again"

        third = crawl_outlet("shaam", SINCE, UNTIL, settings, base_url=base, refresh=True, scrapy_settings=FAST)
        assert (third.status, third.fetched, third.stored) == ("ok", 5, 0)
        assert third.skipped == {"unchanged": 5}

        edited = [dict(a) for a in articles]
        edited[1]["body"] += "\n\nتحديث: أعلنت الجهات المعنية انتهاء الأعمال مساء اليوم."
        sites.set_articles(edited)
        fourth = crawl_outlet("shaam", SINCE, UNTIL, settings, base_url=base, refresh=True, scrapy_settings=FAST)
        assert (fourth.status, fourth.fetched, fourth.stored) == ("ok", 5, 1)
    conn = connect(settings)
    with conn.cursor() as cur:
        cur.execute("SELECT url, count(*) FROM raw.page GROUP BY url HAVING count(*) > 1")
        versions = cur.fetchall()
        cur.execute("SELECT status, (stats->>'stored')::int FROM raw.crawl_run ORDER BY crawl_run_id")
        runs = cur.fetchall()
    conn.close()
    assert len(versions) == 1 and versions[0][1] == 2  # old version kept, new one added
    assert runs == [("ok", 5), ("empty", 0), ("ok", 0), ("ok", 1)]


def test_window_stops_listing_pagination_and_skips_old_items(settings):
    # 10 articles 20 h apart, 3 per listing page (4 pages); Shaam's listing shows only the day.
    articles = outlet_articles("shaam", 10)
    since = NEWEST - timedelta(hours=50)
    with DemoSites(articles, per_page=3) as sites:
        report = crawl_outlet("shaam", since, UNTIL, settings, base_url=sites.base_urls["shaam"],
                              scrapy_settings=FAST)
        requests = sites.requests["shaam"]
    # Items 0-2 are in the window; item 3 (60 h old) is on the window's first day, so a day-only
    # date cannot exclude it; items 4-5 are listed on page 2 and skipped; pages 3-4 never asked for.
    assert report.status == "ok"
    assert (report.listed, report.new, report.stored) == (6, 4, 4)
    assert report.skipped == {"before_window": 2}
    assert "/news/syria-news?page=2" in requests and "/news/syria-news?page=3" not in requests


def test_window_until_and_feed_covering_the_window(settings):
    # Halab Today's feed has the 10 latest items, precise times: it reaches back past `since`,
    # so the listing is not needed.
    articles = outlet_articles("halab_today", 10)
    since, until = NEWEST - timedelta(hours=70), NEWEST - timedelta(hours=10)
    with DemoSites(articles, per_page=3) as sites:
        report = crawl_outlet("halab_today", since, until, settings, base_url=sites.base_urls["halab_today"],
                              scrapy_settings=FAST)
        requests = sites.requests["halab_today"]
    assert report.status == "ok" and report.channels == {"feed": "ok"}
    assert (report.listed, report.new, report.stored) == (10, 3, 3)  # 20 h, 40 h, 60 h old
    assert report.skipped == {"after_window": 1, "before_window": 6}
    assert not any(r.startswith("/archives/category/") for r in requests)
