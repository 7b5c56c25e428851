"""Each sql/analysis query against the handwritten warehouse of conftest.py: columns,
invariants and the specific answers the fixture implies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from etl.config import Settings
from etl.sqlfiles import read_query
from tests.sql.helpers import fetch

ANALYSIS_DIR = Settings().sql_dir / "analysis"


def run(conn, name: str):
    return fetch(conn, read_query(name, "analysis"))


def test_there_are_at_least_eight_commented_queries():
    files = sorted(ANALYSIS_DIR.glob("*.sql"))
    assert len(files) >= 8
    for path in files:
        header = path.read_text(encoding="utf-8").splitlines()[:3]
        assert header[0].startswith("-- Question:"), path.name
        assert any(line.startswith("-- Grain:") for line in header), path.name


@pytest.mark.parametrize("name", [p.stem for p in sorted(ANALYSIS_DIR.glob("*.sql"))])
def test_every_query_returns_rows_with_sane_counts(warehouse, name):
    columns, rows = run(warehouse, name)
    assert rows, f"{name} returned nothing on the fixture"
    assert len(columns) == len(set(columns))
    for row in rows:
        for column, value in row.items():
            numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
            if numeric and any(k in column for k in ("fatalities", "injured", "arrested", "events", "incidents",
                                                     "attacks", "outlets", "distance", "hours", "articles")):
                assert value >= 0, (name, column, row)


def test_incidents_per_governorate_week(warehouse):
    columns, rows = run(warehouse, "incidents_per_governorate_week")
    assert columns == ["admin1", "week_start", "incidents", "fatalities", "civilian_targeting_incidents"]
    got = {(r["admin1"], r["week_start"]): (r["incidents"], r["fatalities"]) for r in rows}
    assert got == {
        ("Damascus", date(2025, 12, 15)): (1, 0),
        ("Deir ez-Zor", date(2025, 11, 17)): (1, 0),
        ("Deir ez-Zor", date(2025, 12, 1)): (1, 2),
        ("Idlib", date(2025, 10, 13)): (1, 6),
        ("Idlib", date(2025, 11, 3)): (1, 2),
        ("Idlib", date(2025, 12, 8)): (2, 0),
        ("Idlib", date(2025, 12, 15)): (1, 3),
    }
    # ev-e8 (August) is outside the window, the 150-death aggregate tally is not an incident.
    assert sum(r["fatalities"] for r in rows) == 13
    assert all(r["week_start"].isoweekday() == 1 for r in rows)
    assert next(r for r in rows if r["week_start"] == date(2025, 11, 3))["civilian_targeting_incidents"] == 1


def test_isis_attacks_by_month(warehouse):
    columns, rows = run(warehouse, "isis_attacks_by_month")
    assert columns[:2] == ["month_start", "attacks"]
    got = {r["month_start"]: (r["attacks"], r["explosions"], r["fatalities"], r["injured"]) for r in rows}
    # The arrests of IS members (ev-e2, IS as actor2) are not attacks.
    assert got == {
        date(2025, 8, 1): (1, 0, 1, 0),
        date(2025, 11, 1): (1, 1, 0, 3),
        date(2025, 12, 1): (2, 1, 5, 4),
    }
    assert [r["month_start"] for r in rows] == sorted(got)


def test_interior_ministry_arrests(warehouse):
    columns, rows = run(warehouse, "interior_ministry_arrests")
    assert "arrested" in columns and "announcing_outlets" in columns
    # ev-e3's patrol arrest never names the ministry.
    assert [r["event_uid"] for r in rows] == ["ev-e2"]
    row = rows[0]
    assert (row["arrested"], row["arrested_min"], row["arrested_max"]) == (4, 4, 5)
    assert row["announcing_outlets"] == "enab_baladi, sana"
    assert row["location_ar"] == "بنش"
    assert "وزارة الداخلية" in row["evidence"]


def test_events_multi_outlet(warehouse):
    columns, rows = run(warehouse, "events_multi_outlet")
    assert {"event_uid", "outlets", "articles", "outlet_list"} <= set(columns)
    assert {r["event_uid"] for r in rows} == {"ev-e1", "ev-e2", "ev-e6"}
    assert all(r["outlets"] >= 3 and r["articles"] >= r["outlets"] for r in rows)
    e1 = next(r for r in rows if r["event_uid"] == "ev-e1")
    assert (e1["outlets"], e1["articles"], e1["hours_first_to_last_report"]) == (3, 4, Decimal("8.0"))
    assert e1["outlet_list"] == "enab_baladi, sana, syria_tv"


def test_outlets_first_to_report(warehouse):
    columns, rows = run(warehouse, "outlets_first_to_report")
    assert columns == ["outlet", "shared_events", "first_reports", "first_share", "median_lead_hours",
                       "median_lag_hours"]
    by_outlet = {r["outlet"]: r for r in rows}
    assert [r["outlet"] for r in rows[:3]] == ["sana", "north_press", "shaam"]
    sana = by_outlet["sana"]
    # sana was first on ev-e1 (2.5 h ahead) and ev-e2 (1 h), followed on ev-e5 (+1 h) and ev-e6 (+6 h).
    assert (sana["shared_events"], sana["first_reports"], sana["first_share"]) == (4, 2, Decimal("0.500"))
    assert sana["median_lead_hours"] == Decimal("1.75")
    assert sana["median_lag_hours"] == Decimal("3.50")
    assert by_outlet["enab_baladi"]["first_reports"] == 0
    assert all(0 <= r["first_reports"] <= r["shared_events"] for r in rows)
    # Single-outlet events and untimed reports (ev-e10) are not "shared".
    assert sum(r["first_reports"] for r in rows) == 4


def test_casualty_disagreement(warehouse):
    columns, rows = run(warehouse, "casualty_disagreement")
    assert {"fatalities_min", "fatalities_max", "fatalities_spread", "figures"} <= set(columns)
    # ev-e2 disagrees only on arrests: not a casualty disagreement.
    assert [r["event_uid"] for r in rows] == ["ev-e1", "ev-e5"]
    e1 = rows[0]
    assert (e1["fatalities_min"], e1["fatalities_max"], e1["fatalities_spread"]) == (3, 5, 2)
    assert e1["figures"] == "enab_baladi: killed 4; sana: killed 3, injured 4; syria_tv: killed 5"
    assert all(0 <= r["fatalities_min"] <= r["fatalities"] <= r["fatalities_max"] for r in rows)


def test_events_near_town(warehouse):
    columns, rows = run(warehouse, "events_near_town")
    assert columns[:2] == ["town", "distance_km"]
    assert [r["event_uid"] for r in rows] == ["ev-e8", "ev-e2", "ev-e4", "ev-e1"]
    assert all(r["town"] == "Idlib" and 0 <= r["distance_km"] <= 25 for r in rows)
    assert rows[0]["distance_km"] == 0
    assert float(rows[-1]["distance_km"]) == pytest.approx(17.15, abs=0.05)  # Saraqib


def test_events_near_town_accepts_an_arabic_name(warehouse):
    query = read_query("events_near_town", "analysis").replace("'Idlib'::text", "'سراقب'::text")
    _, rows = fetch(warehouse, query)
    assert rows[0]["event_uid"] == "ev-e1" and rows[0]["distance_km"] == 0
    assert {r["event_uid"] for r in rows} == {"ev-e1", "ev-e2", "ev-e4", "ev-e8"}


def test_governorate_daily_timeline(warehouse):
    columns, rows = run(warehouse, "governorate_daily_timeline")
    assert columns == ["day", "events", "fatalities", "injured", "arrested", "what_happened"]
    assert len(rows) == 90
    assert (rows[0]["day"], rows[-1]["day"]) == (date(2025, 9, 22), date(2025, 12, 20))
    assert sum(r["events"] for r in rows) == 5
    assert sum(r["fatalities"] for r in rows) == 11
    dec13 = next(r for r in rows if r["day"] == date(2025, 12, 13))
    assert (dec13["events"], dec13["arrested"]) == (2, 7)
    assert "Arrests in Binnish" in dec13["what_happened"]
    assert all(r["what_happened"] is None for r in rows if r["events"] == 0)
