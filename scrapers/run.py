"""Run one outlet's crawl in this process and write its stats as JSON.

Used as `python -m scrapers.run OUTLET [--since ISO] [--until ISO] [--base-url URL] [--refresh]
[--crawl-run-id N] [--report FILE] [--set KEY=VALUE ...]`, always in a fresh process (Twisted's
reactor cannot be restarted): scrapers.crawl.crawl_outlet starts it. The database URL comes from
DATABASE_URL in the environment (kept off the command line, where `ps` would show it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from typing import Any

import psycopg2
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings

from scrapers.outlets import get_outlet
from scrapers.spiders.outlet import OutletSpider


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def build_settings(outlet_key: str, overrides: dict[str, Any]) -> ScrapySettings:
    """scrapers.settings, then the outlet's politeness, then explicit overrides (highest)."""
    settings = ScrapySettings()
    settings.setmodule("scrapers.settings", priority="project")
    settings.set("DOWNLOAD_DELAY", get_outlet(outlet_key).download_delay, priority="project")
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    return settings


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Crawl and return the JSON-able report: {"stats": {...}} or {"error": "..."}."""
    overrides = dict(kv.split("=", 1) for kv in args.set)
    overrides = {k: _value(v) for k, v in overrides.items()}
    if os.environ.get("DATABASE_URL"):
        overrides.setdefault("SYRIA_EVENTS_DATABASE_URL", os.environ["DATABASE_URL"])
    if args.crawl_run_id:
        overrides["SYRIA_EVENTS_CRAWL_RUN_ID"] = args.crawl_run_id
    if args.base_url:
        overrides["OUTLET_BASE_URL"] = args.base_url
    database_url = overrides.get("SYRIA_EVENTS_DATABASE_URL")
    if database_url:  # fail with a clear message before any request leaves
        try:
            psycopg2.connect(database_url, connect_timeout=10).close()
        except psycopg2.OperationalError as exc:
            return {"error": f"cannot connect to the warehouse: {str(exc).strip()}"}
    settings = build_settings(args.outlet, overrides)
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(OutletSpider)
    crashes: list[str] = []
    done = process.crawl(crawler, outlet=args.outlet, since=args.since, until=args.until,
                         base_url=args.base_url, refresh=args.refresh)
    done.addErrback(lambda failure: crashes.append(f"{failure.type.__name__}: {failure.value}"))
    process.start()
    report: dict[str, Any] = {"stats": crawler.stats.get_stats() if crawler.stats else {}}
    if crashes:
        report["error"] = "crawl crashed: " + crashes[0]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.run", description=__doc__)
    parser.add_argument("outlet")
    parser.add_argument("--since")
    parser.add_argument("--until")
    parser.add_argument("--base-url")
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--crawl-run-id", type=int)
    parser.add_argument("--report", help="write the JSON report here (default: stdout)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="Scrapy setting (VALUE read as JSON when it parses)")
    args = parser.parse_args(argv)
    try:
        report = run(args)
        code = 0
    except Exception as exc:  # the parent turns this into a failed CrawlReport
        report = {"error": f"{exc.__class__.__name__}: {exc}", "traceback": traceback.format_exc()}
        code = 1
    text = json.dumps(report, default=str, ensure_ascii=False)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
