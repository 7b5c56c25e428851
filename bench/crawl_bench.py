"""Crawl benchmark: pages/s of a real crawl (spider + archive pipeline) against the local demo sites.

    python -m bench.crawl_bench --articles 1000 --outlets shaam enab_baladi

Throttling and politeness delays are off and per-domain concurrency is raised, so the number
measures the spider and the archive pipeline (target: ≥ 200 pages/s), not the sites' manners.
Pages/s counts every HTTP response (listing pages, feeds, articles) over the crawler's own
elapsed time; the wall time including the subprocess start is reported too. An embedded
PostgreSQL in a temporary directory receives the pages.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="articles per outlet")
    parser.add_argument("--outlets", nargs="+", default=["shaam", "enab_baladi"])
    parser.add_argument("--per-page", type=int, default=50)
    args = parser.parse_args()
    articles = bench_articles(args.outlets, args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg")
        settings = replace(Settings.from_env({}), database_url=server.ensure_running(), data_dir=Path(tmp) / "data")
        try:
            with DemoSites(articles, outlets=args.outlets, per_page=args.per_page) as sites:
                started = time.monotonic()
                reports = crawl_outlets(args.outlets, None, None, settings, base_urls=sites.base_urls,
                                        processes=len(args.outlets), scrapy_settings=BENCH_SCRAPY_SETTINGS,
                                        time_limit_s=1800)
                wall = time.monotonic() - started
                responses = {o: sum(1 for _ in reqs) for o, reqs in sites.requests.items()}
        finally:
            server.stop()
    for report in reports:
        rate = responses[report.outlet] / report.duration_s if report.duration_s else 0.0
        print(f"{report.outlet:12s} {report.status:6s} stored {report.stored:5d}  responses "
              f"{responses[report.outlet]:5d}  crawl {report.duration_s:6.2f} s  {rate:7.1f} pages/s")
    total = sum(responses.values())
    print(f"all outlets: {total} responses in {wall:.2f} s wall (incl. process start) = {total / wall:.1f} pages/s")


if __name__ == "__main__":
    main()
