"""The DAG's task bodies (etl/orchestration.py), called directly against a real PostgreSQL."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import psycopg2.extensions
import pytest

from etl import alerts
from etl import orchestration as orch
from etl.demo.snapshot import load_snapshot
from etl.quality import DataQualityError
from scrapers.outlets import load_outlets

SINCE = datetime(2025, 12, 14, 23, 0, tzinfo=UTC)
UNTIL = SINCE + timedelta(days=1)


@pytest.fixture
def warehouse(settings, monkeypatch):
    """The environment a task sees: the test database as the Airflow connection, nothing else."""
    for key in ("DATABASE_URL", orch.OFFLINE_ENV, orch.OUTLETS_ENV, "AIRFLOW_CTX_DAG_ID",
                "SYRIA_EVENTS_ALERT_WEBHOOK", "SYRIA_EVENTS_ALERT_EMAIL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv(orch.CONN_ENV, settings.database_url)
    monkeypatch.setenv("SYRIA_EVENTS_DATA_DIR", str(settings.data_dir))
    return settings


def _one(conn, query, params=None):
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute(query, params)
        return cur.fetchall()


# --- configuration -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("postgres://user:p%40ss@db.internal:5432/warehouse?sslmode=require",
     "postgresql://user:p%40ss@db.internal:5432/warehouse?sslmode=require"),
    ("postgresql://u@h:5433/d?__extra__=%7B%22sslmode%22%3A+%22disable%22%2C+%22cursor%22%3A+1%7D",
     "postgresql://u@h:5433/d?sslmode=disable"),
    (json.dumps({"conn_type": "postgres", "host": "h", "login": "u", "password": "p@ss:/", "port": 5433,
                 "schema": "wh", "extra": {"sslmode": "prefer", "unrelated": True}}),
     "postgresql://u:p%40ss%3A%2F@h:5433/wh?sslmode=prefer"),
])
def test_connection_url_accepts_airflow_uri_and_json(value, expected):
    url = orch.connection_url(value)
    assert url == expected
    psycopg2.extensions.parse_dsn(url)  # libpq accepts it


def test_connection_url_rejects_other_databases():
    with pytest.raises(ValueError, match="postgres"):
        orch.connection_url("mysql://u:p@h/db")
    with pytest.raises(ValueError, match="PostgreSQL"):
        orch.connection_url(json.dumps({"conn_type": "http", "host": "h"}))


def test_warehouse_settings_order():
    conn, db = "postgres://a@h1/one", "postgresql://b@h2/two"
    assert orch.warehouse_settings({orch.CONN_ENV: conn, "DATABASE_URL": db}).database_url == "postgresql://a@h1/one"
    assert orch.warehouse_settings({"DATABASE_URL": db}).database_url == db
    assert orch.warehouse_settings({}).database_url is None  # the embedded server


def test_warehouse_settings_asks_airflow_only_inside_a_task(monkeypatch):
    monkeypatch.setattr(orch, "_airflow_connection_url", lambda: "postgresql://from@airflow/db")
    assert orch.warehouse_settings({"DATABASE_URL": "postgresql://x/y"}).database_url == "postgresql://x/y"
    in_task = {"AIRFLOW_CTX_DAG_ID": "syria_events_nightly", "DATABASE_URL": "postgresql://x/y"}
    assert orch.warehouse_settings(in_task).database_url == "postgresql://from@airflow/db"
    monkeypatch.setattr(orch, "_airflow_connection_url", lambda: None)  # no such Airflow connection
    assert orch.warehouse_settings(in_task).database_url == "postgresql://x/y"


def test_outlets_to_crawl():
    catalogue = sorted(load_outlets())
    assert orch.outlets_to_crawl(offline=False, env={}) == catalogue
    assert orch.outlets_to_crawl(offline=False, env={orch.OUTLETS_ENV: "sana, shaam"}) == ["sana", "shaam"]
    assert orch.outlets_to_crawl(["shaam"], offline=False, env={orch.OUTLETS_ENV: "sana,shaam"}) == ["shaam"]
    assert orch.outlets_to_crawl(offline=True, env={}) == load_snapshot().outlets()
    assert orch.outlets_to_crawl(env={orch.OFFLINE_ENV: "1"}) == load_snapshot().outlets()
    with pytest.raises(ValueError, match="unknown outlet.*nope.*known: "):
        orch.outlets_to_crawl(["nope"], offline=False, env={})


def test_crawl_window():
    assert orch.crawl_window(SINCE, UNTIL, offline=False) == (SINCE, UNTIL)
    assert orch.crawl_window("2025-12-14T23:00:00+00:00", "2025-12-15T23:00:00Z", offline=False) == (SINCE, UNTIL)
    start, end = orch.crawl_window(SINCE, UNTIL, offline=True)
    published = [datetime.fromisoformat(a["published"]) for a in load_snapshot().articles]
    assert start <= min(published) and max(published) < end  # the whole snapshot, whatever the interval
    with pytest.raises(ValueError, match="empty window"):
        orch.crawl_window(UNTIL, SINCE, offline=False)


def test_summary_line_states_the_five_counts():
    line = orch.summary_line("dedup", orch.headline("dedup", {"events_new": 3, "merged_into_existing": 2}),
                             {"reports": 9, "seconds": 0.25})
    assert line == "dedup: fetched=- new=- events=3 merged=2 loaded=- | reports=9 seconds=0.250"
    crawl = orch.headline("crawl", {"fetched": 7, "new": 5})
    assert (crawl["fetched"], crawl["new"], crawl["loaded"]) == (7, 5, None)


def test_migrate_warehouse_is_idempotent(warehouse):
    assert orch.migrate_warehouse(warehouse) == []


# --- tasks against the warehouse -----------------------------------------------------------------

@pytest.mark.slow
def test_offline_crawl_then_stages_then_checks_then_metrics(warehouse, conn, caplog):
    caplog.set_level(logging.INFO, logger="etl.orchestration")
    crawl = orch.crawl_task("shaam", SINCE, UNTIL, offline=True)
    assert crawl["status"] == "ok" and crawl["counts"]["fetched"] >= 5 and crawl["offline"] is True
    stages = {"clean": orch.clean_task(), "extract": orch.extract_task(), "dedup": orch.dedup_task(),
              "load": orch.load_task()}
    assert stages["clean"]["articles_new"] >= 5
    assert stages["load"]["events_loaded"] >= 1
    lines = [r.getMessage() for r in caplog.records]
    for stage in ("crawl shaam", "clean", "extract", "dedup", "load"):
        (line,) = [m for m in lines if m.startswith(stage + ":") or m.startswith(stage + " [")]
        assert all(f"{key}=" in line for key in orch.HEADLINE)

    assert orch.quality_task(SINCE, UNTIL, offline=True, outlets=["shaam"]) == [
        "silent_outlets", "yield_collapse", "impossible_events", "duplicate_event_uid"]
    published = orch.publish_metrics_task(SINCE, UNTIL, stages, [crawl], outlets=["shaam"],
                                          dag_run_id="manual__test", offline=True)
    assert published["status"] == "ok" and published["loaded"] == stages["load"]["events_loaded"]

    (run,) = _one(conn, "SELECT run_id, kind, status, window_start, window_end, stats FROM ops.pipeline_run")
    assert run[1:5] == ("airflow", "ok", SINCE, UNTIL)
    assert run[5]["dag_run_id"] == "manual__test" and run[5]["crawl"]["shaam"]["status"] == "ok"
    metrics = {(t, o, m): v for t, o, m, v in _one(conn, "SELECT task, outlet, metric, value FROM ops.task_metric")}
    assert metrics[("crawl", "shaam", "fetched")] == crawl["counts"]["fetched"]
    assert metrics[("load", "", "events_loaded")] == stages["load"]["events_loaded"]
    window = {k: v for k, v in metrics.items() if k[0] == "window"}
    assert window[("window", "shaam", "articles")] >= 5

    # The same night again: nothing new anywhere, and still one run record with the same window figures.
    events_before = _one(conn, "SELECT event_uid, updated_at FROM core.fact_event ORDER BY 1")
    again = orch.crawl_task("shaam", SINCE, UNTIL, offline=True)
    assert again["status"] in ("ok", "empty") and again["counts"]["stored"] == 0
    rerun = {"clean": orch.clean_task(), "extract": orch.extract_task(), "dedup": orch.dedup_task(),
             "load": orch.load_task()}
    assert rerun["clean"].get("articles_new", 0) == 0 and rerun["load"].get("events_loaded", 0) == 0
    orch.publish_metrics_task(SINCE, UNTIL, rerun, [again], outlets=["shaam"], offline=True)
    assert _one(conn, "SELECT count(*) FROM ops.pipeline_run") == [(1,)]
    metrics = {(t, o, m): v for t, o, m, v in _one(conn, "SELECT task, outlet, metric, value FROM ops.task_metric")}
    assert {k: v for k, v in metrics.items() if k[0] == "window"} == window
    assert _one(conn, "SELECT event_uid, updated_at FROM core.fact_event ORDER BY 1") == events_before


def test_failed_crawl_raises_so_its_task_fails(warehouse, monkeypatch):
    import scrapers.crawl
    from scrapers.crawl import CrawlReport

    calls = []

    def failing_crawl(outlet, since, until, settings, base_url=None, refresh=False, **kwargs):
        calls.append((outlet, since, until, settings.database_url, base_url))
        return CrawlReport(outlet=outlet, status="failed", error="cannot reach http://127.0.0.1:9: refused")

    # crawl_outlet's own failure handling is tested with the scrapers; here: the task's reaction.
    monkeypatch.setattr(scrapers.crawl, "crawl_outlet", failing_crawl)
    monkeypatch.setenv("SYRIA_EVENTS_BASE_URL_SHAAM", "http://127.0.0.1:9")
    with pytest.raises(orch.CrawlFailed, match="crawl of shaam failed .*cannot reach"):
        orch.crawl_task("shaam", SINCE, UNTIL, offline=False)
    assert calls == [("shaam", SINCE, UNTIL, warehouse.database_url, "http://127.0.0.1:9")]


def test_metrics_recorded_as_partial_when_an_outlet_failed(warehouse, conn):
    stages = {name: {"stage": name, "seconds": 0.1} for name in orch.STAGES}
    with conn.cursor() as cur:  # what crawl_outlet records for a failed outlet
        cur.execute("""INSERT INTO raw.crawl_run (outlet, window_start, window_end, status, error)
                       VALUES ('sana', %s, %s, 'failed', 'cannot reach https://sana.sy: DNS lookup failed')""",
                    (SINCE, UNTIL))
    conn.commit()
    ok = {"outlet": "shaam", "status": "ok", "counts": {"fetched": 4, "new": 4}}
    with pytest.raises(orch.PipelineRunFailed, match="recorded as partial.*sana: cannot reach"):
        orch.publish_metrics_task(SINCE, UNTIL, stages, [ok, None], outlets=["sana", "shaam", "syria_tv"],
                                  offline=False)
    (status, error, stats), = _one(conn, "SELECT status, error, stats FROM ops.pipeline_run")
    assert status == "partial"
    assert "syria_tv: no crawl result" in error
    assert stats["crawl"]["sana"]["status"] == "failed" and stats["crawl"]["shaam"]["fetched"] == 4
    assert _one(conn, "SELECT value FROM ops.task_metric WHERE task = 'crawl' AND outlet = 'sana' "
                      "AND metric = 'ok'") == [(0.0,)]


def test_metrics_recorded_as_failed_when_a_stage_or_a_check_failed(warehouse, conn):
    with conn.cursor() as cur:
        cur.execute("""INSERT INTO core.fact_event (event_uid, time_precision, disorder_type, event_type,
                                                    sub_event_type, event_date)
                       VALUES ('e-future', 1, 'Political violence', 'Battles', 'Armed clash', %s)""",
                    (date.today() + timedelta(days=10),))
    conn.commit()
    with pytest.raises(DataQualityError, match="impossible_events"):
        orch.quality_task(SINCE, UNTIL, offline=False, outlets=["shaam"])
    stages = {"clean": {"stage": "clean"}, "extract": None, "dedup": None, "load": None}
    with pytest.raises(orch.PipelineRunFailed, match="recorded as failed"):
        orch.publish_metrics_task(SINCE, UNTIL, stages, [{"outlet": "shaam", "status": "empty", "counts": {}}],
                                  outlets=["shaam"], offline=False)
    (status, error), = _one(conn, "SELECT status, error FROM ops.pipeline_run")
    assert status == "failed"
    assert "stage(s) did not finish: extract, dedup, load" in error and "e-future" in error


# --- failure callback ----------------------------------------------------------------------------

class _TI:
    dag_id, run_id, task_id, map_index, try_number = "syria_events_nightly", "scheduled__x", "crawl", 3, 4
    log_url = "http://localhost:8080/log"


def test_failure_summary_says_what_why_and_where_to_look():
    summary = alerts.failure_summary({"ti": _TI(), "exception": orch.CrawlFailed("crawl of sana failed: 503"),
                                    "data_interval_start": SINCE, "data_interval_end": UNTIL})
    first, reason, where, log_line = summary.splitlines()
    assert first.startswith("syria-events: task crawl[3] of syria_events_nightly failed (run scheduled__x")
    assert first.endswith("after try 4")
    assert reason == "reason: crawl of sana failed: 503"
    assert "raw.crawl_run" in where and log_line == "log: http://localhost:8080/log"


def test_run_level_summary_lists_the_failed_tasks():
    class _FailedTI:
        def __init__(self, task_id, map_index=-1):
            self.task_id, self.map_index = task_id, map_index

    class _DagRun:
        dag_id, run_id, data_interval_start, data_interval_end = "syria_events_nightly", "r1", SINCE, UNTIL

        def get_task_instances(self, state=None):
            assert set(state) == {"failed", "upstream_failed"}
            return [_FailedTI("quality"), _FailedTI("crawl", 2), _FailedTI("publish_metrics")]

    # Airflow passes the last task instance along; the run-level summary is about the run.
    summary = alerts.failure_summary({"dag_run": _DagRun(), "ti": _TI(), "reason": "task_failure"}, run_level=True)
    first, reason, failed, where = summary.splitlines()
    assert first == ("syria-events: DAG run of syria_events_nightly failed "
                     f"(run r1, interval {SINCE} .. {UNTIL})")
    assert reason == "reason: task_failure"
    assert failed == "failed tasks: crawl[2], publish_metrics, quality"
    assert where.startswith("where to look: the Airflow UI")
    # Task SDK run objects cannot list task instances: the task Airflow passes is named instead.
    sdk_run = {"dag_id": "syria_events_nightly", "run_id": "r2"}
    summary = alerts.failure_summary({"dag_run": sdk_run, "ti": _TI(), "reason": "task_failure"}, run_level=True)
    assert "failed tasks: crawl" in summary.splitlines()


def test_on_failure_logs_and_posts_to_the_webhook(monkeypatch, caplog):
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            return None

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("SYRIA_EVENTS_ALERT_WEBHOOK", f"http://127.0.0.1:{server.server_port}/hook")
        monkeypatch.delenv("SYRIA_EVENTS_ALERT_EMAIL", raising=False)
        caplog.set_level(logging.ERROR, logger="etl.alerts")
        summary = alerts.on_failure({"ti": _TI(), "exception": RuntimeError("boom")})
    finally:
        server.shutdown()
    assert [r.getMessage() for r in caplog.records] == [summary]
    assert len(received) == 1 and "reason: boom" in received[0]["text"]


def test_notify_never_raises_when_a_channel_is_down(caplog):
    env = {"SYRIA_EVENTS_ALERT_WEBHOOK": "http://127.0.0.1:9/hook", "SYRIA_EVENTS_ALERT_EMAIL": "ops@example.org",
           "SYRIA_EVENTS_SMTP_HOST": "127.0.0.1", "SYRIA_EVENTS_SMTP_PORT": "9"}
    assert alerts.notify("subject", "message", env) == []
    assert {"alert webhook failed", "alert email failed"} <= {r.getMessage().split(":")[0] for r in caplog.records}
