"""`syria-events demo` end to end: local sites → real Scrapy crawls → warehouse; and a failing live run."""

import pytest

from etl.cli import main
from etl.demo.snapshot import load_snapshot

pytestmark = pytest.mark.slow


def _rows(conn, query):
    with conn.cursor() as cur:
        cur.execute(query)
        return cur.fetchall()


def test_demo_loads_events_from_four_outlets_and_is_idempotent(settings, monkeypatch, conn, capsys):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Per outlet" in out and "Warehouse" in out

    snapshot = load_snapshot()
    articles = _rows(conn, "SELECT count(*) FROM staging.article")[0][0]
    assert articles >= len(snapshot.articles) * 0.95
    outlets = _rows(conn, "SELECT count(DISTINCT outlet) FROM core.event_report")[0][0]
    assert outlets >= 4
    assert _rows(conn, "SELECT count(*) FROM core.fact_event WHERE source_count >= 2")[0][0] >= 3
    # Every figure is traceable: each report's evidence is the text at its offsets.
    for body, evidence, start, end in _rows(
        conn, "SELECT a.body, r.evidence, r.evidence_start, r.evidence_end FROM core.event_report r "
              "JOIN staging.article a USING (article_id)"):
        assert body[start:end] == evidence

    before = _rows(conn, "SELECT event_uid, fatalities, source_count, updated_at FROM core.fact_event ORDER BY 1")
    assert main(["demo"]) == 0
    conn.rollback()
    after = _rows(conn, "SELECT event_uid, fatalities, source_count, updated_at FROM core.fact_event ORDER BY 1")
    assert after == before
    assert _rows(conn, "SELECT count(*) FROM staging.article")[0][0] == articles


def test_run_without_reachable_outlets_fails_per_outlet_and_records_it(settings, monkeypatch, conn, capsys):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SYRIA_EVENTS_BASE_URL_SHAAM", "http://127.0.0.1:9")
    monkeypatch.setenv("SYRIA_EVENTS_BASE_URL_SANA", "http://127.0.0.1:9")
    monkeypatch.setenv("SYRIA_EVENTS_CRAWL_RETRIES", "0")  # retrying a refused connection proves nothing here
    assert main(["run", "--outlet", "shaam", "--outlet", "sana"]) == 1
    out = capsys.readouterr().out
    assert out.count("failed") >= 2
    rows = _rows(conn, "SELECT outlet, status, error FROM raw.crawl_run ORDER BY outlet")
    assert [(o, s) for o, s, _ in rows] == [("sana", "failed"), ("shaam", "failed")]
    assert all(error for _, _, error in rows)
    assert _rows(conn, "SELECT status FROM ops.pipeline_run") == [("failed",)]
