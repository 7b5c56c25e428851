"""Every analysis query and mart view on the warehouse `syria-events demo` builds (issue 7: they run
in CI against the demo data), checked for sensible results rather than just "no error"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from etl.config import Settings
from etl.jobs import run_demo
from etl.sqlfiles import read_query
from etl.warehouse import connect
from tests.databases import fresh_database
from tests.sql.helpers import fetch

SQL = Settings().sql_dir
COUNT_WORDS = ("fatalities", "injured", "arrested", "events", "incidents", "attacks", "outlets", "articles")
# Questions the demo snapshot is written to answer (it has IS arrests by the Interior Ministry,
# multi-outlet incidents with disagreeing counts, events near Idlib, ...).
MUST_ANSWER = {"incidents_per_governorate_week", "events_multi_outlet", "outlets_first_to_report",
               "governorate_daily_timeline", "events_near_town", "interior_ministry_arrests"}


@pytest.fixture(scope="module")
def demo_warehouse(pg_server, template_db, tmp_path_factory):
    with fresh_database(pg_server, template_db, tmp_path_factory.mktemp("demo-sql")) as settings:
        assert run_demo(settings).status == "ok"
        conn = connect(settings)
        yield conn
        conn.close()


def _check_counts(rows: list[dict]) -> None:
    for row in rows:
        for column, value in row.items():
            numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
            if numeric and any(word in column for word in COUNT_WORDS):
                assert value >= 0, (column, row)


@pytest.mark.parametrize("name", sorted(p.stem for p in (SQL / "analysis").glob("*.sql")))
def test_analysis_query_on_demo_data(demo_warehouse, name):
    columns, rows = fetch(demo_warehouse, read_query(name, "analysis"))
    assert len(columns) == len(set(columns))
    if name in MUST_ANSWER:
        assert rows, f"{name} found nothing in the demo warehouse"
    _check_counts(rows)
    if name == "events_near_town":
        assert all(float(r["distance_km"]) <= 25 for r in rows)


@pytest.mark.parametrize("view", sorted(p.stem for p in (SQL / "marts").glob("*.sql")))
def test_mart_on_demo_data(demo_warehouse, view):
    columns, rows = fetch(demo_warehouse, f"SELECT * FROM marts.{view}")
    assert rows, f"marts.{view} is empty on the demo warehouse"
    _check_counts(rows)


def test_demo_events_reconcile_with_their_reports(demo_warehouse):
    _, rows = fetch(demo_warehouse, """
        SELECT e.event_uid, e.source_count, e.article_count,
               count(DISTINCT r.outlet) AS outlets, count(DISTINCT r.article_id) AS articles,
               e.fatalities, e.fatalities_min, e.fatalities_max
        FROM core.fact_event e JOIN core.event_report r USING (event_uid)
        GROUP BY 1, 2, 3, 6, 7, 8""")
    assert rows
    for row in rows:
        assert row["source_count"] == row["outlets"] and row["article_count"] == row["articles"]
        if row["fatalities"] is not None:
            assert row["fatalities_min"] <= row["fatalities"] <= row["fatalities_max"]
