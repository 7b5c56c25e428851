"""DemoSites: every demo outlet served on its own 127.0.0.1 port, with optional failure modes.

    with DemoSites() as sites:                      # the bundled snapshot, all its outlets
        crawl_outlet("shaam", since, until, settings, base_url=sites.base_urls["shaam"])

    with DemoSites(articles, failures={"sana": {"server_error"}, "shaam": {"article_404:<id>"}}) as s:
        ...

One ThreadingHTTPServer per outlet, each in a daemon thread of this process. Failure modes, per
outlet; article-level ones may be limited to one article with "mode:<article id>":
  connection level (every path): hang, reset, garbage
  site level: server_error (500 except robots.txt), rate_limit (first hit of each path: 429 with
    Retry-After: 1), malformed_feed, changed_markup (listing classes renamed), no_feed
  article level: article_404, article_410, article_500, empty_body, binary, windows_1256,
    redirect_loop, huge_page (6 MB)
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from etl.demo.sites import DemoArticle, Page, Site, render_site

CONNECTION_MODES = frozenset({"hang", "reset", "garbage"})
SITE_MODES = frozenset({"server_error", "rate_limit", "malformed_feed", "changed_markup", "no_feed"})
ARTICLE_MODES = frozenset({"article_404", "article_410", "article_500", "empty_body", "binary",
                           "windows_1256", "redirect_loop", "huge_page"})
FAILURE_MODES = CONNECTION_MODES | SITE_MODES | ARTICLE_MODES
HUGE_PAGE_BYTES = 6 * 1024 * 1024


class _Host:
    """One outlet's server state: its site, failure modes and request log."""

    def __init__(self, outlet: str) -> None:
        self.outlet = outlet
        self.site: Site | None = None
        self.modes: set[str] = set()
        self.requests: list[str] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.article_paths: dict[str, DemoArticle] = {}

    def has(self, mode: str, article: DemoArticle | None = None) -> bool:
        if mode in self.modes:
            return True
        return article is not None and f"{mode}:{article.id}" in self.modes


def _handler(host: _Host) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the crawl benchmark must not be limited by us
        server_version = "nginx"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test output
            pass

        def handle(self) -> None:
            # The client went away, or we dropped the connection on purpose.
            with contextlib.suppress(OSError, _Dropped):
                super().handle()

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            with host.lock:
                host.requests.append(self.path)
                host.hits[self.path] = host.hits.get(self.path, 0) + 1
                hits = host.hits[self.path]
            if host.has("hang"):
                host.stop.wait(120)
                raise _Dropped
            if host.has("reset"):
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                raise _Dropped
            if host.has("garbage"):
                self.wfile.write(b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 not http at all \xff\xfe\x00\n\n")
                self.wfile.flush()
                raise _Dropped
            path = urlsplit(self.path).path
            if path == "/robots.txt":
                return self._send(host.site.get(self.path))
            if host.has("server_error"):
                return self._send(Page(b"<html><body><h1>500 Internal Server Error</h1></body></html>", status=500))
            if host.has("rate_limit") and hits == 1:
                return self._send(Page(b"Too Many Requests", "text/plain", 429, {"Retry-After": "1"}))
            shape = host.site.shape
            if shape.feed_path and unquote(path) == shape.feed_path:
                if host.has("no_feed"):
                    return self._send(None)
                if host.has("malformed_feed"):
                    good = host.site.get(self.path)
                    return self._send(Page(good.body[: len(good.body) // 2] + b"<item><title>&nbsp; broken",
                                           good.content_type))
            article = host.article_paths.get(unquote(path))
            if article is not None:
                return self._article(article)
            return self._send(host.site.get(self.path))

        def _article(self, article: DemoArticle) -> None:
            page = host.site.get(self.path)
            for mode, status in (("article_404", 404), ("article_410", 410), ("article_500", 500)):
                if host.has(mode, article):
                    return self._send(Page(b"<html><body>\xd8\xae\xd8\xb7\xd8\xa3</body></html>", status=status))
            if host.has("empty_body", article):
                return self._send(Page(b""))
            if host.has("binary", article):
                return self._send(Page(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02" * 50, "application/pdf"))
            if host.has("redirect_loop", article):
                target = urlsplit(self.path).path + ("" if "loop=1" in self.path else "?loop=1")
                return self._send(Page(b"", status=302, headers={"Location": target}))
            if host.has("huge_page", article):
                padding = b"<!-- " + b"x" * HUGE_PAGE_BYTES + b" -->"
                return self._send(Page(page.body.replace(b"</body>", padding + b"</body>"), page.content_type))
            if host.has("windows_1256", article):
                text = re.sub(r"charset=([\"']?)utf-8", r"charset=\1windows-1256", page.body.decode("utf-8"),
                              flags=re.I)
                body = text.encode("cp1256", errors="xmlcharrefreplace")
                return self._send(Page(body, "text/html; charset=windows-1256"))
            return self._send(page)

        def _send(self, page: Page | None) -> None:
            if page is None:
                page = Page("<html><body><h1>الصفحة غير موجودة</h1></body></html>".encode(), status=404)
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(page.body)

    return Handler


class _Dropped(Exception):
    """Raised to end a request without a (proper) answer."""


class DemoSites:
    """Context manager serving outlet-shaped sites on 127.0.0.1, one port per outlet.

    articles: dicts in the snapshot's `[[article]]` shape (default: etl/demo/snapshot). outlets:
    which to serve (default: every outlet with articles; an outlet with none still serves an
    empty site). crawl_delay: robots.txt Crawl-delay, for all outlets or {outlet: seconds}.
    failures: {outlet: {mode, "mode:<article id>", ...}} (see the module docstring).
    After entering: `base_urls[outlet]` is "http://127.0.0.1:<port>", `requests[outlet]` lists the
    request targets received, `site(outlet)` is the rendered `Site`.
    """

    def __init__(self, articles: Iterable[Mapping | DemoArticle] | None = None, outlets: Iterable[str] | None = None,
                 failures: Mapping[str, Iterable[str]] | None = None, per_page: int = 5,
                 crawl_delay: float | Mapping[str, float] | None = None, host: str = "127.0.0.1") -> None:
        if articles is None:
            from etl.demo.snapshot import load_snapshot  # the snapshot belongs to the demo data
            articles = load_snapshot().articles
        self.articles = [a if isinstance(a, DemoArticle) else DemoArticle.from_dict(a) for a in articles]
        self.outlets = list(outlets) if outlets is not None else sorted({a.outlet for a in self.articles})
        self.per_page = per_page
        self.crawl_delay = crawl_delay
        self.host = host
        self.base_urls: dict[str, str] = {}
        self._hosts = {key: _Host(key) for key in self.outlets}
        self._servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []
        for outlet, modes in (failures or {}).items():
            self.set_failures(outlet, modes)

    @property
    def requests(self) -> dict[str, list[str]]:
        return {key: list(h.requests) for key, h in self._hosts.items()}

    def site(self, outlet: str) -> Site:
        return self._hosts[outlet].site

    def set_failures(self, outlet: str, modes: Iterable[str]) -> None:
        """Replace an outlet's failure modes (takes effect on the next request)."""
        modes = set(modes)
        unknown = {m.partition(":")[0] for m in modes} - FAILURE_MODES
        if unknown:
            raise ValueError(f"unknown failure modes {sorted(unknown)}; known: {sorted(FAILURE_MODES)}")
        host = self._hosts[outlet]
        host.modes = modes
        if outlet in self.base_urls:
            self._render(outlet)

    def set_articles(self, articles: Iterable[Mapping | DemoArticle]) -> None:
        """Publish a new article list (e.g. an edited article) on every served site."""
        self.articles = [a if isinstance(a, DemoArticle) else DemoArticle.from_dict(a) for a in articles]
        for outlet in self.base_urls:
            self._render(outlet)

    def _render(self, outlet: str) -> None:
        host = self._hosts[outlet]
        delay = self.crawl_delay.get(outlet) if isinstance(self.crawl_delay, Mapping) else self.crawl_delay
        site = render_site(outlet, self.articles, self.base_urls[outlet], self.per_page, delay,
                           changed_markup=host.has("changed_markup"))
        host.article_paths = {site.shape.article_path(a): a for a in site.articles}
        host.site = site

    def __enter__(self) -> DemoSites:
        try:
            for outlet, host in self._hosts.items():
                server = ThreadingHTTPServer((self.host, 0), _handler(host))
                server.daemon_threads = True
                self.base_urls[outlet] = f"http://{self.host}:{server.server_address[1]}"
                self._render(outlet)
                thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                          name=f"demo-{outlet}", daemon=True)
                thread.start()
                self._servers.append((server, thread))
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Stop every server (hanging requests are released)."""
        for host in self._hosts.values():
            host.stop.set()
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
        self._servers.clear()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
