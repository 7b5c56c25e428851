"""Each data-quality check against a real PostgreSQL: quiet on healthy rows, loud on bad ones."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from etl.quality import CHECKS, DataQualityError, Thresholds, raise_on_failures, run_checks

SINCE = datetime(2025, 12, 14, 23, 0, tzinfo=UTC)
UNTIL = SINCE + timedelta(days=1)
_seq = itertools.count(1)


def add_article(conn, outlet: str, published: datetime, reports: int | None = 0) -> int:
    """One staging.article row (extracted unless reports is None) with `reports` candidates."""
    n = next(_seq)
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO staging.article (url, outlet, title, body, published_at, language, content_hash,
                                            extracted_at)
               VALUES (%s, %s, 'عنوان', 'نص', %s, 'ar', %s, %s) RETURNING article_id""",
            (f"https://{outlet}.example/a/{n}", outlet, published, f"h{n}", None if reports is None else published),
        )
        article_id = cur.fetchone()[0]
        for index in range(reports or 0):
            cur.execute("INSERT INTO staging.event_candidate (article_id, report_index, report) VALUES (%s, %s, %s)",
                        (article_id, index, json.dumps({})))
    conn.commit()
    return article_id


def add_event(conn, uid: str, **values) -> None:
    row = {"event_uid": uid, "time_precision": 1, "disorder_type": "Political violence",
           "event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
           "event_date": date(2025, 12, 14), "latitude": 36.2, "longitude": 37.1, **values}
    columns = ", ".join(row)
    with conn.cursor() as cur:
        cur.execute(f"INSERT INTO core.fact_event ({columns}) VALUES ({', '.join(['%s'] * len(row))})",
                    list(row.values()))
    conn.commit()


def result(conn, name: str, outlets=("shaam", "sana"), thresholds: Thresholds | None = None):
    (found,) = [r for r in run_checks(conn, SINCE, UNTIL, outlets, thresholds) if r.name == name]
    return found


def test_all_checks_pass_on_an_empty_warehouse(conn):
    results = run_checks(conn, SINCE, UNTIL, ["shaam"])
    assert [r.name for r in results] == [name for name, _ in CHECKS]
    assert all(r.passed for r in results)
    raise_on_failures(results)  # does not raise


def test_silent_outlet_that_usually_publishes(conn):
    for day in range(1, 6):
        add_article(conn, "shaam", SINCE - timedelta(days=day, hours=-3))
    check = result(conn, "silent_outlets")
    assert not check.passed
    assert check.problems[0].startswith("shaam: 0 articles in the window")

    # Not an alert for an outlet the catalogue says rarely publishes ...
    assert result(conn, "silent_outlets", outlets=("sana",)).passed
    # ... nor once the outlet published in the window.
    add_article(conn, "shaam", SINCE + timedelta(hours=5))
    assert result(conn, "silent_outlets").passed


def test_silent_outlet_needs_history(conn):
    add_article(conn, "shaam", SINCE - timedelta(days=2))  # one active day: not "usually"
    assert result(conn, "silent_outlets").passed


def test_extraction_yield_collapse(conn):
    for i in range(40):  # trailing fortnight: one event per article
        add_article(conn, "sana", SINCE - timedelta(days=1 + i % 13, hours=i % 5), reports=1)
    for i in range(12):  # tonight: 12 articles, one event in total
        add_article(conn, "sana", SINCE + timedelta(hours=1 + i), reports=1 if i == 0 else 0)
    check = result(conn, "yield_collapse")
    assert not check.passed
    assert "1 events from 12 articles" in check.problems[0]


def test_normal_yield_and_too_few_articles_do_not_alert(conn):
    for i in range(40):
        add_article(conn, "sana", SINCE - timedelta(days=1 + i % 13), reports=1)
    for i in range(12):
        add_article(conn, "sana", SINCE + timedelta(hours=1 + i), reports=1 if i % 2 else 0)
    assert result(conn, "yield_collapse").passed  # 0.5 per article vs 1.0: within the ratio
    # Fewer articles in the window than min_articles: too few to call anything a collapse.
    assert result(conn, "yield_collapse", thresholds=Thresholds(yield_ratio=0.9, min_articles=20)).passed


@pytest.mark.parametrize("values, problem", [
    ({"event_date": date.today() + timedelta(days=30)}, "is in the future"),
    ({"fatalities_min": -1}, "negative count"),
    ({"source_count": -2}, "negative count"),
    ({"fatalities_min": 5, "fatalities_max": 2}, "minimum above its maximum"),
    ({"latitude": 33.9, "longitude": 35.5 - 0.3}, "outside Syria"),   # Beirut, labelled Syria
    ({"latitude": 38.5, "longitude": 40.0}, "outside Syria"),
])
def test_impossible_values(conn, values, problem):
    add_event(conn, "ok-event")
    add_event(conn, "bad-event", **values)
    check = result(conn, "impossible_events")
    assert not check.passed
    assert all(p.startswith("bad-event: ") for p in check.problems)
    assert problem in check.problems[0]


def test_places_outside_syria_are_fine_when_not_labelled_syria(conn):
    add_event(conn, "beirut", country="Lebanon", iso=422, latitude=33.9, longitude=35.5)
    assert result(conn, "impossible_events").passed


def test_duplicate_event_uid_in_export_view(conn):
    add_event(conn, "dup-event")
    add_event(conn, "single-event")
    assert result(conn, "duplicate_event_uid").passed
    with conn.cursor() as cur:  # a view change that fans out rows, as a bad join would
        cur.execute("ALTER VIEW marts.events_acled RENAME TO events_acled_orig")
        cur.execute("""CREATE VIEW marts.events_acled AS
                       SELECT * FROM marts.events_acled_orig
                       UNION ALL SELECT * FROM marts.events_acled_orig WHERE event_uid = 'dup-event'""")
    conn.commit()
    check = result(conn, "duplicate_event_uid")
    assert check.problems == ["dup-event: 2 rows"]


def test_error_message_lists_every_failed_check(conn):
    for day in range(1, 6):
        add_article(conn, "shaam", SINCE - timedelta(days=day))
    add_event(conn, "future", event_date=date.today() + timedelta(days=3))
    with pytest.raises(DataQualityError) as caught:
        raise_on_failures(run_checks(conn, SINCE, UNTIL, ["shaam"]))
    message = str(caught.value)
    assert message.startswith("2 data-quality check(s) failed")
    assert "silent_outlets" in message and "impossible_events" in message and "future: event_date" in message
    assert [c.name for c in caught.value.failed] == ["silent_outlets", "impossible_events"]
