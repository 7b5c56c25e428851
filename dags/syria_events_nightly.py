"""syria_events_nightly: crawl every outlet for the night's interval, then clean → extract → dedup →
load → data-quality checks → run metrics.

This file only wires tasks: every task body is a function of etl/orchestration.py, imported inside
the task so that parsing this file imports nothing heavy (parse time is checked by the tests).
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import Asset, CronDataIntervalTimetable, Param, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowFailException

TZ = pendulum.timezone("Asia/Damascus")
CRAWL_POOL = "syria_events_crawl"  # created by `make airflow` and the docker-compose init job
STAGES = ("clean", "extract", "dedup", "load")
RAW_PAGES = Asset(name="raw_pages", uri="x-syria-events://warehouse/raw.page", group="syria_events")
EVENTS = Asset(name="events", uri="x-syria-events://warehouse/core.fact_event", group="syria_events")

DOC_MD = """
# syria_events_nightly

Every night at 02:00 Damascus time, for the data interval that just ended (the previous 24 hours):

1. **list_outlets**: the outlets to crawl (`scrapers/outlets.toml`, narrowed by `SYRIA_EVENTS_OUTLETS`
   or this run's `outlets` param; offline: the demo snapshot's outlets).
2. **crawl** (one mapped task per outlet, named after it, pool `syria_events_crawl`): fetch the
   outlet's articles published in the interval into `raw.page`. A failing outlet fails only its
   own task (3 retries, exponential backoff); the others go on.
3. **clean → extract → dedup → load**: process everything pending in the warehouse. `clean` runs
   even when some crawls failed.
4. **quality**: data-quality checks; fails loudly with the list of failed checks.
5. **publish_metrics**: records the run in `ops.pipeline_run` / `ops.task_metric` (always runs) and
   fails the run when an outlet, a stage or a check failed.

Every task logs one line `fetched=… new=… events=… merged=… loaded=…`: open a task's log to see
what happened tonight. Every task is idempotent for its interval: clearing and re-running a night
leaves the same warehouse.

## When something fails
* **crawl[outlet]** red: the site is down or changed. Log + `raw.crawl_run`. Re-run: clear that
  mapped task only, or trigger the DAG with `{"outlets": ["<outlet>"]}`.
* **clean / extract** red: a parser/rule bug. Fix, then `syria-events reprocess`.
* **quality** red: the log lists each failed check; see `docs/operations.md` ("Data-quality alerts").
* **publish_metrics** red: `ops.pipeline_run.error` of the interval says why the run is not `ok`.

Warehouse: Airflow connection `syria_events_warehouse` (`AIRFLOW_CONN_SYRIA_EVENTS_WAREHOUSE`),
else `DATABASE_URL`. `SYRIA_EVENTS_OFFLINE=1` crawls the bundled demo snapshot instead of the web.
Runbook: `docs/operations.md`.
"""


def _on_failure(context) -> None:
    """A task failed for good: log a clear summary (and notify if configured)."""
    from etl.alerts import on_failure

    on_failure(context)


def _on_run_failure(context) -> None:
    """The night's run failed: log a summary listing its failed tasks (and notify if configured)."""
    from etl.alerts import on_failure

    on_failure(context, run_level=True)


def _interval(context) -> tuple[str, str]:
    return context["data_interval_start"].isoformat(), context["data_interval_end"].isoformat()


DEFAULT_ARGS = {
    "owner": "syria-events",
    "retries": 2,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=2),
    "on_failure_callback": _on_failure,
}


@dag(
    dag_id="syria_events_nightly",
    description="Syrian Arabic news → ACLED-style events: crawl, clean, extract, dedup, load, check",
    schedule=CronDataIntervalTimetable("0 2 * * *", timezone=TZ),
    start_date=pendulum.datetime(2025, 1, 1, tz=TZ),
    # Backfills (`airflow backfill create`) work either way; SYRIA_EVENTS_CATCHUP=1 also lets the
    # scheduler create every missed interval since start_date.
    catchup=os.environ.get("SYRIA_EVENTS_CATCHUP", "0").strip().lower() in ("1", "true", "yes"),
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=8),
    default_args=DEFAULT_ARGS,
    on_failure_callback=_on_run_failure,
    tags=["syria-events", "etl", "nightly"],
    doc_md=DOC_MD,
    params={"outlets": Param([], type="array", items={"type": "string"},
                             description="Crawl only these outlet keys (empty: all)")},
)
def syria_events_nightly():
    @task(task_id="list_outlets")
    def list_outlets(params=None) -> list[str]:
        from etl.orchestration import outlets_to_crawl

        return outlets_to_crawl(only=(params or {}).get("outlets") or None)

    @task(
        task_id="crawl",
        pool=CRAWL_POOL,
        retries=3,
        retry_delay=timedelta(minutes=5),
        retry_exponential_backoff=2.0,
        max_retry_delay=timedelta(hours=1),
        map_index_template="{{ outlet }}",
        outlets=[RAW_PAGES],
    )
    def crawl(outlet: str) -> dict:
        from etl.orchestration import crawl_task

        context = get_current_context()
        context["outlet"] = outlet  # names the mapped task instance after its outlet in the UI
        return crawl_task(outlet, *_interval(context))

    @task(task_id="clean", trigger_rule="all_done")  # some outlets failing must not stop the night
    def clean() -> dict:
        from etl.orchestration import clean_task

        return clean_task()

    @task(task_id="extract")
    def extract() -> dict:
        from etl.orchestration import extract_task

        return extract_task()

    @task(task_id="dedup")
    def dedup() -> dict:
        from etl.orchestration import dedup_task

        return dedup_task()

    @task(task_id="load", outlets=[EVENTS])
    def load() -> dict:
        from etl.orchestration import load_task

        return load_task()

    @task(task_id="quality")
    def quality() -> list[str]:
        from etl.orchestration import quality_task
        from etl.quality import DataQualityError

        context = get_current_context()
        outlets = context["ti"].xcom_pull(task_ids="list_outlets")
        try:
            return quality_task(*_interval(context), outlets=outlets)
        except DataQualityError as exc:  # deterministic: retrying cannot help
            raise AirflowFailException(str(exc)) from exc

    @task(task_id="publish_metrics", trigger_rule="all_done")  # record the night whatever happened
    def publish_metrics() -> dict:
        from etl.orchestration import PipelineRunFailed, publish_metrics_task

        context = get_current_context()
        ti = context["ti"]
        crawls = ti.xcom_pull(task_ids="crawl")  # every mapped instance that returned
        crawls = crawls if isinstance(crawls, list) else [crawls]
        stages = {name: ti.xcom_pull(task_ids=name) for name in STAGES}
        try:
            return publish_metrics_task(*_interval(context), stages=stages, crawls=crawls,
                                        outlets=ti.xcom_pull(task_ids="list_outlets"),
                                        dag_run_id=context["run_id"])
        except PipelineRunFailed as exc:  # recorded; fail the run without pointless retries
            raise AirflowFailException(str(exc)) from exc

    crawled = crawl.expand(outlet=list_outlets())
    cleaned = clean()
    crawled >> cleaned
    cleaned >> extract() >> dedup() >> load() >> quality() >> publish_metrics()


syria_events_nightly()
