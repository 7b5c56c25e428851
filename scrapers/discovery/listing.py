"""Paginated HTML listings (category pages), read with the outlet's CSS selectors."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from scrapers.dates import has_time, parse_date
from scrapers.discovery.entry import Listed
from scrapers.outlets import Outlet


def parse_listing(body: bytes, page_url: str, outlet: Outlet, encoding: str | None = None) -> list[Listed]:
    """Article entries of one listing page, in page order; [] when the item selector finds nothing.

    An item's link is its `listing_link` element (default: first link), resolved against the page
    URL (Shaam writes "../news/…"); its date is `listing_date` read as text or a datetime/content
    attribute. Whether a link is an article of the outlet is the spider's decision.
    """
    selectors = outlet.selectors
    soup = BeautifulSoup(body, "lxml", from_encoding=encoding)
    entries: list[Listed] = []
    for item in soup.select(selectors.get("listing_item", "article")):
        link = item.select_one(selectors.get("listing_link", "a")) or item.find("a", href=True)
        if link is None or not link.get("href"):
            continue
        url = urljoin(page_url, link["href"].strip())
        hints = {"channel": "listing", "listing_url": page_url}
        title_node = item.select_one(selectors["listing_title"]) if selectors.get("listing_title") else None
        title = (title_node or link).get_text(" ", strip=True)
        if not title:  # the first link is often the thumbnail: take a heading or a link with text
            candidates = item.find_all(["h2", "h3", "h4"]) + item.find_all("a")
            title = next((c.get_text(" ", strip=True) for c in candidates if c.get_text(strip=True)), "")
        if title:
            hints["title"] = title
        published, raw = None, ""
        date_node = item.select_one(selectors["listing_date"]) if selectors.get("listing_date") else None
        if date_node is not None:
            raw = date_node.get("datetime") or date_node.get("content") or date_node.get_text(" ", strip=True)
            published = parse_date(raw, outlet.timezone)
            if published:
                hints["published"] = published.isoformat()
        precise = published is not None and has_time(raw)
        entries.append(Listed(url=url, published=published, precise=precise, hints=hints))
    return entries
