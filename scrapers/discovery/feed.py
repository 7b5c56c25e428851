"""RSS 2.0 and Atom feeds."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from scrapers.dates import parse_date
from scrapers.discovery.entry import DiscoveryError, Listed

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def _text(node: etree._Element, path: str) -> str:
    found = node.find(path, _NS)
    return (found.text or "").strip() if found is not None and found.text else ""


def parse_feed(body: bytes, base_url: str, tz: str = "Asia/Damascus") -> list[Listed]:
    """The items of an RSS 2.0 or Atom document, in document order.

    Raises DiscoveryError("malformed_feed") for anything that is not well-formed RSS/Atom XML.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body.lstrip(), parser)
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError("malformed_feed", f"feed is not well-formed XML: {exc}") from exc
    if root is None:
        raise DiscoveryError("malformed_feed", "feed is empty")
    tag = etree.QName(root).localname
    entries: list[Listed] = []
    if tag in ("rss", "RDF"):
        for item in root.iter("item", "{http://purl.org/rss/1.0/}item"):
            link = _text(item, "link") or _text(item, "{http://purl.org/rss/1.0/}link")
            guid = _text(item, "guid")
            if not link and guid.startswith("http"):
                link = guid
            if not link:
                continue
            published_text = _text(item, "pubDate") or _text(item, "dc:date")
            hints = {"title": _text(item, "title") or _text(item, "{http://purl.org/rss/1.0/}title"),
                     "author": _text(item, "dc:creator") or _text(item, "author"),
                     "published": published_text}
            entries.append(_entry(urljoin(base_url, link), published_text, hints, tz))
    elif tag == "feed":
        for item in root.iterfind("atom:entry", _NS):
            link = ""
            for node in item.iterfind("atom:link", _NS):
                if node.get("rel", "alternate") == "alternate" and node.get("href"):
                    link = node.get("href")
                    break
            if not link:
                continue
            published_text = _text(item, "atom:published") or _text(item, "atom:updated")
            hints = {"title": _text(item, "atom:title"), "author": _text(item, "atom:author/atom:name"),
                     "published": published_text, "modified": _text(item, "atom:updated")}
            entries.append(_entry(urljoin(base_url, link), published_text, hints, tz))
    else:
        raise DiscoveryError("malformed_feed", f"not an RSS or Atom feed (root element <{tag}>)")
    return entries


def _entry(url: str, published_text: str, hints: dict[str, str], tz: str) -> Listed:
    published = parse_date(published_text, tz)
    clean = {k: v for k, v in hints.items() if v}
    if published:
        clean["published"] = published.isoformat()
    clean["channel"] = "feed"
    return Listed(url=url, published=published, hints=clean)
