"""The mart views against the handwritten warehouse of conftest.py."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from etl.export import ACLED_COLUMNS, EXTRA_COLUMNS
from etl.warehouse import migrate
from tests.sql.helpers import fetch

MARTS = ["daily_events_by_governorate_type", "events_acled", "fatalities_by_month_actor", "outlet_coverage",
         "pipeline_freshness", "source_agreement"]


def test_every_mart_exists_and_has_a_grain_comment(conn):
    _, rows = fetch(conn, """SELECT c.relname, obj_description(c.oid, 'pg_class') AS comment
                             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = 'marts' AND c.relkind = 'v' ORDER BY 1""")
    assert [r["relname"] for r in rows] == MARTS
    assert all(r["comment"].startswith("Grain: ") for r in rows)


def test_events_acled_keeps_the_export_column_order(warehouse):
    columns, rows = fetch(warehouse, "SELECT * FROM marts.events_acled")
    assert columns == ACLED_COLUMNS + EXTRA_COLUMNS
    assert len(rows) == 10


def test_daily_events_by_governorate_type(warehouse):
    _, rows = fetch(warehouse, "SELECT * FROM marts.daily_events_by_governorate_type ORDER BY event_date, admin1")
    got = {(r["event_date"], r["admin1"], r["event_type"]): (r["events"], r["fatalities"], r["arrested"])
           for r in rows}
    assert got[(date(2025, 12, 13), "Idlib", "Strategic developments")] == (2, 0, 7)
    assert got[(date(2025, 12, 20), "Idlib", "Explosions/Remote violence")] == (1, 3, 0)
    # The aggregate tally of 150 deaths is not an event of 20 December.
    assert sum(r["fatalities"] for r in rows) == 14
    assert sum(r["events"] for r in rows) == 9
    assert all(r["admin1"] != "Unknown" for r in rows)
    assert all(r["week_start"] <= r["event_date"] < r["week_start"] + timedelta(days=7) for r in rows)
    assert all(r["month_start"] == r["event_date"].replace(day=1) for r in rows)
    assert next(r for r in rows if r["event_date"] == date(2025, 11, 5))["civilian_targeting_events"] == 1


def test_fatalities_by_month_actor(warehouse):
    _, rows = fetch(warehouse, "SELECT * FROM marts.fatalities_by_month_actor")
    by_key = {(r["month_start"], r["actor"]): r for r in rows}
    isis_december = by_key[(date(2025, 12, 1), "Islamic State")]
    # ev-e1 and ev-e6 as actor1, the ev-e2 arrests as actor2.
    assert (isis_december["events"], isis_december["events_as_actor1"], isis_december["events_as_actor2"]) == (3, 2, 1)
    assert (isis_december["fatalities"], isis_december["fatalities_low"], isis_december["fatalities_high"]) == (5, 5, 7)
    assert isis_december["inter_code"] == 2  # from the seeded actor dictionary
    army_december = by_key[(date(2025, 12, 1), "Military Forces of Syria (2024-)")]
    assert (army_december["events"], army_december["fatalities"]) == (1, 3)
    civilians = by_key[(date(2025, 11, 1), "Unidentified Armed Group (Syria)")]
    assert civilians["civilian_targeting_fatalities"] == 2
    assert all(r["fatalities_low"] <= r["fatalities"] <= r["fatalities_high"] for r in rows)
    assert all(r["events"] >= max(r["events_as_actor1"], r["events_as_actor2"]) for r in rows)


def test_outlet_coverage(warehouse):
    _, rows = fetch(warehouse, "SELECT * FROM marts.outlet_coverage")
    by_outlet = {r["outlet"]: r for r in rows}
    assert set(by_outlet) == {"sana", "enab_baladi", "syria_tv", "halab_today", "shaam", "north_press", "sohr",
                              "leaflets"}
    sana = by_outlet["sana"]
    assert (sana["events_reported"], sana["exclusive_events"], sana["shared_events"],
            sana["shared_events_first"], sana["events_followed"]) == (5, 1, 4, 2, 2)
    assert sana["first_share"] == Decimal("0.5")
    assert (sana["median_lag_hours"], sana["max_lag_hours"]) == (Decimal("3.5"), Decimal("6"))
    enab = by_outlet["enab_baladi"]
    assert (enab["events_reported"], enab["reports"], enab["exclusive_events"]) == (4, 5, 2)
    assert enab["median_lag_hours"] == Decimal("1.75")
    assert enab["event_types"].startswith("Battles: 1; Explosions/Remote violence: 1")
    leaflets = by_outlet["leaflets"]
    assert leaflets["events_reported"] == 0 and leaflets["first_share"] is None
    for r in rows:
        assert r["exclusive_events"] + r["shared_events"] == r["events_reported"] <= r["reports"]


def test_source_agreement(warehouse):
    _, rows = fetch(warehouse, "SELECT * FROM marts.source_agreement ORDER BY event_uid")
    assert [r["event_uid"] for r in rows] == ["ev-e1", "ev-e2", "ev-e5"]
    e1, e2, e5 = rows
    # enab_baladi's latest figure (4, at 16:00) replaces its earlier 3.
    assert e1["figures"] == "enab_baladi: killed 4; sana: killed 3, injured 4; syria_tv: killed 5"
    assert (e1["fatalities_min"], e1["fatalities_max"], e1["fatalities_spread"]) == (3, 5, 2)
    assert e1["fatalities_relative_spread"] == Decimal("0.400")
    assert (e1["disagree_fatalities"], e1["disagree_injured"], e1["disagree_arrested"]) == (True, False, False)
    assert (e2["arrested_min"], e2["arrested_max"], e2["disagree_arrested"], e2["disagree_fatalities"]) == (
        4, 5, True, False)
    assert (e5["fatalities_min"], e5["fatalities_max"], e5["outlets"]) == (4, 6, 2)


def test_pipeline_freshness(warehouse):
    _, rows = fetch(warehouse, "SELECT * FROM marts.pipeline_freshness")
    by_outlet = {r["outlet"]: r for r in rows}
    assert len(by_outlet) == 8
    syria_tv = by_outlet["syria_tv"]
    assert syria_tv["last_crawl_status"] == "failed"
    assert syria_tv["failed_crawls_last_7_days"] == 1 and syria_tv["crawls_last_7_days"] == 2
    assert 28.9 <= float(syria_tv["hours_since_successful_crawl"]) <= 29.5
    assert 0.9 <= float(syria_tv["hours_since_crawl"]) <= 1.5
    assert syria_tv["last_event_date"] == date(2025, 12, 20)
    sana = by_outlet["sana"]
    assert sana["last_crawl_status"] == "ok"
    assert sana["last_article_published_at"].date() == date(2025, 12, 20)
    assert sana["last_event_date"] == date(2025, 12, 20)
    assert sana["days_since_event"] == (date.today() - date(2025, 12, 20)).days
    assert by_outlet["leaflets"]["last_crawl_started_at"] is None


def test_views_survive_being_recreated(warehouse, settings):
    with warehouse.cursor() as cur:
        cur.execute("DELETE FROM ops.view_signature")
    warehouse.commit()
    migrate(warehouse, settings.sql_dir)
    _, rows = fetch(warehouse, "SELECT * FROM marts.source_agreement")
    assert len(rows) == 3
