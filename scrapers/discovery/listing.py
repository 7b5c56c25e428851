"""Paginated HTML listings (category pages), read with the outlet's CSS selectors."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
from lxml import etree

from scrapers.dates import has_time, parse_date
from scrapers.discovery.entry import Listed
from scrapers.outlets import Outlet


def _text(node: etree._Element) -> str:
    return " ".join(node.text_content().split())


def parse_listing(body: bytes, page_url: str, outlet: Outlet, encoding: str | None = None) -> list[Listed]:
    """Article entries of one listing page, in page order; [] when the item selector finds nothing.

    An item's link is its `listing_link` element (default: first link), resolved against the page
    URL (Shaam writes "../news/…"); its title the `listing_title` element, the link text, or the
    first heading or link with text; its date `listing_date` read as a datetime/content attribute
    or text. Whether a link is an article of the outlet is the spider's decision.
    """
    selectors = outlet.selectors
    if not body.strip():
        return []
    # The spider passes the declared charset (header or <meta>); undeclared pages are UTF-8 here.
    parser = lxml.html.HTMLParser(encoding=encoding or "utf-8")
    try:
        root = lxml.html.fromstring(body, parser=parser)
    except (etree.ParserError, ValueError, LookupError):
        return []
    entries: list[Listed] = []
    for item in root.cssselect(selectors.get("listing_item", "article")):
        links = [a for a in item.cssselect(selectors.get("listing_link", "a")) if a.get("href")]
        link = links[0] if links else next(iter(item.xpath(".//a[@href]")), None)
        if link is None:
            continue
        url = urljoin(page_url, link.get("href").strip())
        hints = {"channel": "listing", "listing_url": page_url}
        title_nodes = item.cssselect(selectors["listing_title"]) if selectors.get("listing_title") else []
        title = _text(title_nodes[0]) if title_nodes else _text(link)
        if not title:  # the first link is often the thumbnail: take a heading or a link with text
            candidates = item.xpath(".//h2|.//h3|.//h4|.//a")
            title = next((_text(c) for c in candidates if _text(c)), "")
        if title:
            hints["title"] = title
        published, raw = None, ""
        date_nodes = item.cssselect(selectors["listing_date"]) if selectors.get("listing_date") else []
        if date_nodes:
            node = date_nodes[0]
            raw = node.get("datetime") or node.get("content") or _text(node)
            published = parse_date(raw, outlet.timezone)
            if published:
                hints["published"] = published.isoformat()
        precise = published is not None and has_time(raw)
        entries.append(Listed(url=url, published=published, precise=precise, hints=hints))
    return entries
