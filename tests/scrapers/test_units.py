"""Pure pieces: catalogue, canonical URLs, dates, discovery parsers, failure reasons."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.exceptions import CannotResolveHostError, DownloadCancelledError, IgnoreRequest

from scrapers.canonical import canonical_url, rebase_url
from scrapers.dates import has_time, parse_date
from scrapers.discovery import DiscoveryError
from scrapers.discovery.feed import parse_feed
from scrapers.discovery.listing import parse_listing
from scrapers.discovery.sitemap import parse_sitemap
from scrapers.discovery.wp_json import parse_posts, posts_url
from scrapers.failures import classify_failure
from scrapers.outlets import STRATEGIES, get_outlet, load_outlets, outlet_for_url

REQUIRED = {"shaam", "enab_baladi", "sana", "syria_tv", "sohr", "north_press", "zaman_alwasl", "halab_today"}


def test_catalogue_has_every_outlet_with_a_usable_entry():
    outlets = load_outlets()
    assert REQUIRED | {"alwatan", "hawar"} <= set(outlets)
    for key, outlet in outlets.items():
        assert outlet.key == key and outlet.base_url.startswith("https://") and outlet.domain in outlet.base_url
        assert outlet.strategies and set(outlet.strategies) <= set(STRATEGIES)
        assert outlet.timezone == "Asia/Damascus" and outlet.language == "ar"
        if "listing" in outlet.strategies:
            assert outlet.listing_paths and all("{page}" in p for p in outlet.listing_paths)
            assert outlet.selectors.get("listing_item")
        assert outlet.selectors.get("body") and isinstance(outlet.selectors.get("drop", ()), tuple)
    assert get_outlet("shaam").strategies == ("listing",) and get_outlet("syria_tv").first_page == 0
    with pytest.raises(KeyError, match="unknown outlet"):
        get_outlet("nowhere")


def test_outlet_for_url_matches_domains_and_subdomains():
    assert outlet_for_url("https://www.enabbaladi.net/746308/").key == "enab_baladi"
    assert outlet_for_url("https://archive.sana.sy/?p=1").key == "sana"
    assert outlet_for_url("https://en.zamanalwsl.net/news/rss/52/").key == "zaman_alwasl"
    assert outlet_for_url("https://example.com/") is None


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.enabbaladi.net/746308?utm_source=rss&utm_medium=rss#comments", "https://enabbaladi.net/746308/"),
    ("http://shaam.org/news/syria-news/%d8%b3%d9%88%d8%b1%d9%8a%d8%a7/", "https://shaam.org/news/syria-news/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"),
    ("https://shaam.org/news/syria-news/سوريا", "https://shaam.org/news/syria-news/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"),
    ("https://sana.sy/locals/2294025", "https://sana.sy/locals/2294025/"),
    ("https://SANA.sy:443/locals/2294025/?fbclid=x&gclid=y", "https://sana.sy/locals/2294025/"),
    ("https://halabtodaytv.net/archives/206556/amp/", "https://halabtodaytv.net/archives/206556"),
    ("https://halabtodaytv.net/archives/206556?amp=1", "https://halabtodaytv.net/archives/206556"),
    ("https://www.syria.tv/حقوق-الملكية-الفكرية/", "https://syria.tv/%D8%AD%D9%82%D9%88%D9%82-%D8%A7%D9%84%D9%85%D9%84%D9%83%D9%8A%D8%A9-%D8%A7%D9%84%D9%81%D9%83%D8%B1%D9%8A%D8%A9"),
    ("https://sana.sy/?p=12&utm_campaign=z", "https://sana.sy/?p=12"),
    ("http://127.0.0.1:8000//a/b/?b=1&a=2&fbclid=x", "http://127.0.0.1:8000/a/b/?a=2&b=1"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected  # idempotent


def test_rebase_url_moves_between_mirror_and_outlet():
    assert rebase_url("http://127.0.0.1:9/a/1/", "http://127.0.0.1:9", "https://sana.sy") == "https://sana.sy/a/1/"
    assert rebase_url("https://other.org/a", "http://127.0.0.1:9", "https://sana.sy") == "https://other.org/a"
    assert rebase_url("http://h/mirror/x?q=1", "http://h/mirror", "https://sana.sy") == "https://sana.sy/x?q=1"


@pytest.mark.parametrize(("text", "expected"), [
    ("١٤ ديسمبر ٢٠٢٥", "2025-12-13T21:00:00+00:00"),
    ("ديسمبر 16, 2025", "2025-12-15T21:00:00+00:00"),
    ("14 كانون الأول 2025", "2025-12-13T21:00:00+00:00"),
    ("14-كانون-الأول-2025", "2025-12-13T21:00:00+00:00"),
    ("\u200f5 آب 2025", "2025-08-04T21:00:00+00:00"),
    ("14 ديسمبر، 2025 - 10:30", "2025-12-14T07:30:00+00:00"),
    ("16/12/2025 10:30 م", "2025-12-16T19:30:00+00:00"),
    ("2025-12-14T09:00:00+03:00", "2025-12-14T06:00:00+00:00"),
    ("2025-12-14", "2025-12-13T21:00:00+00:00"),
    ("Sun, 14 Dec 2025 09:00:00 +0000", "2025-12-14T09:00:00+00:00"),
    ("● أخبار سورية ٢٦ فبراير ٢٠٢٢", "2022-02-25T22:00:00+00:00"),
])
def test_parse_date(text, expected):
    assert parse_date(text).isoformat() == expected


def test_parse_date_rejects_non_dates_and_tells_day_only_values():
    assert parse_date("لا تاريخ هنا") is None and parse_date("") is None and parse_date("31 شباط 2025") is None
    assert has_time("١٤ ديسمبر ٢٠٢٥ - ١٠:٣٠") and not has_time("١٤ ديسمبر ٢٠٢٥")


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
<item><title>خبر أول</title><link>https://www.enabbaladi.net/1/?utm_source=rss</link>
<dc:creator>مراسل</dc:creator><pubDate>Sun, 14 Dec 2025 09:00:00 +0000</pubDate></item>
<item><title>بلا رابط</title></item>
</channel></rss>""".encode()
ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>خبر</title>
<link rel="alternate" href="/ar/haber/x-h1.html"/>
<published>2025-12-14T12:00:00+03:00</published></entry></feed>""".encode()


def test_parse_feed_rss_atom_and_malformed():
    [entry] = parse_feed(RSS, "https://www.enabbaladi.net/feed/")
    assert entry.url == "https://www.enabbaladi.net/1/?utm_source=rss"
    assert entry.published == datetime(2025, 12, 14, 9, tzinfo=UTC)
    assert entry.hints == {"title": "خبر أول", "author": "مراسل", "published": "2025-12-14T09:00:00+00:00",
                           "channel": "feed"}
    [atom] = parse_feed(ATOM, "https://www.hawarnews.com/ar/rss")
    assert atom.url == "https://www.hawarnews.com/ar/haber/x-h1.html" and atom.published.hour == 9
    for bad in (RSS[: len(RSS) // 2], b"<html><body>not a feed</body></html>", b""):
        with pytest.raises(DiscoveryError) as err:
            parse_feed(bad, "https://x/feed")
        assert err.value.reason == "malformed_feed"


def test_parse_sitemap_index_and_urlset():
    index = parse_sitemap(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                          b"<sitemap><loc>https://a/s1.xml</loc><lastmod>2025-12-14</lastmod></sitemap>"
                          b"</sitemapindex>")
    assert [c.url for c in index.children] == ["https://a/s1.xml"] and not index.children[0].precise
    urlset = parse_sitemap(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                           b"<url><loc>https://a/1</loc><lastmod>2025-12-14T10:00:00+03:00</lastmod></url></urlset>")
    assert urlset.entries[0].precise and urlset.entries[0].hints["modified"] == "2025-12-14T07:00:00+00:00"
    with pytest.raises(DiscoveryError):
        parse_sitemap(b"<urlset><url>")


def test_wp_json_query_and_posts():
    url = posts_url("https://sana.sy", 2, 50, datetime(2025, 12, 1, tzinfo=UTC), None)
    assert url.startswith("https://sana.sy/wp-json/wp/v2/posts?") and "page=2" in url
    assert "after=2025-12-01T00%3A00%3A00%2B00%3A00" in url and "before" not in url
    [post] = parse_posts(b'[{"id": 7, "link": "https://sana.sy/locals/7/", "date_gmt": "2025-12-14T07:00:00",'
                         b' "title": {"rendered": "&#8220;\xd8\xae\xd8\xa8\xd8\xb1&#8221;"}}, {"id": 8}]')
    assert post.url == "https://sana.sy/locals/7/" and post.published == datetime(2025, 12, 14, 7, tzinfo=UTC)
    assert post.hints["title"] == "“خبر”" and post.hints["post_id"] == "7"
    with pytest.raises(DiscoveryError):
        parse_posts(b"<html>")


def test_parse_listing_with_outlet_selectors():
    html = """<div class="cat-item"><a href="../news/syria-news/خبر-أول"><img></a>
      <div class="item-title"><a href="../news/syria-news/خبر-أول">خبر أول</a></div>
      <span class="item-date">١٤ ديسمبر ٢٠٢٥</span></div>
      <div class="cat-item"><span>بلا رابط</span></div>""".encode()
    [entry] = parse_listing(html, "https://shaam.org/news/syria-news?page=2", get_outlet("shaam"))
    assert entry.url == "https://shaam.org/news/syria-news/خبر-أول"
    assert entry.hints["title"] == "خبر أول" and not entry.precise
    assert entry.published == datetime(2025, 12, 13, 21, tzinfo=UTC)
    assert parse_listing(b"<div class='card-v2'></div>", "https://shaam.org/", get_outlet("shaam")) == []


def test_classify_failure():
    assert classify_failure(CannotResolveHostError("x")) == ("dns", "DNS lookup failed")
    assert classify_failure(IgnoreRequest("max redirections reached"))[0] == "redirect_loop"
    assert classify_failure(IgnoreRequest("Forbidden by robots.txt"))[0] == "robots"
    too_big = DownloadCancelledError("Received 6291456 bytes which is larger than download max size (5242880)")
    assert classify_failure(too_big)[0] == "too_large"
    assert classify_failure(ValueError("boom")) == ("error", "ValueError: boom")
