"""The demo sites: each outlet's real shape, rendered from the snapshot or a test's articles."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup

from etl.demo.server import DemoSites
from etl.demo.sites import SHAPES, DemoArticle, render_site
from scrapers.outlets import load_outlets

ARTICLES = [
    {"outlet": outlet, "id": str(700100 + i) if outlet not in ("shaam", "syria_tv") else f"خبر-تجريبي-رقم-{i}",
     "section": "محليات", "published": f"2025-12-1{i}T1{i}:15:00+03:00", "title": f"عنوان تجريبي رقم {i}",
     "author": "محرر", "body": f"دمشق – خاص\nفقرة أولى رقم {i}.\n\nفقرة ثانية رقم {i}."}
    for outlet in SHAPES for i in range(1, 5)
]


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_snapshot_renders_six_outlet_sites_with_pagination():
    with DemoSites(per_page=5) as sites:
        assert set(sites.base_urls) == {"shaam", "enab_baladi", "sana", "syria_tv", "halab_today", "north_press"}
        for outlet in sites.base_urls:
            site = sites.site(outlet)
            assert site.page_count >= 2, outlet
            status, _, body = _get(site.listing_url(SHAPES[outlet].first_page + 1))
            assert status == 200 and body.count(b"href") > 5


@pytest.mark.parametrize("outlet", sorted(SHAPES))
def test_pages_match_the_outlet_selectors_and_carry_chrome(outlet):
    site = render_site(outlet, ARTICLES, "http://127.0.0.1:1", per_page=3)
    cfg = load_outlets()[outlet]
    article = site.articles[0]
    page = BeautifulSoup(site.get(SHAPES[outlet].article_path(article)).body, "lxml")
    body = page.select_one(cfg.selectors["body"])
    assert body is not None and "فقرة أولى رقم 4" in body.get_text()
    assert cfg.is_article_path(SHAPES[outlet].article_path(article))
    text = page.get_text()
    assert "اقرأ أيضا" in text.replace("ً", "") or "ذات صلة" in text or "ذو صلة" in text  # related block
    assert page.find("script") is not None
    assert "جميع الحقوق" in text or "©" in text  # footer
    assert "sharer" in str(page)  # share bar
    if "listing" in cfg.strategies:
        listing = BeautifulSoup(site.get(site.listing_url(cfg.first_page)).body, "lxml")
        assert len(listing.select(cfg.selectors["listing_item"])) >= 3
    robots = site.get("/robots.txt").body.decode()
    assert robots.startswith("User-agent: *")


def test_date_styles_per_outlet():
    def article_html(outlet: str) -> str:
        site = render_site(outlet, ARTICLES, "http://127.0.0.1:1", per_page=3)
        return site.get(SHAPES[outlet].article_path(site.articles[0])).body.decode()

    def listing_html(outlet: str) -> str:
        site = render_site(outlet, ARTICLES, "http://127.0.0.1:1", per_page=3)
        return site.get(site.listing_url(SHAPES[outlet].first_page)).body.decode()

    assert "١٤ ديسمبر ٢٠٢٥" in listing_html("shaam")  # Eastern Arabic digits
    assert "14 كانون الأول 2025" in listing_html("syria_tv")  # Levantine months
    assert "ديسمبر 14, 2025" in listing_html("enab_baladi")
    sana = BeautifulSoup(article_html("sana"), "lxml")
    ld = json.loads(sana.find("script", type="application/ld+json").string)
    assert ld["datePublished"] == "2025-12-14T14:15:00+03:00"
    halab = BeautifulSoup(article_html("halab_today"), "lxml")
    assert halab.find("meta", property="article:published_time")["content"] == "2025-12-14T14:15:00+03:00"


def test_feeds_api_and_drupal_listing():
    with DemoSites(ARTICLES, outlets=["enab_baladi", "sana", "syria_tv"], per_page=3) as sites:
        status, headers, feed = _get(sites.base_urls["enab_baladi"] + "/feed/")
        assert status == 200 and "rss" in headers["Content-Type"] and feed.count(b"<item>") == 4
        assert b"utm_source=rss" in feed
        status, headers, api = _get(sites.base_urls["sana"] + "/wp-json/wp/v2/posts?per_page=3&page=2")
        assert status == 200 and headers["X-WP-TotalPages"] == "2" and len(json.loads(api)) == 1
        assert _get(sites.base_urls["sana"] + "/wp-json/wp/v2/posts?per_page=3&page=3")[0] == 400
        status, _, page0 = _get(sites.base_urls["syria_tv"] + "/news?page=0")
        assert status == 200 and page0.count(b"node--type-article") == 3
        assert _get(sites.base_urls["syria_tv"] + "/rss.xml")[0] == 404


def test_failure_modes_are_served():
    failures = {"enab_baladi": {"malformed_feed", "windows_1256:700101"}, "sana": {"server_error"}}
    with DemoSites(ARTICLES, outlets=["enab_baladi", "sana"], failures=failures) as sites:
        _, _, feed = _get(sites.base_urls["enab_baladi"] + "/feed/")
        assert not feed.rstrip().endswith(b"</rss>")
        status, headers, legacy = _get(sites.base_urls["enab_baladi"] + "/700101/")
        assert headers["Content-Type"].endswith("windows-1256") and "عنوان تجريبي" in legacy.decode("cp1256")
        assert _get(sites.base_urls["sana"] + "/locals/700101/")[0] == 500
        assert _get(sites.base_urls["sana"] + "/robots.txt")[0] == 200
        sites.set_failures("sana", set())
        assert _get(sites.base_urls["sana"] + "/locals/700101/")[0] == 200
    with pytest.raises(ValueError, match="unknown failure modes"):
        DemoSites(ARTICLES, failures={"sana": {"explode"}})


def test_demo_article_ids_and_paths():
    numeric = DemoArticle.from_dict(ARTICLES[4])
    assert numeric.number == int(numeric.id) and "\n" in numeric.paragraphs[0]
    slug = DemoArticle.from_dict({**ARTICLES[0], "id": "مقتل-3-عناصر"})
    assert SHAPES["shaam"].article_path(slug) == "/news/syria-news/مقتل-3-عناصر"
    assert SHAPES["hawar"].article_path(slug).startswith("/ar/haber/") and slug.number > 99999
