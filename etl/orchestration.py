"""The Airflow DAG's task bodies, as plain functions (dags/syria_events_nightly.py only wires them).

Nothing here needs Airflow: the tests call these functions directly against a real PostgreSQL.
Every task is idempotent for its data interval: the crawl skips pages already archived, the
stages only work on what is pending, the checks are read-only, and the run record of an interval
replaces the previous one.

Configuration, all from the environment:
  AIRFLOW_CONN_SYRIA_EVENTS_WAREHOUSE  the warehouse (Airflow connection URI or JSON); otherwise
                                       the Airflow connection `syria_events_warehouse` (inside a
                                       task), then DATABASE_URL, then the embedded server.
  SYRIA_EVENTS_OFFLINE=1               crawl the bundled demo snapshot (served on 127.0.0.1
                                       inside each crawl task) instead of the live sites.
  SYRIA_EVENTS_OUTLETS=a,b             crawl only these outlets.
  SYRIA_EVENTS_ALERT_WEBHOOK, SYRIA_EVENTS_ALERT_EMAIL (+ SYRIA_EVENTS_SMTP_*)
                                       where failure summaries are sent (etl/alerts.py).
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from etl.config import Settings

log = logging.getLogger(__name__)

CONN_ID = "syria_events_warehouse"
CONN_ENV = "AIRFLOW_CONN_SYRIA_EVENTS_WAREHOUSE"
OFFLINE_ENV = "SYRIA_EVENTS_OFFLINE"
OUTLETS_ENV = "SYRIA_EVENTS_OUTLETS"
CRAWL_POOL = "syria_events_crawl"
RUN_KIND = "airflow"
STAGES = ("clean", "extract", "dedup", "load")
HEADLINE = ("fetched", "new", "events", "merged", "loaded")
# Which counter of each stage feeds each headline figure of its log line.
STAGE_HEADLINE: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "crawl": {"fetched": ("fetched",), "new": ("new", "stored")},
    "clean": {"new": ("articles_new",)},
    "extract": {"events": ("reports",)},
    "dedup": {"events": ("events_new",), "merged": ("merged_into_existing",)},
    "load": {"loaded": ("events_loaded",)},
}
# libpq parameters an Airflow connection's `extra` may carry into the warehouse URL.
LIBPQ_EXTRAS = frozenset({"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout",
                          "application_name", "options", "target_session_attrs"})
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class CrawlFailed(RuntimeError):
    """One outlet's crawl failed; raised so that its mapped task fails (and is retried)."""


class PipelineRunFailed(RuntimeError):
    """The run was recorded, but something in it failed (failed outlets, stages or checks)."""


# --- configuration -------------------------------------------------------------------------------

def is_offline(env: Mapping[str, str] | None = None) -> bool:
    """Whether SYRIA_EVENTS_OFFLINE asks for the demo snapshot instead of the live sites."""
    env = os.environ if env is None else env
    return env.get(OFFLINE_ENV, "").strip().lower() in TRUE_WORDS


def _libpq_url(conn_type: str | None, host: str | None, login: str | None, password: str | None,
               port: int | str | None, database: str | None, extra: Mapping[str, Any] | None) -> str:
    if conn_type and conn_type.replace("-", "").replace("_", "") not in ("postgres", "postgresql"):
        raise ValueError(f"connection {CONN_ID} must be a PostgreSQL connection, not {conn_type!r}")
    auth = ""
    if login:
        auth = quote(login, safe="") + (":" + quote(password, safe="") if password else "") + "@"
    netloc = auth + (host or "") + (f":{port}" if port else "")
    query = {k: str(v) for k, v in (extra or {}).items() if k in LIBPQ_EXTRAS and v not in (None, "")}
    return f"postgresql://{netloc}/{quote(database or '', safe='')}" + (f"?{urlencode(query)}" if query else "")


def connection_url(value: str) -> str:
    """A libpq URL from an Airflow connection as written in AIRFLOW_CONN_* (a URI or JSON).

    `postgres://` (Airflow's spelling) becomes `postgresql://`; Airflow's `__extra__` query
    parameter is unpacked and only libpq parameters (sslmode, ...) are kept.
    """
    value = value.strip()
    if value.startswith("{"):
        data = json.loads(value)
        extra = data.get("extra") or {}
        if isinstance(extra, str):
            extra = json.loads(extra) if extra.strip() else {}
        return _libpq_url(data.get("conn_type"), data.get("host"), data.get("login"), data.get("password"),
                          data.get("port"), data.get("schema"), extra)
    parts = urlsplit(value)
    if parts.scheme.replace("-", "").replace("_", "") not in ("postgres", "postgresql"):
        raise ValueError(f"{CONN_ENV} must be a postgres:// or postgresql:// URI, not {parts.scheme}://")
    extra: dict[str, Any] = {}
    for key, item in parse_qsl(parts.query, keep_blank_values=True):
        if key == "__extra__":
            extra.update(json.loads(item) if item else {})
        else:
            extra[key] = item
    query = {k: v for k, v in extra.items() if k in LIBPQ_EXTRAS}
    rest = parts._replace(scheme="postgresql", query=urlencode(query), fragment="")
    return rest.geturl()


def _airflow_connection_url() -> str | None:
    """The `syria_events_warehouse` connection from Airflow (metadata DB, secrets backend), if any."""
    try:
        from airflow.sdk import Connection

        conn = Connection.get(CONN_ID)
    except Exception as exc:  # not inside Airflow, or no such connection: fall back quietly
        log.debug("no Airflow connection %s: %s", CONN_ID, exc)
        return None
    return _libpq_url(conn.conn_type, conn.host, conn.login, conn.password, conn.port, conn.schema,
                      conn.extra_dejson)


def warehouse_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings whose database_url is the warehouse the DAG writes to.

    Order: AIRFLOW_CONN_SYRIA_EVENTS_WAREHOUSE; inside a running Airflow task, the Airflow
    connection `syria_events_warehouse` (so one stored in the UI/metadata DB works too);
    DATABASE_URL; otherwise None, which `etl.warehouse.connect` reads as the embedded server.
    """
    env = dict(os.environ if env is None else env)
    settings = Settings.from_env(env)
    url = None
    if env.get(CONN_ENV):
        url = connection_url(env[CONN_ENV])
    elif env.get("AIRFLOW_CTX_DAG_ID"):  # set by Airflow only while a task runs
        url = _airflow_connection_url()
    return replace(settings, database_url=url or settings.database_url)


def migrate_warehouse(settings: Settings | None = None) -> list[str]:
    """Apply pending warehouse migrations (docker-compose's init job calls this); return them."""
    from etl.warehouse import connect, migrate

    settings = settings or warehouse_settings()
    conn = connect(settings, migrate_schema=False)
    try:
        return migrate(conn, settings.sql_dir)
    finally:
        conn.close()


# --- windows and outlets -------------------------------------------------------------------------

def as_utc(value: datetime | str) -> datetime:
    """An aware UTC datetime from a datetime (pendulum included) or an ISO string; naive = UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    # Rebuild as a plain datetime: pendulum subclasses do not survive every serialiser.
    return datetime.fromtimestamp(value.timestamp(), tz=UTC)


def crawl_window(since: datetime | str, until: datetime | str,
                 offline: bool | None = None) -> tuple[datetime, datetime]:
    """The window the crawl, the checks and the metrics use for a data interval [since, until).

    Live: the data interval itself. Offline: the demo snapshot's window (its articles are dated
    2025-12-10..16), whatever the interval, so any run of the DAG finds the whole snapshot.
    """
    if is_offline() if offline is None else offline:
        from etl.demo.snapshot import load_snapshot

        snapshot = load_snapshot()
        return as_utc(snapshot.window_start), as_utc(snapshot.window_end)
    since, until = as_utc(since), as_utc(until)
    if since >= until:
        raise ValueError(f"empty window: {since.isoformat()} >= {until.isoformat()}")
    return since, until


def outlets_to_crawl(only: Iterable[str] | None = None, offline: bool | None = None,
                     env: Mapping[str, str] | None = None) -> list[str]:
    """Outlet keys to crawl, sorted: one mapped crawl task each.

    Live: every catalogue outlet (scrapers/outlets.toml); offline: the snapshot's outlets.
    Narrowed by SYRIA_EVENTS_OUTLETS (comma-separated) and by `only` (the DAG run's `outlets`
    param). Unknown names raise ValueError naming the known ones.
    """
    env = os.environ if env is None else env
    if is_offline(env) if offline is None else offline:
        from etl.demo.snapshot import load_snapshot

        known = load_snapshot().outlets()
    else:
        from scrapers.outlets import load_outlets

        known = sorted(load_outlets())
    selected = list(known)
    for wanted in ([o.strip() for o in env.get(OUTLETS_ENV, "").split(",") if o.strip()], list(only or [])):
        if not wanted:
            continue
        unknown = sorted(set(wanted) - set(known))
        if unknown:
            raise ValueError(f"unknown outlet(s): {', '.join(unknown)}; known: {', '.join(known)}")
        selected = [o for o in selected if o in wanted]
    return selected


# --- log lines -----------------------------------------------------------------------------------

def _numeric(counts: Mapping[str, Any], prefix: str = "") -> dict[str, float]:
    """Numeric counters only, nested dicts flattened as parent.child (e.g. failed.timeout)."""
    flat: dict[str, float] = {}
    for key, value in counts.items():
        if isinstance(value, Mapping):
            flat.update(_numeric(value, f"{prefix}{key}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[f"{prefix}{key}"] = value
    return flat


def headline(stage: str, counts: Mapping[str, Any]) -> dict[str, float | None]:
    """The five headline figures (fetched, new, events, merged, loaded) one stage contributes."""
    sources = STAGE_HEADLINE.get(stage, {})
    figures: dict[str, float | None] = {}
    for name in HEADLINE:
        keys = [k for k in sources.get(name, ()) if k in counts]
        figures[name] = counts[keys[0]] if keys else (0 if sources.get(name) else None)
    return figures


def summary_line(label: str, figures: Mapping[str, float | None], details: Mapping[str, Any] | None = None) -> str:
    """`label: fetched=… new=… events=… merged=… loaded=…` then the other counters; '-' = n/a."""
    def fmt(value: Any) -> str:
        if value is None:
            return "-"
        return str(int(value)) if float(value).is_integer() else f"{value:.3f}"

    line = f"{label}: " + " ".join(f"{name}={fmt(figures.get(name))}" for name in HEADLINE)
    rest = {k: v for k, v in (details or {}).items() if k not in ("stage",)}
    if rest:
        line += " | " + " ".join(f"{k}={fmt(v)}" for k, v in sorted(rest.items()))
    return line


# --- tasks ---------------------------------------------------------------------------------------

def crawl_task(outlet: str, since: datetime | str, until: datetime | str, offline: bool | None = None,
               refresh: bool = False) -> dict[str, Any]:
    """Crawl one outlet for the window into raw.page (a subprocess: Scrapy's reactor is single-use).

    Offline (argument, or SYRIA_EVENTS_OFFLINE=1 when None) serves the demo snapshot on
    127.0.0.1 for the duration of this task and points the crawl at it. Returns the crawl
    report as a dict; raises CrawlFailed when the crawl failed, so this outlet's task fails and
    is retried while the other outlets go on. Pages already archived are not fetched again.
    """
    from scrapers.crawl import crawl_outlet

    offline = is_offline() if offline is None else offline
    settings = warehouse_settings()
    start, end = crawl_window(since, until, offline)
    if offline:
        from etl.demo.server import DemoSites
        from etl.demo.snapshot import load_snapshot
        from etl.jobs import DEMO_SCRAPY_SETTINGS  # our own loopback site: no politeness delays

        snapshot = load_snapshot()
        if outlet not in snapshot.outlets():
            raise ValueError(f"outlet {outlet!r} is not in the demo snapshot ({', '.join(snapshot.outlets())})")
        # Only this outlet's site: the server lives as long as this task.
        with DemoSites(snapshot.articles, outlets=[outlet]) as sites:
            report = crawl_outlet(outlet, start, end, settings, base_url=sites.base_urls[outlet], refresh=refresh,
                                  scrapy_settings=DEMO_SCRAPY_SETTINGS)
    else:
        report = crawl_outlet(outlet, start, end, settings, base_url=settings.base_urls.get(outlet),
                              refresh=refresh)
    counts = _numeric(report.counts or {})
    result = {
        "outlet": outlet, "status": report.status, "error": report.error, "counts": counts,
        "duration_s": round(float(report.duration_s or 0), 3), "pages": len(report.page_ids or []),
        "window": [start.isoformat(), end.isoformat()], "offline": offline,
    }
    log.info(summary_line(f"crawl {outlet} [{report.status}]", headline("crawl", counts),
                          {**counts, "seconds": result["duration_s"]}))
    if report.status == "failed":
        raise CrawlFailed(f"crawl of {outlet} failed for {start.isoformat()} .. {end.isoformat()}: {report.error}")
    if report.status == "empty":
        log.warning("crawl %s found nothing new in the window (an alert if the outlet usually publishes)", outlet)
    return result


def _run_stage(name: str) -> dict[str, Any]:
    from etl import pipeline
    from etl.warehouse import connect

    settings = warehouse_settings()
    conn = connect(settings)
    try:
        if name == "clean":
            stats = pipeline.clean_stage(conn, settings.batch_size)
        elif name == "extract":
            stats = pipeline.extract_stage(conn, settings.batch_size)
        elif name == "dedup":
            stats = pipeline.dedup_stage(conn)
        else:
            stats = pipeline.load_stage(conn, bulk_min=settings.bulk_load_min)
    finally:
        conn.close()
    result: dict[str, Any] = {"stage": name, **stats.as_dict()}
    log.info(summary_line(name, headline(name, result), result))
    return result


def clean_task() -> dict[str, Any]:
    """Clean every archived page not yet cleaned (all pending pages, whatever their crawl); log and return counts."""
    return _run_stage("clean")


def extract_task() -> dict[str, Any]:
    """Extract event reports from every article version not yet extracted; log and return counts."""
    return _run_stage("extract")


def dedup_task() -> dict[str, Any]:
    """Assign every pending report to a new or existing event; log and return counts."""
    return _run_stage("dedup")


def load_task() -> dict[str, Any]:
    """Upsert every changed event into core; log and return counts."""
    return _run_stage("load")


def _usually_publishing(outlets: Iterable[str]) -> list[str]:
    from scrapers.outlets import load_outlets

    catalogue = load_outlets()
    return sorted(o for o in outlets if o not in catalogue or catalogue[o].usually_publishes)


def quality_task(since: datetime | str, until: datetime | str, offline: bool | None = None,
                 outlets: Iterable[str] | None = None) -> list[str]:
    """Run the data-quality checks (etl/quality.py) for the window; return the names of those passed.

    Raises etl.quality.DataQualityError listing every failed check (and its offending rows).
    """
    from etl.quality import raise_on_failures, run_checks
    from etl.warehouse import connect

    offline = is_offline() if offline is None else offline
    start, end = crawl_window(since, until, offline)
    watched = _usually_publishing(outlets if outlets is not None else outlets_to_crawl(offline=offline))
    conn = connect(warehouse_settings())
    try:
        results = run_checks(conn, start, end, watched)
    finally:
        conn.close()
    for result in results:
        (log.info if result.passed else log.error)("check %s", "passed: " + result.name if result.passed
                                                   else "FAILED: " + result.summary())
    raise_on_failures(results)
    return [r.name for r in results]


def _stage_stats(stages: Mapping[str, Mapping[str, Any] | None]) -> list:
    from etl.pipeline import StageStats

    stats = []
    for name in STAGES:
        values = stages.get(name)
        if values is None:
            continue
        counts = Counter({k: v for k, v in _numeric(values).items() if k != "seconds"})
        stats.append(StageStats(name, counts, float(values.get("seconds", 0) or 0)))
    return stats


def _crawl_outcomes(conn, start: datetime, end: datetime, outlets: list[str],
                    crawls: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per outlet: the crawl task's result, else the latest raw.crawl_run row, else 'no result'."""
    from etl.sqlfiles import read_query

    outcomes = {c["outlet"]: dict(c) for c in crawls if c and c.get("outlet")}
    missing = [o for o in outlets if o not in outcomes]
    if missing:
        with conn.cursor() as cur:
            cur.execute(read_query("ops_crawl_outcomes"), {"since": start, "until": end, "outlets": missing})
            for outlet, status, error, stats in cur.fetchall():
                outcomes[outlet] = {"outlet": outlet, "status": status, "error": error,
                                    "counts": _numeric(stats or {})}
    for outlet in missing:
        outcomes.setdefault(outlet, {"outlet": outlet, "status": "failed", "counts": {},
                                     "error": "no crawl result: the task failed before crawling"})
    return outcomes


def publish_metrics_task(since: datetime | str, until: datetime | str,
                         stages: Mapping[str, Mapping[str, Any] | None],
                         crawls: Iterable[Mapping[str, Any] | None] = (),
                         outlets: Iterable[str] | None = None, dag_run_id: str | None = None,
                         offline: bool | None = None) -> dict[str, Any]:
    """Record the interval's run in ops.pipeline_run and its metrics in ops.task_metric.

    `stages` are the stage tasks' results (None for a stage that did not finish), `crawls` the
    crawl tasks' results (failed outlets have none: raw.crawl_run says why). Besides what this
    run did, it records what the warehouse holds for the window per outlet (task 'window'), which
    a re-run leaves unchanged. The interval's earlier record (kind 'airflow', same window) is
    replaced, so there is one row per interval. Status: 'failed' when a stage did not finish, a
    data-quality check fails or every outlet failed; 'partial' when some outlets failed.
    Raises PipelineRunFailed after recording when the status is not 'ok'.
    """
    from etl import pipeline
    from etl.pipeline import StageStats
    from etl.quality import run_checks
    from etl.sqlfiles import read_query
    from etl.warehouse import connect

    offline = is_offline() if offline is None else offline
    interval = (as_utc(since), as_utc(until))
    start, end = crawl_window(since, until, offline)
    outlets = sorted(outlets) if outlets is not None else outlets_to_crawl(offline=offline)
    stage_stats = _stage_stats(stages)
    conn = connect(warehouse_settings())
    try:
        crawl = _crawl_outcomes(conn, start, end, outlets, [c for c in crawls if c])
        checks = run_checks(conn, start, end, _usually_publishing(outlets))
        with conn.cursor() as cur:
            cur.execute(read_query("ops_window_counts"), {"since": start, "until": end})
            window_rows = cur.fetchall()

        crawl_totals: Counter = Counter()
        for outcome in crawl.values():
            crawl_totals.update(outcome.get("counts", {}))
            crawl_totals[f"outlets_{outcome['status']}"] += 1
        window_totals = Counter({"articles": sum(r[1] for r in window_rows), "events": sum(r[2] for r in window_rows)})
        all_stats = [StageStats("crawl", crawl_totals), *stage_stats, StageStats("window", window_totals)]

        failed_outlets = sorted(o for o, c in crawl.items() if c["status"] == "failed")
        missing_stages = [s for s in STAGES if stages.get(s) is None]
        failed_checks = [c for c in checks if not c.passed]
        reasons = []
        if missing_stages:
            reasons.append(f"stage(s) did not finish: {', '.join(missing_stages)}")
        if failed_checks:
            reasons.append("data-quality check(s) failed: " + "; ".join(c.summary() for c in failed_checks))
        if failed_outlets:
            reasons.append("outlet(s) failed: " + "; ".join(f"{o}: {crawl[o].get('error')}" for o in failed_outlets))
        all_failed = bool(crawl) and len(failed_outlets) == len(crawl)
        status = "failed" if missing_stages or failed_checks or all_failed else "partial" if failed_outlets else "ok"

        totals = {"fetched": crawl_totals.get("fetched", 0),
                  "new": (stages.get("clean") or {}).get("articles_new", 0),
                  "events": (stages.get("dedup") or {}).get("events_new", 0),
                  "merged": (stages.get("dedup") or {}).get("merged_into_existing", 0),
                  "loaded": (stages.get("load") or {}).get("events_loaded", 0)}
        extra = {
            "dag_run_id": dag_run_id, "offline": offline,
            "crawl_window": [start.isoformat(), end.isoformat()],
            "crawl": {o: {"status": c["status"], "error": c.get("error"), **c.get("counts", {})}
                      for o, c in sorted(crawl.items())},
            "quality": {c.name: c.problems for c in checks},
            "window_by_outlet": {o: {"articles": a, "events": e} for o, a, e in window_rows},
            "totals": totals,
        }
        with conn.cursor() as cur:  # same transaction as record_run's insert: replaced atomically
            cur.execute(read_query("ops_forget_run"), {"kind": RUN_KIND, "since": interval[0], "until": interval[1]})
        run_id = pipeline.record_run(conn, RUN_KIND, all_stats, status, interval, extra,
                                     error="; ".join(reasons) or None)
        with conn.cursor() as cur:
            for outlet, outcome in crawl.items():
                metrics = {**outcome.get("counts", {}), "ok": float(outcome["status"] != "failed")}
                for metric, value in metrics.items():
                    cur.execute("INSERT INTO ops.task_metric (run_id, task, outlet, metric, value) "
                                "VALUES (%s, 'crawl', %s, %s, %s)", (run_id, outlet, metric, float(value)))
            for outlet, articles, events in window_rows:
                for metric, value in (("articles", articles), ("events", events)):
                    cur.execute("INSERT INTO ops.task_metric (run_id, task, outlet, metric, value) "
                                "VALUES (%s, 'window', %s, %s, %s)", (run_id, outlet, metric, float(value)))
        conn.commit()
    finally:
        conn.close()
    log.info(summary_line(f"run {run_id} [{status}] {interval[0].isoformat()} .. {interval[1].isoformat()}",
                          totals, {"outlets_failed": len(failed_outlets), "checks_failed": len(failed_checks)}))
    if status != "ok":
        raise PipelineRunFailed(f"run {run_id} recorded as {status}: " + " | ".join(reasons))
    return {"run_id": run_id, "status": status, **totals}
