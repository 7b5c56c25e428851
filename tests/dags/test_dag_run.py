"""A real `airflow dags test syria_events_nightly 2025-12-15`, offline, against a test PostgreSQL;
then the same night again, which must leave the warehouse exactly as it was.

Offline mode crawls the whole demo snapshot (articles dated 2025-12-10..16) whatever the data
interval: the logical date 2025-12-15 gives the interval 2025-12-13 02:00 .. 12-14 02:00 Damascus.
"""

from __future__ import annotations

import subprocess

import pytest

from etl.demo.snapshot import load_snapshot
from tests.dags.conftest import AIRFLOW, airflow_base_env

pytestmark = pytest.mark.slow

DATA_TABLES = ("raw.page", "staging.article", "staging.quarantine", "staging.event_candidate",
               "core.fact_event", "core.event_report", "core.article_link", "ops.pipeline_run")


def _dags_test(env: dict[str, str]) -> str:
    proc = subprocess.run([AIRFLOW, "dags", "test", "syria_events_nightly", "2025-12-15"], env=env,
                          capture_output=True, text=True, timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-5000:]
    assert "state=success" in output, output[-5000:]
    return output


def _snapshot(conn) -> dict:
    conn.rollback()
    with conn.cursor() as cur:
        counts = {}
        for table in DATA_TABLES:
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
        cur.execute("SELECT event_uid, event_date, fatalities, source_count, updated_at FROM core.fact_event "
                    "ORDER BY event_uid")
        events = cur.fetchall()
        cur.execute("SELECT task, outlet, metric, value FROM ops.task_metric WHERE task = 'window' ORDER BY 1, 2, 3")
        window_metrics = cur.fetchall()
    return {"counts": counts, "events": events, "window_metrics": window_metrics}


def test_dags_test_offline_loads_events_and_rerun_changes_nothing(settings, conn, airflow_home):
    env = airflow_base_env(airflow_home)
    env.update({"SYRIA_EVENTS_OFFLINE": "1", "AIRFLOW_CONN_SYRIA_EVENTS_WAREHOUSE": settings.database_url,
                "SYRIA_EVENTS_DATA_DIR": str(settings.data_dir)})
    output = _dags_test(env)
    for line in ("clean: fetched=- new=", "load: fetched=- new=- events=- merged=- loaded="):
        assert line in output

    first = _snapshot(conn)
    snapshot = load_snapshot()
    assert first["counts"]["staging.article"] >= 0.95 * len(snapshot.articles)
    assert first["counts"]["core.fact_event"] >= 10
    with conn.cursor() as cur:
        cur.execute("SELECT count(DISTINCT outlet) FROM core.event_report")
        assert cur.fetchone()[0] >= 4
        cur.execute("SELECT kind, status, window_start, window_end, stats FROM ops.pipeline_run")
        (kind, status, start, end, stats), = cur.fetchall()
        cur.execute("SELECT DISTINCT task FROM ops.task_metric")
        tasks = {row[0] for row in cur.fetchall()}
    assert (kind, status) == ("airflow", "ok")
    assert (start.isoformat(), end.isoformat()) == ("2025-12-13T23:00:00+00:00", "2025-12-14T23:00:00+00:00")
    assert set(stats["crawl"]) == set(snapshot.outlets())
    assert all(c["status"] == "ok" for c in stats["crawl"].values())
    assert stats["totals"]["loaded"] == first["counts"]["core.fact_event"]
    assert {"crawl", "clean", "extract", "dedup", "load", "window"} <= tasks

    second_output = _dags_test(env)
    assert "clean: fetched=- new=0" in second_output
    assert _snapshot(conn) == first
