"""Outlet outages: one outlet per failure mode (500s, hang, reset, garbage) next to healthy ones.

Run 1: each broken outlet's crawl is recorded failed with its reason in raw.crawl_run, the healthy
outlets crawl, clean, extract, dedup and load, and the run is "partial". Run 2 (failures cleared,
same window, as a re-run of the night does): the missed articles are fetched and loaded, the
healthy outlets fetch nothing twice.
"""

from __future__ import annotations

import pytest

from etl.demo.server import DemoSites
from etl.demo.snapshot import load_snapshot
from etl.jobs import run_window
from etl.warehouse import connect
from tests.databases import rows, scalar

pytestmark = pytest.mark.slow

BROKEN = {"syria_tv": "server_error", "sana": "hang", "enab_baladi": "reset", "shaam": "garbage"}
HEALTHY = ("halab_today", "north_press")
QUICK = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.05,
         "DOWNLOAD_TIMEOUT": 2, "LOG_LEVEL": "INFO"}
REASON = {"server_error": "HTTP 500", "hang": "timed out", "reset": "cannot reach", "garbage": "cannot reach"}


def _per_outlet(conn, query: str) -> dict[str, int]:
    return dict(rows(conn, query))


def test_one_broken_outlet_per_failure_mode_then_the_rerun_picks_up_the_window(settings):
    snapshot = load_snapshot()
    expected = {o: sum(a["outlet"] == o for a in snapshot.articles) for o in [*BROKEN, *HEALTHY]}
    outlets = list(expected)
    with DemoSites(snapshot.articles, outlets=outlets, failures={o: {m} for o, m in BROKEN.items()}) as sites:
        first = run_window(settings, snapshot.window_start, snapshot.window_end, outlets=outlets,
                           base_urls=sites.base_urls, scrapy_settings=QUICK)
        for outlet in BROKEN:
            sites.set_failures(outlet, set())
        conn = connect(settings)
        try:
            crawls = {o: (s, e) for o, s, e in rows(conn, "SELECT outlet, status, error FROM raw.crawl_run")}
            pages = _per_outlet(conn, "SELECT outlet, count(*) FROM raw.page GROUP BY 1")
            loaded = _per_outlet(conn, "SELECT outlet, count(*) FROM core.event_report GROUP BY 1")
            run1 = rows(conn, "SELECT status, stats->'crawl' FROM ops.pipeline_run")
        finally:
            conn.close()
        second = run_window(settings, snapshot.window_start, snapshot.window_end, outlets=outlets,
                            base_urls=sites.base_urls, scrapy_settings=QUICK)

    # Run 1: each broken outlet failed, with its reason, in the report and in raw.crawl_run.
    reports = {c.outlet: c for c in first.crawls}
    for outlet, mode in BROKEN.items():
        report = reports[outlet]
        assert report.status == "failed", (outlet, report)
        assert REASON[mode] in report.error, (outlet, report.error)
        assert crawls[outlet] == ("failed", report.error)
        assert outlet not in pages and outlet not in loaded
    # ... and the healthy ones went all the way to core.
    for outlet in HEALTHY:
        assert reports[outlet].status == "ok" and crawls[outlet] == ("ok", None)
        assert pages[outlet] == expected[outlet]
        assert loaded.get(outlet, 0) > 0
    assert first.status == "partial"
    assert [status for status, _ in run1] == ["partial"]
    assert {o: info["status"] for o, info in run1[0][1].items()} == {o: reports[o].status for o in outlets}

    # Run 2: the missed window is fetched for the outlets that failed; nothing twice for the others.
    again = {c.outlet: c for c in second.crawls}
    assert second.status == "ok"
    for outlet in BROKEN:
        assert again[outlet].status == "ok" and again[outlet].stored == expected[outlet], again[outlet]
    for outlet in HEALTHY:
        assert again[outlet].stored == 0
    conn = connect(settings)
    try:
        assert _per_outlet(conn, "SELECT outlet, count(*) FROM raw.page GROUP BY 1") == expected
        assert _per_outlet(conn, "SELECT outlet, count(*) FROM staging.article GROUP BY 1") == expected
        loaded = _per_outlet(conn, "SELECT outlet, count(*) FROM core.event_report GROUP BY 1")
        assert all(loaded.get(o, 0) > 0 for o in BROKEN), loaded
        # Every assigned candidate is loaded: nothing is left pending after the recovery.
        assert scalar(conn, "SELECT count(*) FROM staging.event_candidate c LEFT JOIN core.event_report r "
                            "USING (article_id, report_index) WHERE r.event_uid IS DISTINCT FROM c.event_uid") == 0
        assert scalar(conn, "SELECT count(*) FROM staging.article WHERE extracted_at IS NULL") == 0
    finally:
        conn.close()
