"""The warehouse going away: before processing and in the middle of it. Pages already archived stay.

A dedicated embedded PostgreSQL in tmp (the shared test server must not be stopped): crawl two
outlets into it, stop it, process → a clear error; start it again → every archived page is there
and `syria-events reprocess` / `dedup` finish the job.
"""

from __future__ import annotations

from dataclasses import replace

import psycopg2
import pytest

from etl import pipeline
from etl.cli import main
from etl.config import Settings
from etl.demo.server import DemoSites
from etl.demo.snapshot import load_snapshot
from etl.jobs import DEMO_SCRAPY_SETTINGS
from etl.postgres import EmbeddedPostgres
from etl.warehouse import WarehouseUnavailable, connect
from scrapers.crawl import crawl_outlets
from tests.databases import scalar

pytestmark = pytest.mark.slow

OUTLETS = ["halab_today", "north_press"]


@pytest.fixture
def own_server(server_dir):
    server = EmbeddedPostgres(server_dir / "pg")
    server.ensure_running()
    yield server
    server.stop()


def _counts(settings: Settings) -> dict[str, int]:
    conn = connect(settings)
    try:
        return {t: scalar(conn, f"SELECT count(*) FROM {t}")
                for t in ("raw.page", "staging.article", "core.fact_event", "core.event_report")}
    finally:
        conn.close()


def test_warehouse_down_between_crawl_and_process_loses_no_archived_page(own_server, tmp_path, monkeypatch,
                                                                         capsys):
    settings = replace(Settings.from_env({}), database_url=own_server.url(), data_dir=tmp_path / ".data")
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    snapshot = load_snapshot()
    expected_pages = sum(a["outlet"] in OUTLETS for a in snapshot.articles)
    with DemoSites(snapshot.articles, outlets=OUTLETS) as sites:
        reports = crawl_outlets(OUTLETS, snapshot.window_start, snapshot.window_end, settings,
                                base_urls=sites.base_urls, scrapy_settings=DEMO_SCRAPY_SETTINGS)
    assert [r.status for r in reports] == ["ok", "ok"]
    assert sum(r.stored for r in reports) == expected_pages

    # Down before processing: a clear error from the library and from the CLI (exit 2, one line).
    own_server.stop()
    monkeypatch.setenv("SYRIA_EVENTS_DB_RETRIES", "1")  # retried once (1 s), then the clear error
    with pytest.raises(WarehouseUnavailable, match=r"cannot connect to the warehouse \(after 2 attempts\)"):
        connect(replace(settings, db_retries=1))
    capsys.readouterr()
    assert main(["reprocess"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot connect to the warehouse") and "Traceback" not in err

    # Back up: every archived page is still there, nothing was half-processed.
    own_server.ensure_running()
    assert _counts(settings) == {"raw.page": expected_pages, "staging.article": 0, "core.fact_event": 0,
                                 "core.event_report": 0}

    # Down in the middle: clean, extract and dedup committed, then the server stops before the load.
    conn = connect(settings)
    pipeline.clean_stage(conn)
    pipeline.extract_stage(conn)
    pipeline.dedup_stage(conn)
    own_server.stop()
    with pytest.raises(psycopg2.OperationalError):  # the server's own error, not a masking one
        pipeline.load_stage(conn)
    conn.close()

    own_server.ensure_running()
    partial = _counts(settings)
    assert partial["raw.page"] == expected_pages and partial["staging.article"] == expected_pages
    assert partial["core.fact_event"] == 0  # the load never committed

    # `syria-events dedup` loads what is pending; `reprocess` redoes everything from raw pages: same result.
    assert main(["dedup"]) == 0
    resumed = _counts(settings)
    assert resumed["core.fact_event"] > 0 and resumed["core.event_report"] > 0
    assert main(["reprocess"]) == 0
    assert _counts(settings) == resumed
