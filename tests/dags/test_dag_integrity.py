"""The DAG file imports cleanly, wires the expected tasks, and stays cheap to parse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.dags.conftest import AIRFLOW, DAG_FILE, DAGS, airflow_base_env

DAG_ID = "syria_events_nightly"
EXPECTED_UPSTREAM = {
    "list_outlets": set(),
    "crawl": {"list_outlets"},
    "clean": {"crawl"},
    "extract": {"clean"},
    "dedup": {"extract"},
    "load": {"dedup"},
    "quality": {"load"},
    "publish_metrics": {"quality"},
}
HEAVY_PREFIXES = ("etl", "scrapers", "scrapy", "twisted", "torch", "camel_tools", "psycopg2", "bs4",
                  "datasketch", "pgserver")


def _dagbag(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    monkeypatch.setenv("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


@pytest.fixture
def dag(monkeypatch, tmp_path):
    bag = _dagbag(monkeypatch, tmp_path)
    assert bag.import_errors == {}
    return bag.dags[DAG_ID]


def test_dag_imports_without_errors(dag):
    assert dag.dag_id == DAG_ID


def test_tasks_and_dependencies(dag):
    assert {t.task_id: set(t.upstream_task_ids) for t in dag.tasks} == EXPECTED_UPSTREAM


def test_retries_owner_callbacks_on_every_task(dag):
    for t in dag.tasks:
        assert t.retries >= 2, t.task_id
        assert t.owner == "syria-events", t.task_id
        assert t.on_failure_callback, t.task_id
    assert dag.has_on_failure_callback


def test_crawl_is_mapped_pooled_and_backs_off(dag):
    from airflow.sdk.definitions.mappedoperator import MappedOperator

    crawl = dag.get_task("crawl")
    assert isinstance(crawl, MappedOperator)
    assert crawl.pool == "syria_events_crawl"
    assert crawl.retries >= 2
    assert crawl.retry_exponential_backoff >= 2
    assert crawl.max_retry_delay >= timedelta(minutes=5)
    assert crawl.map_index_template  # mapped instances are named after their outlet


def test_trigger_rules(dag):
    # clean runs even when some outlets failed; the run is always recorded.
    assert dag.get_task("clean").trigger_rule == "all_done"
    assert dag.get_task("publish_metrics").trigger_rule == "all_done"
    for task_id in ("extract", "dedup", "load", "quality"):
        assert dag.get_task(task_id).trigger_rule == "all_success"


def test_schedule_timezone_and_run_limits(dag):
    from airflow.sdk import CronDataIntervalTimetable

    assert isinstance(dag.timetable, CronDataIntervalTimetable)
    assert dag.timetable.expression == "0 2 * * *"
    assert str(dag.timetable.timezone) == "Asia/Damascus"
    assert dag.max_active_runs == 1
    assert dag.catchup is False
    assert {"syria-events", "nightly"} <= set(dag.tags)
    assert "When something fails" in dag.doc_md and "docs/operations.md" in dag.doc_md


def test_catchup_can_be_switched_on(monkeypatch, tmp_path):
    bag = _dagbag(monkeypatch, tmp_path, SYRIA_EVENTS_CATCHUP="1")
    assert bag.dags[DAG_ID].catchup is True


def test_assets_declared_for_lineage(dag):
    def names(task):
        return {getattr(a, "name", None) for a in task.outlets}

    assert "raw_pages" in names(dag.get_task("crawl"))
    assert "events" in names(dag.get_task("load"))


def test_dag_file_imports_nothing_heavy_and_parses_fast(tmp_path):
    """Import the DAG file in a fresh interpreter (after airflow.sdk, which every parser has loaded)."""
    code = f"""
import importlib.util, json, sys, time
import airflow.sdk  # already imported by the dag processor before any DAG file
before = set(sys.modules)
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("dag_under_test", {str(DAG_FILE)!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
elapsed = time.perf_counter() - started
print(json.dumps({{"elapsed": elapsed, "new": sorted(set(sys.modules) - before)}}))
"""
    env = airflow_base_env(tmp_path / "airflow")
    env.pop("PYTHONPATH")  # the DAG file must not need the project at parse time
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    heavy = [m for m in result["new"] if m.split(".")[0] in HEAVY_PREFIXES]
    assert heavy == []
    assert result["elapsed"] < 0.5


@pytest.mark.slow
def test_airflow_dags_report_parse_time_under_half_a_second(airflow_home):
    env = airflow_base_env(airflow_home)
    proc = subprocess.run([AIRFLOW, "dags", "report", "-o", "json"], env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads(next(line for line in proc.stdout.splitlines() if line.startswith("[")))
    (row,) = [r for r in rows if r["file"].endswith(os.path.basename(DAG_FILE))]
    hours, minutes, seconds = row["duration"].split(":")
    assert float(seconds) + 60 * int(minutes) + 3600 * int(hours) < 0.5
    assert row["dags"] == [DAG_ID] and int(row["task_num"]) == len(EXPECTED_UPSTREAM)
