"""Downloader middlewares for politeness Scrapy does not provide out of the box."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)


class CrawlDelayMiddleware:
    """Honours robots.txt `Crawl-delay` for our user agent, capped by CRAWL_DELAY_MAX.

    The delay is applied to the host's download slot before every request, because
    AutoThrottle would otherwise lower it again.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_delay = crawler.settings.getfloat("CRAWL_DELAY_MAX", 30.0)
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def robots_parsed(self, robotparser, request: Request) -> None:
        protego = getattr(robotparser, "rp", None)
        try:
            delay = protego.crawl_delay(self.user_agent) if protego is not None else None
        except Exception:  # a robots.txt we cannot read must not stop the crawl
            delay = None
        if delay:
            host = urlparse_cached(request).hostname or ""
            self.delays[host] = min(float(delay), self.max_delay)
            self.crawler.stats.set_value("outlet/crawl_delay", self.delays[host])
            logger.info("robots.txt of %s asks Crawl-delay %s s", host, delay)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        delay = self.delays.get(urlparse_cached(request).hostname or "")
        if not delay:
            return
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay < delay:
            slot.delay = delay


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before retrying: Retry-After when the server sends one
    (429/503), otherwise RETRY_BACKOFF_BASE · 2^attempt seconds, capped at RETRY_BACKOFF_MAX."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def _wait_s(self, request: Request, response: Response | None) -> float:
        attempt = request.meta.get("retry_times", 0)
        wait = self.backoff_base * (2 ** attempt)
        header = response.headers.get(b"Retry-After") if response is not None else None
        if header:
            text = header.decode("latin-1").strip()
            try:
                wait = float(text)
            except ValueError:
                with contextlib.suppress(TypeError, ValueError):
                    wait = (parsedate_to_datetime(text) - datetime.now(UTC)).total_seconds()
        return max(0.0, min(wait, self.backoff_max))

    async def process_response(self, request: Request, response: Response, spider: Spider | None = None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await asyncio.sleep(self._wait_s(request, response))
        return retry

    async def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await asyncio.sleep(self._wait_s(request, None))
        return retry
