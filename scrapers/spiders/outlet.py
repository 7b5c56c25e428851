"""OutletSpider: one outlet, one window; discovery channels in the outlet's order, then articles."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import psycopg2
import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from etl.load.raw_pages import known_urls
from etl.models import RawPage
from scrapers.canonical import canonical_url, rebase_url
from scrapers.discovery import DiscoveryError, Listed
from scrapers.discovery.feed import parse_feed
from scrapers.discovery.listing import parse_listing
from scrapers.discovery.sitemap import parse_sitemap
from scrapers.discovery.wp_json import parse_posts, posts_url
from scrapers.failures import classify_failure
from scrapers.outlets import Outlet, get_outlet

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def parse_window_bound(value: str | datetime | None) -> datetime | None:
    """An ISO date/datetime (naive = UTC) as an aware UTC datetime; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def declared_encoding(response: Response) -> str | None:
    """The charset the server or the page declares (Content-Type header, then <meta>), lower-cased."""
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1")
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", ctype, re.I)
    if match:
        return match.group(1).lower()
    match = _META_CHARSET.search(response.body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


@dataclass
class _Step:
    """One discovery step (a strategy) and how it went."""

    strategy: str
    paths: tuple[str, ...]
    pending: int = 0  # branches (listing sections, sitemap children) still running
    answered: bool = False  # some request of the step got a readable answer
    found: int = 0  # entries seen (in or out of the window)
    covered: bool = False  # reached back past `since`, or read to its end
    errors: list[str] = field(default_factory=list)


class OutletSpider(scrapy.Spider):
    """Crawls one outlet for one window and yields a `RawPage` per fetched article page.

    Arguments: outlet (key in scrapers/outlets.toml), since / until (ISO; the window), base_url
    (crawl a mirror instead; also the OUTLET_BASE_URL setting), refresh (refetch archived URLs).
    Discovery: the outlet's strategies in order; a step that fails, finds nothing, or does not
    reach back to `since` hands over to the next. Pages are identified by their canonical URL
    on the outlet's own domain, even when fetched from a mirror.
    """

    name = "outlet"
    custom_settings: dict[str, Any] = {}

    def __init__(self, outlet: str, since: str | None = None, until: str | None = None,
                 base_url: str | None = None, refresh: bool | str = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.outlet: Outlet = get_outlet(outlet)
        self.since = parse_window_bound(since)
        self.until = parse_window_bound(until)
        self.base_url_arg = base_url
        self.refresh = str(refresh).lower() in ("1", "true", "yes")
        self.known: set[str] = set()
        self.seen: set[str] = set()
        self.steps: list[_Step] = []
        self.step_index = -1

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> OutletSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        override = spider.base_url_arg or crawler.settings.get("OUTLET_BASE_URL")
        spider.base_url = (override or spider.outlet.base_url).rstrip("/")
        spider.max_pages = crawler.settings.getint("OUTLET_MAX_PAGES", 500)
        spider.per_page = crawler.settings.getint("WP_JSON_PER_PAGE", 50)
        spider.database_url = crawler.settings.get("SYRIA_EVENTS_DATABASE_URL")
        return spider

    # ---- bookkeeping -------------------------------------------------------------------------

    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"outlet/{key}", count)

    def _note(self, key: str, message: str) -> None:
        """Append a message to a list-valued stat (channel errors, alerts, first failures)."""
        values = list(self.crawler.stats.get_value(f"outlet/{key}", []))
        if len(values) < 50:
            values.append(message)
        self.crawler.stats.set_value(f"outlet/{key}", values)

    def _load_known(self) -> set[str]:
        if not self.database_url or self.refresh:
            return set()
        conn = psycopg2.connect(self.database_url, connect_timeout=10)
        try:
            return known_urls(conn, self.outlet.key)
        finally:
            conn.close()

    # ---- discovery plan ----------------------------------------------------------------------

    def _plan(self) -> list[_Step]:
        o = self.outlet
        paths = {"feed": o.feed_paths, "wp_json": ("/wp-json/wp/v2/posts",), "sitemap": o.sitemap_paths,
                 "listing": o.listing_paths}
        return [_Step(s, tuple(paths[s])) for s in o.strategies if paths[s]]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.known = self._load_known()
        self.crawler.stats.set_value("outlet/key", self.outlet.key)
        self.crawler.stats.set_value("outlet/base_url", self.base_url)
        self.steps = self._plan()
        for request in self._next_step():
            yield request

    def _next_step(self) -> Iterator[scrapy.Request]:
        """Requests opening the next discovery step (none when the plan is exhausted)."""
        while self.step_index + 1 < len(self.steps):
            self.step_index += 1
            step = self.steps[self.step_index]
            tried = [s.strategy for s in self.steps[: self.step_index + 1]]
            self.crawler.stats.set_value("outlet/channels_tried", tried)
            requests = list(self._open_step(step))
            if requests:
                yield from requests
                return

    def _open_step(self, step: _Step) -> Iterator[scrapy.Request]:
        if step.strategy == "listing":
            for path in step.paths:
                step.pending += 1
                yield self._listing_request(step, path, self.outlet.first_page)
        elif step.strategy == "wp_json":
            step.pending = 1
            yield self._wp_request(step, 1)
        else:  # feed / sitemap: alternatives, first that answers wins
            step.pending = 1
            yield self._alternative_request(step, 0)

    def _step_branch_done(self, step: _Step) -> Iterator[scrapy.Request]:
        """One branch of `step` ended; when all did, decide whether the next step is needed."""
        step.pending -= 1
        if step.pending > 0:
            return
        satisfied = step.answered and step.found > 0 and step.covered
        self.crawler.stats.set_value(f"outlet/channel/{step.strategy}",
                                     "ok" if satisfied else ("partial" if step.found else "failed"))
        if not satisfied:
            yield from self._next_step()

    def _channel_error(self, step: _Step, url: str, reason: str, message: str) -> None:
        self._inc(f"failed/{step.strategy}:{reason}")  # "feed:http_404": a channel, not an article
        step.errors.append(f"{step.strategy} {url}: {message}")
        self._note("channel_errors", f"{step.strategy} {url}: {message}")

    def _request(self, url: str, callback, errback, **meta: Any) -> scrapy.Request:
        # dont_filter: the spider keeps its own seen-set, and a redirect loop must reach the
        # redirect limit (and our errback) instead of vanishing in the duplicate filter.
        return scrapy.Request(url, callback=callback, errback=errback, meta=meta, dont_filter=True)

    # ---- feed / sitemap alternatives ---------------------------------------------------------

    def _alternative_request(self, step: _Step, index: int) -> scrapy.Request:
        url = self.base_url + step.paths[index].replace("{page}", "1")
        callback = self.parse_feed if step.strategy == "feed" else self.parse_sitemap
        return self._request(url, callback, self._alternative_failed, step=step, alt=index, page=1)

    def _try_next_alternative(self, step: _Step, index: int) -> Iterator[scrapy.Request]:
        if index + 1 < len(step.paths):
            yield self._alternative_request(step, index + 1)
        else:
            yield from self._step_branch_done(step)

    def _alternative_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request
        step, index = request.meta["step"], request.meta["alt"]
        reason, message = classify_failure(failure)
        self._channel_error(step, request.url, reason, message)
        if request.meta.get("page", 1) > 1 or request.meta.get("child"):
            # A later page or a child sitemap failing ends that branch; what was read stands.
            yield from self._step_branch_done(step)
        else:
            yield from self._try_next_alternative(step, index)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        step, index, page = response.meta["step"], response.meta["alt"], response.meta["page"]
        try:
            entries = parse_feed(response.body, response.url, self.outlet.timezone)
        except DiscoveryError as exc:
            self._channel_error(step, response.url, exc.reason, str(exc))
            yield from (self._step_branch_done(step) if page > 1 else self._try_next_alternative(step, index))
            return
        step.answered = True
        yield from self._consider_all(step, entries)
        paginated = "{page}" in step.paths[index]
        if entries and paginated and not self._reached_since(entries) and page < self.max_pages:
            url = self.base_url + step.paths[index].replace("{page}", str(page + 1))
            yield self._request(url, self.parse_feed, self._alternative_failed, step=step, alt=index, page=page + 1)
            return
        step.covered = step.covered or self._reached_since(entries) or (paginated and not entries)
        yield from self._step_branch_done(step)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        step, index = response.meta["step"], response.meta["alt"]
        is_child = bool(response.meta.get("child"))
        try:
            sitemap = parse_sitemap(response.body, self.outlet.timezone)
        except DiscoveryError as exc:
            self._channel_error(step, response.url, exc.reason, str(exc))
            yield from (self._step_branch_done(step) if is_child else self._try_next_alternative(step, index))
            return
        step.answered = True
        for child in sitemap.children:
            # lastmod is when the child last changed: older than the window → nothing for us.
            if self.since and child.latest and child.latest < self.since:
                continue
            step.pending += 1
            yield self._request(self._fetchable(child.url), self.parse_sitemap, self._alternative_failed,
                                step=step, alt=index, child=True)
        # A sitemap lists everything (modification time ≥ publication), so reading it covers the window.
        yield from self._consider_all(step, sitemap.entries, lastmod_only=True)
        step.covered = True
        yield from self._step_branch_done(step)

    # ---- WordPress REST API ------------------------------------------------------------------

    def _wp_request(self, step: _Step, page: int) -> scrapy.Request:
        url = posts_url(self.base_url, page, self.per_page, self.since, self.until)
        return self._request(url, self.parse_wp_json, self._wp_failed, step=step, page=page)

    def _wp_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request
        step, page = request.meta["step"], request.meta["page"]
        reason, message = classify_failure(failure)
        if page > 1 and reason == "http_400":
            step.covered = True  # WordPress answers 400 rest_post_invalid_page_number past the end
        else:
            self._channel_error(step, request.url, reason, message)
        yield from self._step_branch_done(step)

    def parse_wp_json(self, response: Response) -> Iterator[Any]:
        step, page = response.meta["step"], response.meta["page"]
        try:
            entries = parse_posts(response.body)
        except DiscoveryError as exc:
            self._channel_error(step, response.url, exc.reason, str(exc))
            yield from self._step_branch_done(step)
            return
        step.answered = True
        yield from self._consider_all(step, entries)
        total_pages = int(response.headers.get(b"X-WP-TotalPages", b"0") or 0)
        more = len(entries) >= self.per_page and (not total_pages or page < total_pages)
        if more and page < self.max_pages:
            yield self._wp_request(step, page + 1)
            return
        step.covered = True  # the API filtered by the window and we read every page
        yield from self._step_branch_done(step)

    # ---- paginated listing -------------------------------------------------------------------

    def _listing_request(self, step: _Step, path: str, page: int) -> scrapy.Request:
        url = self.base_url + path.replace("{page}", str(page))
        return self._request(url, self.parse_listing, self._listing_failed, step=step, path=path, page=page,
                             section_seen=set())

    def _listing_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request
        step, page = request.meta["step"], request.meta["page"]
        reason, message = classify_failure(failure)
        if page > self.outlet.first_page and reason in ("http_404", "http_410"):
            step.covered = True  # paged past the last page
        else:
            self._channel_error(step, request.url, reason, message)
        yield from self._step_branch_done(step)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        step, path, page = response.meta["step"], response.meta["path"], response.meta["page"]
        section_seen: set[str] = response.meta["section_seen"]
        self._inc("listing_pages")
        entries = parse_listing(response.body, response.url, self.outlet, declared_encoding(response))
        step.answered = True
        if not entries:
            if page == self.outlet.first_page:
                # The page answered but the item selector found nothing: the markup changed.
                self._inc("alert/listing_empty")
                self._note("alerts", f"listing {response.url} returned no items "
                                     f"(selector {self.outlet.selectors.get('listing_item', 'article')!r}); "
                                     "the site's markup may have changed")
            else:
                step.covered = True
            yield from self._step_branch_done(step)
            return
        fresh = [e for e in entries if e.url not in section_seen]
        section_seen.update(e.url for e in entries)
        yield from self._consider_all(step, entries)
        dated = [e.latest for e in entries if e.latest]
        # Items run newest first, but pinned/featured items can sit on top: judge by the last dated one.
        past_since = bool(self.since and dated and dated[-1] < self.since)
        all_known = not dated and all(self._identity(e.url) in self.known for e in entries)
        if past_since or not fresh or all_known:
            step.covered = True
            yield from self._step_branch_done(step)
        elif page - self.outlet.first_page + 1 >= self.max_pages:
            self._note("alerts", f"listing {path} stopped at the page limit ({self.max_pages})")
            yield from self._step_branch_done(step)
        else:
            request = self._listing_request(step, path, page + 1)
            request.meta["section_seen"] = section_seen
            yield request

    # ---- entries → article requests ----------------------------------------------------------

    def _fetchable(self, url: str) -> str:
        """Where to fetch `url`: on the mirror when one is set and the link names the outlet's host."""
        if self.base_url != self.outlet.base_url and self.outlet.owns_host(urlsplit(url).hostname or ""):
            parts = urlsplit(url)
            return self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
        return url

    def _identity(self, url: str) -> str:
        """The canonical URL on the outlet's own domain (a mirror's URLs are moved back)."""
        return canonical_url(rebase_url(url, self.base_url, self.outlet.base_url), self.outlet)

    def _reached_since(self, entries: Iterable[Listed]) -> bool:
        return bool(self.since) and any(e.latest and e.latest < self.since for e in entries)

    def _consider_all(self, step: _Step, entries: Iterable[Listed], lastmod_only: bool = False) -> Iterator[Any]:
        for entry in entries:
            step.found += 1
            request = self._consider(entry, lastmod_only)
            if request is not None:
                yield request

    def _consider(self, entry: Listed, lastmod_only: bool = False) -> scrapy.Request | None:
        """An article request for `entry`, or None with the reason counted."""
        identity = self._identity(entry.url)
        parts = urlsplit(identity)
        if not self.outlet.owns_host(parts.hostname or "") or not self.outlet.is_article_path(parts.path):
            if identity not in self.seen:
                self.seen.add(identity)
                self._inc("skipped/not_article")
            return None
        if identity in self.seen:
            return None  # found again by another channel or page
        self.seen.add(identity)
        self._inc("listed")
        if entry.latest and self.since and entry.latest < self.since:
            self._inc("skipped/before_window")
            return None
        # A sitemap's lastmod is a modification time: it can exclude old items, not new ones.
        if entry.published and self.until and entry.published >= self.until and not lastmod_only:
            self._inc("skipped/after_window")
            return None
        if identity in self.known:
            self._inc("skipped/known")
            return None
        self._inc("new")
        return self._request(self._fetchable(entry.url), self.parse_article, self._article_failed,
                             identity=identity, hints=entry.hints)

    # ---- article pages -----------------------------------------------------------------------

    def _article_failed(self, failure: Failure) -> None:
        reason, message = classify_failure(failure)
        kind = "skipped" if reason == "robots" else "failed"
        self._inc(f"{kind}/{reason}")
        self._note("failures", f"{failure.request.url}: {message}")

    def parse_article(self, response: Response) -> Iterator[RawPage]:
        self._inc("fetched")
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").strip()
        body = response.body
        if not body.strip():
            self._inc("failed/empty_body")
            self._note("failures", f"{response.url}: empty body")
            return
        mime = ctype.split(";")[0].strip().lower()
        looks_html = b"<html" in body[:4096].lower() or b"<!doctype" in body[:1024].lower()
        if (mime and mime not in HTML_TYPES) or b"\x00" in body[:4096] or (not mime and not looks_html):
            self._inc("failed/not_html")
            self._note("failures", f"{response.url}: not an HTML page ({ctype or 'no content type'})")
            return
        identity = response.meta["identity"]
        if response.url != response.request.url or response.meta.get("redirect_urls"):
            final_identity = self._identity(response.url)
            if self.outlet.is_article_path(urlsplit(final_identity).path):
                identity = final_identity  # a short link or moved article: the target is the article
        hints = {k: v for k, v in response.meta.get("hints", {}).items() if v}
        yield RawPage(
            outlet=self.outlet.key, url=identity, final_url=response.url, status=response.status,
            fetched_at=datetime.now(UTC), body=body, content_type=ctype or "text/html",
            encoding=declared_encoding(response), hints=hints,
        )
