"""Failure alerts for the nightly run: a clear summary (what failed, why, where to look), logged
and, when configured, sent by webhook or e-mail. Called from the DAG's failure callbacks.

  SYRIA_EVENTS_ALERT_WEBHOOK   POSTed as JSON {"text": ...} (Slack/Mattermost compatible)
  SYRIA_EVENTS_ALERT_EMAIL (+ SYRIA_EVENTS_SMTP_*)   sent by SMTP
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import urllib.request
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

from etl.orchestration import TRUE_WORDS

log = logging.getLogger(__name__)


WHERE_TO_LOOK = {
    "list_outlets": "scrapers/outlets.toml, SYRIA_EVENTS_OUTLETS and the run's `outlets` param",
    "crawl": "this task's log, raw.crawl_run for the outlet; the site may be down or its markup changed "
             "(docs/operations.md: 'Re-run one outlet')",
    "clean": "this task's log and staging.quarantine; after a parser fix run `syria-events reprocess`",
    "extract": "this task's log; after a rule fix run `syria-events reprocess`",
    "dedup": "this task's log and staging.event_candidate (reports with event_uid IS NULL)",
    "load": "this task's log and core.fact_event; the load is transactional, clearing the task re-runs it",
    "quality": "this task's log lists every failed check; docs/operations.md: 'Data-quality alerts'",
    "publish_metrics": "ops.pipeline_run.error for this interval (kind 'airflow')",
}


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def _failed_task_ids(dag_run: Any) -> list[str]:
    """Failed task ids of a DAG run (best effort: the run object differs between Airflow versions)."""
    try:
        tis = dag_run.get_task_instances(state=["failed", "upstream_failed"])
    except Exception:
        return []
    return sorted({f"{ti.task_id}[{ti.map_index}]" if ti.map_index not in (None, -1) else ti.task_id
                   for ti in tis})


def failure_summary(context: Mapping[str, Any], run_level: bool = False) -> str:
    """A few lines saying what failed, for which interval and outlet, why, and where to look.

    Works with a task's context (ti, exception) and, with run_level=True, with a DAG run's
    (dag_run, reason), listing the run's failed tasks.
    """
    ti, dag_run = context.get("ti") or context.get("task_instance"), context.get("dag_run")
    dag_id = _get(dag_run, "dag_id") or _get(ti, "dag_id") or _get(context.get("dag"), "dag_id") or "?"
    run_id = _get(dag_run, "run_id") or _get(ti, "run_id") or context.get("run_id") or "?"
    task_id = None if run_level else _get(ti, "task_id")
    map_index = _get(ti, "map_index")
    start = context.get("data_interval_start") or _get(dag_run, "data_interval_start")
    end = context.get("data_interval_end") or _get(dag_run, "data_interval_end")
    exception = context.get("exception")
    reason = str(exception) if exception else context.get("reason") or "unknown"
    what = f"task {task_id}" + (f"[{map_index}]" if map_index not in (None, -1) else "") if task_id else "DAG run"
    lines = [f"syria-events: {what} of {dag_id} failed (run {run_id}, interval {start} .. {end})"]
    if task_id and _get(ti, "try_number"):
        lines[0] += f" after try {_get(ti, 'try_number')}"
    lines.append(f"reason: {reason}")
    if run_level:
        # The ORM run lists its failed tasks; the Task SDK's run object does not, but Airflow
        # passes the task instance that decided the run's fate.
        failed = _failed_task_ids(dag_run) or ([_get(ti, "task_id")] if _get(ti, "task_id") else [])
        if failed:
            lines.append("failed tasks: " + ", ".join(failed))
    base_task = (task_id or "").split(".")[-1]
    lines.append("where to look: " + WHERE_TO_LOOK.get(base_task, "the Airflow UI: Grid view, the red task's log; "
                                                                   "ops.pipeline_run for the interval"))
    log_url = None if run_level else _get(ti, "log_url")
    if log_url:
        lines.append(f"log: {log_url}")
    return "\n".join(lines)


def notify(subject: str, message: str, env: Mapping[str, str] | None = None) -> list[str]:
    """Send a failure summary where the environment says; return the channels used.

    SYRIA_EVENTS_ALERT_WEBHOOK: POST of JSON {"text": subject + message} (Slack, Mattermost,
    Teams-compatible). SYRIA_EVENTS_ALERT_EMAIL (comma-separated) by SMTP: SYRIA_EVENTS_SMTP_HOST
    (default localhost), _PORT (25), _USER, _PASSWORD, _FROM, _STARTTLS=1. A channel that fails
    is logged and skipped: alerting must never hide the original failure.
    """
    env = os.environ if env is None else env
    used: list[str] = []
    webhook = env.get("SYRIA_EVENTS_ALERT_WEBHOOK", "").strip()
    if webhook:
        try:
            body = json.dumps({"text": f"{subject}\n{message}"}, ensure_ascii=False).encode("utf-8")
            request = urllib.request.Request(webhook, data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (operator-set URL)
                response.read()
            used.append("webhook")
        except Exception as exc:
            log.error("alert webhook failed: %s", exc)
    recipients = [r.strip() for r in env.get("SYRIA_EVENTS_ALERT_EMAIL", "").split(",") if r.strip()]
    if recipients:
        try:
            email = EmailMessage()
            email["Subject"], email["To"] = subject, ", ".join(recipients)
            email["From"] = env.get("SYRIA_EVENTS_SMTP_FROM", "syria-events@localhost")
            email.set_content(message)
            host, port = env.get("SYRIA_EVENTS_SMTP_HOST", "localhost"), int(env.get("SYRIA_EVENTS_SMTP_PORT", "25"))
            with smtplib.SMTP(host, port, timeout=10) as smtp:
                if env.get("SYRIA_EVENTS_SMTP_STARTTLS", "").lower() in TRUE_WORDS:
                    smtp.starttls()
                if env.get("SYRIA_EVENTS_SMTP_USER"):
                    smtp.login(env["SYRIA_EVENTS_SMTP_USER"], env.get("SYRIA_EVENTS_SMTP_PASSWORD", ""))
                smtp.send_message(email)
            used.append("email")
        except Exception as exc:
            log.error("alert email failed: %s", exc)
    return used


def on_failure(context: Mapping[str, Any], run_level: bool = False) -> str:
    """Failure callback body (a task's, or with run_level=True the DAG run's): log the summary as
    one error record and notify; return the summary."""
    summary = failure_summary(context, run_level)
    log.error("%s", summary)
    notify(summary.splitlines()[0], summary)
    return summary
