"""XML sitemaps and sitemap indexes (sitemaps.org 0.9, WordPress wp-sitemap, Yoast)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from scrapers.dates import has_time, parse_date
from scrapers.discovery.entry import DiscoveryError, Listed


@dataclass
class Sitemap:
    """A parsed sitemap: article entries (urlset) or child sitemaps (sitemapindex)."""

    entries: list[Listed] = field(default_factory=list)
    children: list[Listed] = field(default_factory=list)  # url = child sitemap, published = lastmod


def parse_sitemap(body: bytes, tz: str = "Asia/Damascus") -> Sitemap:
    """A sitemap document. Raises DiscoveryError("malformed_sitemap") for anything else."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(body.lstrip(), parser)
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError("malformed_sitemap", f"sitemap is not well-formed XML: {exc}") from exc
    if root is None:
        raise DiscoveryError("malformed_sitemap", "sitemap is empty")
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise DiscoveryError("malformed_sitemap", f"not a sitemap (root element <{kind}>)")
    result = Sitemap()
    for node in root:
        if not isinstance(node.tag, str):
            continue
        values = {etree.QName(child).localname: (child.text or "").strip()
                  for child in node if isinstance(child.tag, str)}
        loc = values.get("loc")
        if not loc:
            continue
        lastmod = parse_date(values.get("lastmod"), tz)
        hints = {"channel": "sitemap"}
        if lastmod:
            hints["modified"] = lastmod.isoformat()
        target = result.children if kind == "sitemapindex" else result.entries
        target.append(Listed(url=loc, published=lastmod, precise=has_time(values.get("lastmod")), hints=hints))
    return result
