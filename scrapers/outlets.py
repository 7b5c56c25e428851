"""The outlet catalogue: scrapers/outlets.toml read into frozen `Outlet` entries."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote, urlsplit

OUTLETS_TOML = Path(__file__).with_name("outlets.toml")
STRATEGIES = ("feed", "wp_json", "sitemap", "listing")


@dataclass(frozen=True)
class Outlet:
    """One news outlet: where its articles are found and how its pages are read."""

    key: str
    name: str
    domain: str
    base_url: str
    language: str = "ar"
    timezone: str = "Asia/Damascus"
    strategies: tuple[str, ...] = ("listing",)
    feed_paths: tuple[str, ...] = ()
    sitemap_paths: tuple[str, ...] = ()
    listing_paths: tuple[str, ...] = ()
    first_page: int = 1
    article_path_pattern: str = ".*"
    usually_publishes: bool = True
    # CSS selectors by role (listing_item, listing_link, listing_date, title, published, body, ...);
    # "drop" is a tuple of selectors removed from the body before extracting text.
    selectors: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    download_delay: float = 1.0

    def is_article_path(self, path: str) -> bool:
        """Whether a URL path (encoded or not) is an article page of this outlet."""
        return re.search(self.article_path_pattern, unquote(path or "/")) is not None

    def owns_host(self, host: str) -> bool:
        """Whether `host` is this outlet's domain or one of its subdomains (www., en., archive.)."""
        host = (host or "").lower().rstrip(".")
        return host == self.domain or host.endswith("." + self.domain)


def _outlet(key: str, entry: dict[str, Any]) -> Outlet:
    strategies = tuple(entry.get("strategies", ["listing"]))
    unknown = set(strategies) - set(STRATEGIES)
    if unknown:
        raise ValueError(f"outlet {key}: unknown strategies {sorted(unknown)}")
    re.compile(entry.get("article_path_pattern", ".*"))  # fail at load time, not mid-crawl
    selectors = dict(entry.get("selectors", {}))
    if "drop" in selectors:
        selectors["drop"] = tuple(selectors["drop"])
    return Outlet(
        key=key,
        name=entry["name"],
        domain=entry["domain"].lower(),
        base_url=entry["base_url"].rstrip("/"),
        language=entry.get("language", "ar"),
        timezone=entry.get("timezone", "Asia/Damascus"),
        strategies=strategies,
        feed_paths=tuple(entry.get("feed_paths", ())),
        sitemap_paths=tuple(entry.get("sitemap_paths", ())),
        listing_paths=tuple(entry.get("listing_paths", ())),
        first_page=int(entry.get("first_page", 1)),
        article_path_pattern=entry.get("article_path_pattern", ".*"),
        usually_publishes=bool(entry.get("usually_publishes", True)),
        selectors=MappingProxyType(selectors),
        download_delay=float(entry.get("politeness", {}).get("download_delay", 1.0)),
    )


@lru_cache(maxsize=8)
def load_outlets(path: Path | str | None = None) -> dict[str, Outlet]:
    """All outlets of the catalogue (default scrapers/outlets.toml), keyed by outlet key.

    Cached: callers must not mutate the returned dict.
    """
    with open(path or OUTLETS_TOML, "rb") as fh:
        data = tomllib.load(fh)
    return {key: _outlet(key, entry) for key, entry in data.get("outlets", {}).items()}


def get_outlet(key: str) -> Outlet:
    """The outlet with this key; KeyError naming the known keys otherwise."""
    outlets = load_outlets()
    if key not in outlets:
        raise KeyError(f"unknown outlet {key!r}; known: {', '.join(sorted(outlets))}")
    return outlets[key]


def outlet_for_url(url: str) -> Outlet | None:
    """The catalogue outlet whose domain serves `url`, or None."""
    host = urlsplit(url).hostname or ""
    for outlet in load_outlets().values():
        if outlet.owns_host(host):
            return outlet
    return None
