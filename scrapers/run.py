"""Run outlet crawls in this process (one Scrapy crawler per outlet, concurrently) and report as JSON.

    python -m scrapers.run OUTLET [OUTLET ...] [--since ISO] [--until ISO] [--refresh]
        [--base-url [OUTLET=]URL ...] [--crawl-run-id [OUTLET=]N ...] [--report FILE]
        [--set KEY=VALUE ...]

Always run in a fresh process (Twisted's reactor cannot be restarted): scrapers.crawl starts it.
The database URL comes from DATABASE_URL in the environment (kept off the command line, where
`ps` would show it). The report is {"outlets": {key: {"stats": {...}}}, "error": ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from typing import Any

import psycopg2
from scrapy.crawler import Crawler, CrawlerProcess
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


def _per_outlet(values: list[str], outlets: list[str], flag: str) -> dict[str, str]:
    """["shaam=http://…"] or, with a single outlet, ["http://…"] → {outlet: value}."""
    result: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if sep and key in outlets:
            result[key] = rest
        elif len(outlets) == 1:
            result[outlets[0]] = value
        else:
            raise SystemExit(f"{flag} {value!r}: say which outlet (OUTLET=VALUE)")
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Crawl every outlet given and return the JSON-able report."""
    overrides = {k: _value(v) for k, v in (kv.split("=", 1) for kv in args.set)}
    if os.environ.get("DATABASE_URL"):
        overrides.setdefault("SYRIA_EVENTS_DATABASE_URL", os.environ["DATABASE_URL"])
    database_url = overrides.get("SYRIA_EVENTS_DATABASE_URL")
    if database_url:  # fail with a clear message before any request leaves
        try:
            psycopg2.connect(database_url, connect_timeout=10).close()
        except psycopg2.OperationalError as exc:
            return {"error": f"cannot connect to the warehouse: {str(exc).strip()}"}
    base_urls = _per_outlet(args.base_url, args.outlets, "--base-url")
    run_ids = _per_outlet(args.crawl_run_id, args.outlets, "--crawl-run-id")
    process = CrawlerProcess(build_settings(args.outlets[0], overrides))
    crawlers: dict[str, Crawler] = {}
    crashes: dict[str, str] = {}
    for index, outlet in enumerate(args.outlets):
        per_crawler = dict(overrides)
        if outlet in base_urls:
            per_crawler["OUTLET_BASE_URL"] = base_urls[outlet]
        if outlet in run_ids:
            per_crawler["SYRIA_EVENTS_CRAWL_RUN_ID"] = int(run_ids[outlet])
        # Each outlet gets its own settings (delay, base URL, run id); the first one installs the reactor.
        crawler = Crawler(OutletSpider, build_settings(outlet, per_crawler), init_reactor=index == 0)
        crawlers[outlet] = crawler
        done = process.crawl(crawler, outlet=outlet, since=args.since, until=args.until,
                             base_url=base_urls.get(outlet), refresh=args.refresh)
        done.addErrback(lambda failure, key=outlet: crashes.setdefault(
            key, f"crawl crashed: {failure.type.__name__}: {failure.value}"))
    process.start()
    report: dict[str, Any] = {"outlets": {}}
    for outlet, crawler in crawlers.items():
        entry: dict[str, Any] = {"stats": crawler.stats.get_stats() if crawler.stats else {}}
        if outlet in crashes:
            entry["error"] = crashes[outlet]
        report["outlets"][outlet] = entry
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outlets", nargs="+", metavar="OUTLET")
    parser.add_argument("--since")
    parser.add_argument("--until")
    parser.add_argument("--base-url", action="append", default=[], metavar="[OUTLET=]URL")
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--crawl-run-id", action="append", default=[], metavar="[OUTLET=]N")
    parser.add_argument("--report", help="write the JSON report here (default: stdout)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="Scrapy setting (VALUE read as JSON when it parses)")
    args = parser.parse_args(argv)
    try:
        report = run(args)
        code = 0 if "error" not in report else 1
    except Exception as exc:  # the parent turns this into failed CrawlReports
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
