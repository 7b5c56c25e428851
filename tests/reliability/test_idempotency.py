"""Idempotency of the whole pipeline on the demo snapshot (the thorough version of test_demo's check).

One module-scoped warehouse gets: demo run 1 → demo run 2 (same window) → `reprocess` from raw
pages. A second, fresh warehouse gets one demo run, to show that event_uids and values do not
depend on the database or on crawl order.

What may legitimately differ:
- between runs in the same warehouse: nothing in raw.page, staging.* or core.* (timestamps
  included: a second run rewrites no row, so created_at/updated_at/cleaned_at stay); each run
  adds exactly one ops.pipeline_run, its ops.task_metric rows and one raw.crawl_run per outlet.
- after `reprocess` (re-clean + re-extract everything): staging.event_candidate.extracted_at and
  staging.article.extracted_at (re-extracted on purpose), staging.quarantine's quarantine_id and
  created_at (re-quarantined rows are re-inserted); core.* stays identical, timestamps included.
- in a fresh warehouse: surrogate keys (page_id, article_id, quarantine_id, event_seq,
  crawl_run_id) and wall-clock timestamps (fetched_at, cleaned_at, extracted_at, created_at,
  updated_at, dedup_checked_at, first_seen_at); rows are compared through their natural keys (url, version,
  report_index, event_uid) instead. raw.page bytes (body_gz, body_bytes, content_hash), final_url
  and the listing_url hint differ too: the demo pages embed their server's random loopback port.
"""

from __future__ import annotations

import pytest

from etl.demo.snapshot import load_snapshot
from etl.jobs import run_demo, run_reprocess
from etl.warehouse import connect
from tests.databases import dump, fresh_database, rows, scalar

from .conftest import DATA_TABLES

pytestmark = pytest.mark.slow

OPS_TABLES = ("raw.crawl_run", "ops.pipeline_run", "ops.task_metric")
CLOCK = ("fetched_at", "cleaned_at", "extracted_at", "dedup_checked_at", "created_at", "updated_at",
         "first_seen_at")


def _state(settings) -> dict:
    conn = connect(settings)
    try:
        state = {table: dump(conn, table) for table in DATA_TABLES}
        state["counts"] = {t: scalar(conn, f"SELECT count(*) FROM {t}") for t in DATA_TABLES + OPS_TABLES}
        return state
    finally:
        conn.close()


def _portable(settings) -> dict:
    """The warehouse without surrogate keys and clocks: articles and reports keyed by URL."""
    conn = connect(settings)
    try:
        return {
            "fact_event": dump(conn, "core.fact_event", ("event_seq", *CLOCK)),
            "event_report": rows(conn, "SELECT a.url, a.version, r.* FROM core.event_report r "
                                       "JOIN staging.article a USING (article_id) ORDER BY a.url, r.report_index"),
            "article": dump(conn, "staging.article", ("article_id", "page_id", *CLOCK)),
            "candidates": rows(conn, "SELECT a.url, a.version, c.report_index, c.report::text, c.event_uid "
                                     "FROM staging.event_candidate c JOIN staging.article a USING (article_id) "
                                     "ORDER BY 1, 2, 3"),
            # The demo sites' pages embed their random loopback port (links, final_url, the listing_url
            # hint), so the bytes and their hash differ between servers; what was fetched must not.
            "pages": rows(conn, "SELECT outlet, url, http_status, content_type, encoding, hints - 'listing_url' "
                                "FROM raw.page ORDER BY url"),
        }
    finally:
        conn.close()


def _strip_article_id(report_rows: list[tuple]) -> list[tuple]:
    # r.* follows (url, version); its first column is the surrogate article_id.
    return [row[:2] + row[3:] for row in report_rows]


@pytest.fixture(scope="module")
def runs(module_settings, pg_server, template_db, tmp_path_factory) -> dict:
    settings = module_settings
    first = run_demo(settings)
    state1 = _state(settings)
    second = run_demo(settings)
    state2 = _state(settings)
    reprocess = run_reprocess(settings)
    state3 = _state(settings)
    portable = _portable(settings)
    with fresh_database(pg_server, template_db, tmp_path_factory.mktemp("fresh")) as other:
        run_demo(other)
        fresh = _portable(other)
    return {"first": first, "second": second, "reprocess": reprocess, "state1": state1, "state2": state2,
            "state3": state3, "portable": portable, "fresh": fresh}


def test_first_run_loads_the_snapshot(runs):
    state, snapshot = runs["state1"], load_snapshot()
    assert runs["first"].status == "ok"
    assert state["counts"]["raw.page"] == len(snapshot.articles)
    assert state["counts"]["staging.article"] + state["counts"]["staging.quarantine"] == len(snapshot.articles)
    assert state["counts"]["core.fact_event"] > 0 and state["counts"]["core.event_report"] > 0


def test_second_run_fetches_nothing_new_and_changes_no_row(runs):
    assert runs["second"].status == "ok"
    assert sum(c.stored for c in runs["second"].crawls) == 0
    for table in DATA_TABLES:  # every column, timestamps included
        assert runs["state2"][table] == runs["state1"][table], table
    counts1, counts2 = runs["state1"]["counts"], runs["state2"]["counts"]
    outlets = len(runs["first"].crawls)
    assert counts2["raw.crawl_run"] - counts1["raw.crawl_run"] == outlets
    assert counts2["ops.pipeline_run"] - counts1["ops.pipeline_run"] == 1
    load = next(s for s in runs["second"].stages if s.stage == "load").counts
    assert load["events_loaded"] == load["events_deleted"] == load["reports_loaded"] == 0


def test_reprocess_from_raw_pages_reproduces_the_same_events(runs):
    before, after = runs["state2"], runs["state3"]
    for table in ("raw.page", "core.fact_event", "core.event_report", "core.article_link", "core.dim_outlet"):
        assert after[table] == before[table], table  # timestamps included: no row was rewritten
    same_counts = {t: after["counts"][t] == before["counts"][t]
                 for t in ("staging.article", "staging.quarantine", "staging.event_candidate")}
    assert all(same_counts.values()), same_counts
    reclean = next(s for s in runs["reprocess"].stages if s.stage == "reclean").counts
    assert reclean["articles_changed"] == 0


def test_fresh_warehouse_gives_the_same_event_uids_and_values(runs):
    here, fresh = runs["portable"], runs["fresh"]
    assert [r[0] for r in here["fact_event"]] == [r[0] for r in fresh["fact_event"]]  # event_uids
    assert here["fact_event"] == fresh["fact_event"]
    assert _strip_article_id(here["event_report"]) == _strip_article_id(fresh["event_report"])
    assert here["article"] == fresh["article"]
    assert here["candidates"] == fresh["candidates"]
    assert here["pages"] == fresh["pages"]
