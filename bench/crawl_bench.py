"""Crawl benchmark: pages/s of a real crawl (spider + archive pipeline) against the local demo sites.

    python -m bench.crawl_bench --articles 1000 --outlets shaam enab_baladi

Throttling and politeness delays are off and per-domain concurrency is raised, so the number
measures the spider and the archive pipeline (target: ≥ 200 pages/s), not the sites' manners.
The baseline is the local servers' own ceiling: the crawl's requests replayed by plain keep-alive
HTTP clients in another process (no parsing, no storage).
Pages/s counts every HTTP response (listing pages, feeds, articles) over the crawler's own
elapsed time; the wall time including the subprocess start is reported too. An embedded
PostgreSQL in a temporary directory receives the pages.
"""

from __future__ import annotations

import argparse
import http.client
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from etl.config import Settings
from etl.demo.server import DemoSites
from etl.postgres import EmbeddedPostgres
from scrapers.crawl import crawl_outlets

BENCH_SCRAPY_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "INFO",
}


def bench_articles(outlets: list[str], count: int) -> list[dict]:
    """`count` synthetic articles per outlet, 30 minutes apart (numeric ids; slugs where needed)."""
    newest = datetime.fromisoformat("2025-12-14T18:00:00+03:00")
    articles = []
    for outlet in outlets:
        for i in range(count):
            slug = outlet in ("shaam", "syria_tv", "sohr", "hawar")
            articles.append({
                "outlet": outlet, "id": f"خبر-قياسي-رقم-{i}" if slug else str(900000 + i), "section": "محليات",
                "published": (newest - timedelta(minutes=30 * i)).isoformat(),
                "title": f"خبر قياسي رقم {i} عن الخدمات في ريف حلب", "author": "محرر",
                "body": "\n\n".join(f"فقرة رقم {p} من الخبر القياسي رقم {i} عن الخدمات والطرق." for p in range(8)),
            })
    return articles


def _replay(urls: list[str], concurrency: int) -> float:
    """Fetch every URL once with `concurrency` keep-alive clients; return the elapsed seconds."""
    queue = list(reversed(urls))
    lock = threading.Lock()

    def worker() -> None:
        connections: dict[str, http.client.HTTPConnection] = {}
        while True:
            with lock:
                if not queue:
                    break
                url = queue.pop()
            parts = urlsplit(url)
            conn = connections.get(parts.netloc) or http.client.HTTPConnection(parts.netloc, timeout=30)
            connections[parts.netloc] = conn
            conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
            conn.getresponse().read()
        for conn in connections.values():
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def server_ceiling(urls: list[str], concurrency: int = 16) -> float:
    """Pages/s the local servers deliver to plain clients replaying `urls` from another process."""
    out = subprocess.run([sys.executable, "-m", "bench.crawl_bench", "--replay", str(concurrency)],
                         input=json.dumps(urls), capture_output=True, text=True, check=True)
    return len(urls) / float(out.stdout.strip().splitlines()[-1])


def run(outlets: list[str], count: int, per_page: int = 50) -> dict[str, Any]:
    """Crawl `count` articles per outlet from local sites into a temporary PostgreSQL, then replay the
    same requests as the servers' ceiling. Returns pages/s of both, per-outlet reports and the spider
    subprocess's peak RSS."""
    articles = bench_articles(outlets, count)
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg")
        settings = replace(Settings.from_env({}), database_url=server.ensure_running(), data_dir=Path(tmp) / "data")
        try:
            with DemoSites(articles, outlets=outlets, per_page=per_page) as sites:
                started = time.monotonic()
                reports = crawl_outlets(outlets, None, None, settings, base_urls=sites.base_urls,
                                        processes=len(outlets), scrapy_settings=BENCH_SCRAPY_SETTINGS,
                                        time_limit_s=1800)
                wall = time.monotonic() - started
                requested = sites.requests
                urls = [sites.base_urls[o] + path for o, paths in requested.items() for path in paths]
                ceiling = server_ceiling(urls)
        finally:
            server.stop()
    responses = {o: len(paths) for o, paths in requested.items()}
    crawl_seconds = max(r.duration_s for r in reports)  # outlets crawl in parallel
    return {
        "outlets": outlets, "articles_per_outlet": count, "responses": responses,
        "stored": sum(r.stored for r in reports), "statuses": {r.outlet: r.status for r in reports},
        "durations": {r.outlet: r.duration_s for r in reports}, "wall_s": wall,
        "pages_per_s": sum(responses.values()) / crawl_seconds if crawl_seconds else 0.0,
        "ceiling_pages_per_s": ceiling,
        # The spider runs in a subprocess: its peak RSS is our largest waited-for child's.
        "spider_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="articles per outlet")
    parser.add_argument("--outlets", nargs="+", default=["shaam", "enab_baladi"])
    parser.add_argument("--per-page", type=int, default=50)
    parser.add_argument("--replay", type=int, help=argparse.SUPPRESS)  # child mode: URLs on stdin
    args = parser.parse_args()
    if args.replay:
        print(_replay(json.loads(sys.stdin.read()), args.replay))
        return
    result = run(args.outlets, args.articles, args.per_page)
    for outlet in args.outlets:
        seconds, count = result["durations"][outlet], result["responses"][outlet]
        print(f"{outlet:12s} {result['statuses'][outlet]:6s} responses {count:5d}  crawl {seconds:6.2f} s  "
              f"{count / seconds if seconds else 0.0:7.1f} pages/s")
    total = sum(result["responses"].values())
    print(f"all outlets: {result['pages_per_s']:.1f} pages/s (crawler time); {total} responses in "
          f"{result['wall_s']:.2f} s wall incl. process start = {total / result['wall_s']:.1f} pages/s; "
          f"servers' ceiling {result['ceiling_pages_per_s']:.1f} pages/s")


if __name__ == "__main__":
    main()
