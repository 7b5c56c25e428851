"""Discovery channels: pure parsers turning a feed, API answer, sitemap or listing page into
`Listed` entries (article URL, publication time when known, hints for the archive)."""

from scrapers.discovery.entry import DiscoveryError, Listed

__all__ = ["DiscoveryError", "Listed"]
