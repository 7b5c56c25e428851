"""crawl_outlet: one outlet's crawl for one window, in a subprocess, recorded as a crawl_run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from etl.config import PROJECT_ROOT, Settings
from etl.load.raw_pages import finish_crawl_run, start_crawl_run
from etl.warehouse import WarehouseUnavailable, connect, database_url
from scrapers.outlets import get_outlet, load_outlets
from scrapers.spiders.outlet import parse_window_bound

DEFAULT_TIME_LIMIT_S = 3600


@dataclass
class CrawlReport:
    """How one outlet's crawl went. status: "ok", "failed" (error says why) or "empty" (nothing
    found, or nothing new from an outlet that usually publishes: an alert, error says which)."""

    outlet: str
    status: str
    error: str | None = None
    listed: int = 0  # distinct article URLs the discovery channels found (in or out of the window)
    new: int = 0  # in the window and not yet archived (or all, with refresh): fetch attempts
    fetched: int = 0  # article responses received (2xx)
    stored: int = 0  # new raw.page rows (new URLs or changed content)
    skipped: dict[str, int] = field(default_factory=dict)  # by reason: known, before_window, ...
    # by reason: articles "http_404", "timeout", "not_html", ...; channels "<strategy>:<reason>" ("feed:http_404")
    failed: dict[str, int] = field(default_factory=dict)
    duration_s: float = 0.0
    page_ids: list[int] = field(default_factory=list)
    crawl_run_id: int | None = None
    base_url: str | None = None
    alerts: list[str] = field(default_factory=list)
    channel_errors: list[str] = field(default_factory=list)
    channels: dict[str, str] = field(default_factory=dict)  # strategy → ok / partial / failed
    log_path: str | None = None

    @property
    def counts(self) -> dict[str, Any]:
        """The figures stored in raw.crawl_run.stats."""
        return {"listed": self.listed, "new": self.new, "fetched": self.fetched, "stored": self.stored,
                "skipped": dict(self.skipped), "failed": dict(self.failed),
                "duration_s": round(self.duration_s, 3)}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _by_prefix(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix):]: int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int)}


def _message(channel_error: str) -> str:
    """"feed https://x/feed/: DNS lookup failed" → "DNS lookup failed"."""
    return channel_error.partition(": ")[2] or channel_error


def report_from_stats(outlet_key: str, stats: Mapping[str, Any], base_url: str) -> CrawlReport:
    """A CrawlReport judged from the spider's stats (see CrawlReport for what status means)."""
    outlet = get_outlet(outlet_key)
    report = CrawlReport(
        outlet=outlet_key, status="ok", base_url=base_url,
        listed=int(stats.get("outlet/listed", 0)), new=int(stats.get("outlet/new", 0)),
        fetched=int(stats.get("outlet/fetched", 0)), stored=int(stats.get("outlet/stored", 0)),
        skipped=_by_prefix(stats, "outlet/skipped/"), failed=_by_prefix(stats, "outlet/failed/"),
        page_ids=[int(i) for i in stats.get("outlet/page_ids", [])],
        alerts=list(stats.get("outlet/alerts", [])), channel_errors=list(stats.get("outlet/channel_errors", [])),
        channels={k.removeprefix("outlet/channel/"): v for k, v in stats.items() if k.startswith("outlet/channel/")},
    )
    crashes = int(stats.get("spider_exceptions/count", 0) or 0) or sum(
        int(v) for k, v in stats.items() if k.startswith("spider_exceptions/") and isinstance(v, int))
    if crashes:  # a bug in a parser: count it and say so, the rest of the crawl still stands
        report.failed["spider_error"] = crashes
        report.alerts.append(f"{crashes} page(s) could not be processed by the spider (see the crawl log)")
    reached = int(stats.get("downloader/response_count", 0)) > 0
    if report.listed == 0:
        if not reached and report.channel_errors:
            report.status, report.error = "failed", f"cannot reach {base_url}: {_message(report.channel_errors[0])}"
        elif report.alerts:
            report.status, report.error = "empty", "no articles found: " + report.alerts[0]
        elif report.channel_errors:
            report.status = "failed"
            report.error = "no discovery channel answered: " + "; ".join(report.channel_errors[:3])
        else:
            report.status, report.error = "empty", "no articles found by any discovery channel"
    elif report.new == 0:
        report.status = "empty" if outlet.usually_publishes else "ok"
        report.error = (f"no new articles in the window ({report.listed} listed, "
                        + ", ".join(f"{n} {r}" for r, n in sorted(report.skipped.items())) + ")")
    elif report.stored == 0 and report.fetched == 0 and report.failed:
        worst = ", ".join(f"{r} ×{n}" for r, n in sorted(report.failed.items(), key=lambda kv: -kv[1]))
        report.status = "failed"
        report.error = f"none of the {report.new} new articles could be fetched ({worst})"
        if not reached:
            report.error = f"cannot reach {base_url}: " + report.error
    return report


def _scrapy_overrides(settings: Settings, time_limit_s: float, log_file: Path | None) -> dict[str, Any]:
    overrides: dict[str, Any] = {
        "USER_AGENT": settings.user_agent,
        "DOWNLOAD_TIMEOUT": settings.crawl_timeout_s,
        "RETRY_TIMES": settings.crawl_retries,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.crawl_concurrency_per_domain,
        "AUTOTHROTTLE_ENABLED": settings.autothrottle,
        # Close gracefully a little before the hard limit, so stats and the report still get written.
        "CLOSESPIDER_TIMEOUT": max(1, int(time_limit_s * 0.9)),
    }
    if log_file is not None:
        overrides["LOG_FILE"] = str(log_file)
    return overrides


def crawl_outlet(
    outlet_key: str,
    since: datetime | str | None,
    until: datetime | str | None,
    settings: Settings,
    base_url: str | None = None,
    refresh: bool = False,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    scrapy_settings: Mapping[str, Any] | None = None,
) -> CrawlReport:
    """Crawl one outlet for [since, until) and archive what it fetched; never raises for crawl trouble.

    Records a raw.crawl_run (started before, finished after, with the report's counts) and runs
    the spider in a subprocess (`python -m scrapers.run`) killed after `time_limit_s`. An
    unreachable site, a crashed or timed-out subprocess, or an unreachable warehouse all give a
    "failed" report with a clear error. `base_url` (default: settings.base_urls[outlet]) crawls a
    mirror; `scrapy_settings` overrides Scrapy settings (tests: AUTOTHROTTLE_ENABLED=False, ...).
    Raises KeyError only for an outlet key that is not in the catalogue.
    """
    get_outlet(outlet_key)
    base_urls = {outlet_key: base_url} if base_url else {}
    return _crawl_group([outlet_key], since, until, settings, base_urls, refresh, time_limit_s, scrapy_settings)[0]


def crawl_outlets(
    outlet_keys: Iterable[str],
    since: datetime | str | None,
    until: datetime | str | None,
    settings: Settings,
    base_urls: Mapping[str, str] | None = None,
    refresh: bool = False,
    *,
    processes: int = 2,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    scrapy_settings: Mapping[str, Any] | None = None,
) -> list[CrawlReport]:
    """crawl_outlet for several outlets at once; one report per key, in the order given.

    The outlets are spread over `processes` subprocesses, each running one Scrapy crawler per
    outlet concurrently (one interpreter start per process instead of per outlet). One outlet
    failing never stops the others: its report is "failed" and theirs stand; an unknown key
    gets a failed report too.
    """
    keys = list(dict.fromkeys(outlet_keys))
    known = load_outlets()
    reports: dict[str, CrawlReport] = {
        k: CrawlReport(outlet=k, status="failed", error=f"unknown outlet {k!r}") for k in keys if k not in known}
    valid = [k for k in keys if k in known]
    groups = [g for g in (valid[i::max(1, processes)] for i in range(max(1, processes))) if g]

    def one(group: list[str]) -> list[CrawlReport]:
        try:
            return _crawl_group(group, since, until, settings, base_urls or {}, refresh, time_limit_s,
                                scrapy_settings)
        except Exception as exc:  # isolate groups from each other, whatever happens
            return [CrawlReport(outlet=k, status="failed", error=f"{exc.__class__.__name__}: {exc}") for k in group]

    with ThreadPoolExecutor(max_workers=max(1, len(groups))) as pool:
        for group_reports in pool.map(one, groups):
            reports.update({r.outlet: r for r in group_reports})
    return [reports[k] for k in keys]


def _crawl_group(keys: list[str], since: datetime | str | None, until: datetime | str | None,
                 settings: Settings, base_urls: Mapping[str, str], refresh: bool, time_limit_s: float,
                 scrapy_settings: Mapping[str, Any] | None) -> list[CrawlReport]:
    """Crawl `keys` in one subprocess; record and return one report per key."""
    started = time.monotonic()
    window = (parse_window_bound(since), parse_window_bound(until))
    bases = {k: (base_urls.get(k) or settings.base_urls.get(k) or get_outlet(k).base_url).rstrip("/") for k in keys}
    try:
        conn = connect(settings)
        db_url = database_url(settings)
    except WarehouseUnavailable as exc:
        return [CrawlReport(outlet=k, status="failed", error=str(exc), base_url=bases[k],
                            duration_s=time.monotonic() - started) for k in keys]
    try:
        run_ids = {k: start_crawl_run(conn, k, *window) for k in keys}
        log_dir = settings.data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / f"crawl-{min(run_ids.values())}-{'-'.join(keys) if len(keys) < 4 else 'outlets'}.log"
        overrides = _scrapy_overrides(settings, time_limit_s, log_file)
        overrides.update(scrapy_settings or {})
        data = _run_subprocess(keys, window, bases, refresh, run_ids, db_url, overrides, time_limit_s)
        wall = time.monotonic() - started
        reports = []
        for key in keys:
            entry = data.get("outlets", {}).get(key)
            if entry is None:
                report = CrawlReport(outlet=key, status="failed", base_url=bases[key],
                                     error=data.get("error") or "the crawl process gave no report for this outlet")
            else:
                report = report_from_stats(key, entry.get("stats", {}), bases[key])
                if entry.get("error"):
                    report.status, report.error = "failed", entry["error"]
            elapsed = (entry or {}).get("stats", {}).get("elapsed_time_seconds")
            report.duration_s = float(elapsed) if elapsed else wall
            report.crawl_run_id, report.log_path = run_ids[key], str(log_file)
            stats = report.counts | {"base_url": bases[key], "alerts": report.alerts,
                                     "channel_errors": report.channel_errors[:20], "channels": report.channels}
            finish_crawl_run(conn, run_ids[key], report.status, stats, report.error)
            reports.append(report)
        return reports
    finally:
        conn.close()


def _run_subprocess(keys: list[str], window: tuple[datetime | None, datetime | None], bases: Mapping[str, str],
                    refresh: bool, run_ids: Mapping[str, int], db_url: str, overrides: Mapping[str, Any],
                    time_limit_s: float) -> dict[str, Any]:
    """The subprocess's JSON report, or {"error": ...} when it timed out or died without one."""
    with tempfile.TemporaryDirectory(prefix="crawl-") as tmp:
        report_path = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "scrapers.run", *keys, "--report", str(report_path)]
        for key in keys:
            cmd += ["--base-url", f"{key}={bases[key]}", "--crawl-run-id", f"{key}={run_ids[key]}"]
        for flag, bound in (("--since", window[0]), ("--until", window[1])):
            if bound is not None:
                cmd += [flag, bound.isoformat()]
        if refresh:
            cmd.append("--refresh")
        for key, value in overrides.items():
            cmd += ["--set", f"{key}={json.dumps(value)}"]
        env = dict(os.environ, DATABASE_URL=db_url)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        try:
            proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, timeout=time_limit_s, capture_output=True, text=True)
        except subprocess.TimeoutExpired:
            return {"error": f"crawl killed after the {time_limit_s:.0f} s time limit"}
        try:
            return json.loads(report_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            tail = (proc.stderr or "").strip().splitlines()[-3:]
            return {"error": f"crawl process exited with code {proc.returncode} without a report: " + " | ".join(tail)}
