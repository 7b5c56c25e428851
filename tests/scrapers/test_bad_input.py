"""Bad input: each case leaves a recorded reason and never crashes the crawl or other outlets."""

from __future__ import annotations

from etl.demo.server import DemoSites
from etl.demo.sites import SHAPES, DemoArticle
from etl.load.raw_pages import pages_by_id
from etl.warehouse import connect
from scrapers.crawl import crawl_outlet, crawl_outlets
from tests.scrapers.conftest import FAST
from tests.scrapers.test_crawl_outlets import SINCE, UNTIL, outlet_articles

QUICK = FAST | {"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 0}


def test_bad_article_pages_each_get_a_reason(settings):
    articles = outlet_articles("north_press", 9)
    ids = [a["id"] for a in articles]
    modes = ["article_404", "article_410", "article_500", "empty_body", "binary", "redirect_loop", "huge_page",
             "windows_1256"]
    failures = {"north_press": {f"{mode}:{article_id}" for mode, article_id in zip(modes, ids, strict=False)}}
    with DemoSites(articles, failures=failures) as sites:
        report = crawl_outlet("north_press", SINCE, UNTIL, settings, base_url=sites.base_urls["north_press"],
                              scrapy_settings=FAST)
        requests = sites.requests["north_press"]
    assert report.status == "ok", report
    assert (report.listed, report.new, report.stored) == (9, 9, 2)  # the windows-1256 page and the good one
    article_failures = {k: v for k, v in report.failed.items() if ":" not in k}
    assert article_failures == {"http_404": 1, "http_410": 1, "http_500": 1, "empty_body": 1, "not_html": 1,
                                "redirect_loop": 1, "too_large": 1}
    loop_path = SHAPES["north_press"].article_path(DemoArticle.from_dict(articles[5]))
    assert 2 <= requests.count(loop_path) <= 12  # followed up to the redirect limit, then given up
    assert sum(1 for r in requests if r == SHAPES["north_press"].article_path(DemoArticle.from_dict(articles[2]))) == 2
    conn = connect(settings)
    pages = pages_by_id(conn, report.page_ids)
    conn.close()
    legacy = next(p for p in pages if p.encoding == "windows-1256")
    assert articles[7]["title"] in legacy.body.decode("cp1256")  # raw bytes kept, declared encoding recorded
    assert "charset=windows-1256" in legacy.content_type


def test_unusable_sites_fail_with_clear_reasons_and_other_outlets_still_crawl(settings):
    served = ["zaman_alwasl", "enab_baladi", "sana", "syria_tv", "halab_today", "shaam", "sohr"]
    articles = [a for o in served for a in outlet_articles(o, 4)]
    failures = {"zaman_alwasl": {"hang"}, "enab_baladi": {"reset"}, "sana": {"garbage"},
                "syria_tv": {"server_error"}, "halab_today": {"malformed_feed"}, "shaam": {"changed_markup"}}
    with DemoSites(articles, outlets=served, failures=failures, per_page=3) as sites:
        # Offline: an unroutable address and a name that does not resolve.
        base_urls = dict(sites.base_urls, north_press="http://192.0.2.1:81", hawar="http://hawarnews.invalid")
        keys = [*served, "north_press", "hawar"]
        reports = {r.outlet: r for r in crawl_outlets(keys, SINCE, UNTIL, settings, base_urls=base_urls,
                                                      processes=2, scrapy_settings=QUICK, time_limit_s=60)}

    assert reports["sohr"].status == "ok" and reports["sohr"].stored == 4  # unaffected by the others

    hang = reports["zaman_alwasl"]
    assert hang.status == "failed"
    assert hang.error.startswith(f"cannot reach {sites.base_urls['zaman_alwasl']}: timed out"), hang.error
    assert hang.failed == {"feed:timeout": 2, "listing:timeout": 1}  # two feed paths, then the listing
    for outlet in ("enab_baladi", "sana"):  # connection reset / not HTTP at all
        assert reports[outlet].status == "failed", reports[outlet]
        assert reports[outlet].error.startswith(f"cannot reach {sites.base_urls[outlet]}: "), reports[outlet].error

    syria_tv = reports["syria_tv"]  # 5xx after retries on every channel
    assert syria_tv.status == "failed" and "no discovery channel answered" in syria_tv.error
    assert "HTTP 500" in syria_tv.error and syria_tv.failed == {"feed:http_500": 1, "listing:http_500": 1}

    halab = reports["halab_today"]  # malformed feed: recorded, and the listing takes over
    assert halab.status == "ok" and halab.stored == 4 and halab.channels == {"feed": "failed", "listing": "ok"}
    assert halab.failed == {"feed:malformed_feed": 1}
    assert any("not well-formed XML" in e for e in halab.channel_errors)

    shaam = reports["shaam"]  # listing markup changed: zero items is an alert, not a silent success
    assert shaam.status == "empty" and shaam.listed == 0 and shaam.alerts
    assert "returned no items" in shaam.error and "markup may have changed" in shaam.error

    unroutable, unresolvable = reports["north_press"], reports["hawar"]
    assert unroutable.status == "failed"
    assert unroutable.error.startswith("cannot reach http://192.0.2.1:81: "), unroutable.error
    assert unresolvable.status == "failed"
    assert unresolvable.error == "cannot reach http://hawarnews.invalid: DNS lookup failed"

    conn = connect(settings)
    with conn.cursor() as cur:
        cur.execute("SELECT outlet, status, error IS NOT NULL FROM raw.crawl_run ORDER BY outlet")
        runs = dict((outlet, (status, has_error)) for outlet, status, has_error in cur.fetchall())
    conn.close()
    assert runs == {r.outlet: (r.status, r.error is not None) for r in reports.values()}


def test_rate_limit_retry_after_and_crawl_delay_are_honoured(settings):
    outlets = ["sana", "enab_baladi"]
    articles = [a for o in outlets for a in outlet_articles(o, 3)]
    with DemoSites(articles, outlets=outlets, failures={"sana": {"rate_limit"}},
                   crawl_delay={"enab_baladi": 0.4}) as sites:
        sana, enab = crawl_outlets(outlets, SINCE, UNTIL, settings, base_urls=sites.base_urls, scrapy_settings=FAST)
        sana_requests = sites.requests["sana"]
    assert sana.status == "ok" and sana.stored == 3
    article_paths = [SHAPES["sana"].article_path(DemoArticle.from_dict(a)) for a in outlet_articles("sana", 3)]
    assert all(sana_requests.count(p) == 2 for p in article_paths)  # 429 then the retry
    assert sana.duration_s >= 1.0  # Retry-After: 1 was waited for
    # robots.txt says Crawl-delay: 0.4 (DOWNLOAD_DELAY is 0 in tests): feed + 3 articles ≥ 1.2 s apart
    assert enab.status == "ok" and enab.stored == 3
    assert enab.duration_s >= 1.2
