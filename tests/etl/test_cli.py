"""The real CLI end to end: ingest, export, status, demo — against a real PostgreSQL."""

import csv
import io
import json
from pathlib import Path

import pytest

from etl.cli import main
from etl.export import ACLED_COLUMNS, EXTRA_COLUMNS

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ingest" / "mixed.jsonl"
ACLED_EVENT_TYPES = {
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
}


@pytest.fixture
def cli_env(settings, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    return settings


def _snapshot(conn) -> dict:
    tables = ["raw.page", "staging.article", "staging.quarantine", "staging.event_candidate",
              "core.fact_event", "core.event_report"]
    with conn.cursor() as cur:
        counts = {}
        for table in tables:
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cur.fetchone()[0]
        cur.execute("SELECT event_uid, fatalities, source_count, updated_at FROM core.fact_event ORDER BY 1")
        counts["events"] = cur.fetchall()
    return counts


def test_ingest_reports_bad_lines_loads_the_rest_and_is_idempotent(cli_env, conn, capsys):
    assert main(["ingest", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    for line in (2, 4, 5, 7, 8):
        assert f"line {line}:" in out
    assert "not_arabic" in out
    first = _snapshot(conn)
    assert first["staging.article"] == 3
    assert first["staging.quarantine"] == 1
    # The two reports of the Saraqib checkpoint attack are one event with two outlets.
    with conn.cursor() as cur:
        cur.execute("SELECT source_count, article_count, admin1, event_type FROM core.fact_event "
                    "WHERE source_count = 2")
        assert cur.fetchall() == [(2, 2, "Idlib", "Battles")]

    assert main(["ingest", str(FIXTURE)]) == 0
    conn.rollback()
    assert _snapshot(conn) == first


def test_export_writes_acled_columns_and_provenance(cli_env, tmp_path, capsys):
    assert main(["ingest", str(FIXTURE)]) == 0
    target = tmp_path / "events.csv"
    assert main(["export", "--format", "acled-csv", "-o", str(target)]) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert list(rows[0].keys()) == ACLED_COLUMNS + EXTRA_COLUMNS
    for row in rows:
        assert row["event_type"] in ACLED_EVENT_TYPES
        assert row["country"] == "Syria" and row["iso"] == "760"
        assert int(row["fatalities"]) >= 0
        assert row["event_uid"] and row["source_urls"].startswith("https://")
        assert int(row["source_count"]) <= int(row["article_count"])
    merged = [r for r in rows if r["source_count"] == "2"]
    assert len(merged) == 1 and len(merged[0]["source_urls"].split(" ")) == 2

    jsonl = tmp_path / "events.jsonl"
    assert main(["export", "--format", "jsonl", "-o", str(jsonl)]) == 0
    documents = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(documents) == len(rows)
    assert all(doc["reports"] and doc["reports"][0]["evidence"] for doc in documents)


def test_export_window_and_bad_arguments(cli_env, capsys):
    assert main(["ingest", str(FIXTURE)]) == 0
    capsys.readouterr()
    assert main(["export", "--format", "acled-csv", "--since", "2030-01-01"]) == 0
    assert len(list(csv.reader(io.StringIO(capsys.readouterr().out)))) == 1  # header only
    with pytest.raises(SystemExit):
        main(["export", "--format", "xml"])
    assert main(["ingest", "/nonexistent.jsonl"]) == 2


def test_status_prints_outlets_and_runs(cli_env, capsys):
    assert main(["ingest", str(FIXTURE)]) == 0
    capsys.readouterr()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Per outlet" in out and "enab_baladi" in out and "ingest" in out


def test_warehouse_unreachable_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("SYRIA_EVENTS_DB_RETRIES", "0")
    assert main(["status"]) == 2
    assert "cannot connect to the warehouse" in capsys.readouterr().err


def test_run_rejects_an_empty_window_and_unknown_outlets(cli_env, capsys):
    assert main(["run", "--since", "2025-12-02", "--until", "2025-12-01"]) == 2
    assert "empty window" in capsys.readouterr().err
    assert main(["run", "--outlet", "nope"]) == 2
    assert "unknown outlet(s): nope" in capsys.readouterr().err
