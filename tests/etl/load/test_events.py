"""load_events: staged events and their reports into core, in batches or as one bulk transaction."""

from __future__ import annotations

import uuid
from contextlib import closing

import psycopg2
import pytest

from bench.load_bench import stage
from etl.dedup import dedup_pending
from etl.load.events import load_events
from etl.roles import create_login
from tests.databases import dump, rows, scalar

EVENTS = 300
KEEP = ("event_seq", "created_at", "updated_at")


def _physical_design(conn) -> tuple[list, list]:
    """Every index and constraint definition of the two core tables (and constraints pointing at
    them), with their comments."""
    indexes = rows(conn, """SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid),
                                   obj_description(indexrelid, 'pg_class')
                            FROM pg_index
                            WHERE indrelid IN ('core.fact_event'::regclass, 'core.event_report'::regclass)
                            ORDER BY 1""")
    constraints = rows(conn, """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated,
                                       obj_description(oid, 'pg_constraint')
                                FROM pg_constraint
                                WHERE conrelid IN ('core.fact_event'::regclass, 'core.event_report'::regclass)
                                   OR confrelid IN ('core.fact_event'::regclass, 'core.event_report'::regclass)
                                ORDER BY 1, 2""")
    return indexes, constraints


def _warehouse(conn) -> tuple:
    return dump(conn, "core.fact_event", KEEP), dump(conn, "core.event_report")


def _reload_everything(conn) -> None:
    with conn.cursor() as cur:
        cur.execute("TRUNCATE core.event_report, core.fact_event")
        cur.execute("UPDATE staging.load_watermark SET loaded_through = 0")
    conn.commit()


def test_bulk_and_batched_loads_give_the_same_warehouse_and_keep_every_index(conn):
    stage(conn, EVENTS)
    design = _physical_design(conn)
    batched = load_events(conn, batch_size=40, bulk_min=10**9)
    assert (batched.bulk, batched.events_upserted, batched.reports_loaded) == (False, EVENTS, 2 * EVENTS)
    by_batches = _warehouse(conn)
    assert len(by_batches[0]) == EVENTS and len(by_batches[1]) == 2 * EVENTS

    _reload_everything(conn)
    bulk = load_events(conn, batch_size=40, bulk_min=1)
    assert (bulk.bulk, bulk.events_upserted, bulk.reports_loaded) == (True, EVENTS, 2 * EVENTS)
    assert _warehouse(conn) == by_batches
    assert _physical_design(conn) == design  # dropped for the load, re-created exactly, validated


def test_a_failed_bulk_load_leaves_core_indexes_and_the_watermark_as_they_were(conn):
    stage(conn, EVENTS)
    load_events(conn, bulk_min=1)
    design, before = _physical_design(conn), _warehouse(conn)
    watermark = scalar(conn, "SELECT loaded_through FROM staging.load_watermark")
    with conn.cursor() as cur:  # restage everything; one event breaks a core CHECK constraint
        cur.execute("UPDATE staging.event SET stage_seq = nextval('staging.event_stage_seq'), "
                    "fatalities = CASE WHEN event_uid = 'u00000150' THEN -1 ELSE fatalities + 1 END")
    conn.commit()

    with pytest.raises(psycopg2.errors.CheckViolation):
        load_events(conn, bulk_min=1)
    assert _warehouse(conn) == before
    assert _physical_design(conn) == design
    assert scalar(conn, "SELECT loaded_through FROM staging.load_watermark") == watermark


def test_reloading_unchanged_events_rewrites_nothing(conn):
    stage(conn, EVENTS)
    load_events(conn)
    before = dump(conn, "core.fact_event")  # updated_at included
    with conn.cursor() as cur:  # dedup recomputed every event and found the same values
        cur.execute("UPDATE staging.event SET stage_seq = nextval('staging.event_stage_seq')")
    conn.commit()
    assert load_events(conn).events_upserted == EVENTS
    assert dump(conn, "core.fact_event") == before
    assert load_events(conn).events_upserted == 0  # nothing staged since


def test_changed_values_reach_core_and_only_their_rows_change(conn):
    stage(conn, EVENTS)
    load_events(conn)
    before = {r[0]: r for r in rows(conn, "SELECT event_uid, fatalities, updated_at FROM core.fact_event")}
    with conn.cursor() as cur:
        cur.execute("UPDATE staging.event SET fatalities = 40, stage_seq = nextval('staging.event_stage_seq') "
                    "WHERE event_uid = 'u00000007'")
    conn.commit()
    assert load_events(conn).events_upserted == 1
    after = {r[0]: r for r in rows(conn, "SELECT event_uid, fatalities, updated_at FROM core.fact_event")}
    assert after["u00000007"][1] == 40 and after["u00000007"][2] > before["u00000007"][2]
    assert {uid: r for uid, r in after.items() if uid != "u00000007"} == \
        {uid: r for uid, r in before.items() if uid != "u00000007"}


def test_reports_follow_their_event_and_emptied_events_leave_core(conn):
    stage(conn, EVENTS)
    load_events(conn)
    # Reassign one report of u00000001 to u00000000, as a dedup rebuild might, and drop both
    # staged rows: the next dedup run recomputes the two events from their candidates.
    with conn.cursor() as cur:
        cur.execute("UPDATE staging.event_candidate SET event_uid = 'u00000000' WHERE article_id = 3")
        cur.execute("DELETE FROM staging.event WHERE event_uid IN ('u00000000', 'u00000001')")
    conn.commit()
    dedup_pending(conn)
    with conn.cursor() as cur:  # the event that lost the report loads after the one that gained it
        cur.execute("UPDATE staging.event SET stage_seq = nextval('staging.event_stage_seq') "
                    "WHERE event_uid = 'u00000001'")
    conn.commit()
    load_events(conn, batch_size=1)
    counts = dict(rows(conn, "SELECT event_uid, count(*) FROM core.event_report "
                             "WHERE event_uid IN ('u00000000', 'u00000001') GROUP BY 1"))
    assert counts == {"u00000000": 3, "u00000001": 1}
    assert scalar(conn, "SELECT article_count FROM core.fact_event WHERE event_uid = 'u00000000'") == 3

    with conn.cursor() as cur:  # its last report goes too: the event has nothing left to stand on
        cur.execute("UPDATE staging.event_candidate SET event_uid = 'u00000000' WHERE article_id = 4")
        cur.execute("DELETE FROM staging.event WHERE event_uid IN ('u00000000', 'u00000001')")
    conn.commit()
    dedup_pending(conn)
    stats = load_events(conn)
    assert stats.events_deleted == 1
    assert scalar(conn, "SELECT count(*) FROM core.fact_event WHERE event_uid = 'u00000001'") == 0
    assert scalar(conn, "SELECT count(*) FROM core.event_report WHERE event_uid = 'u00000000'") == 4
    assert scalar(conn, "SELECT count(*) FROM core.fact_event") == EVENTS - 1


def test_an_etl_login_that_cannot_drop_indexes_loads_in_batches(conn, settings, pg_server):
    stage(conn, EVENTS)
    user = f"test_etl_{uuid.uuid4().hex[:8]}"
    create_login(conn, "etl", user, "not-a-real-secret")
    try:
        with closing(psycopg2.connect(settings.database_url, user=user, password="not-a-real-secret")) as etl:
            stats = load_events(etl, bulk_min=1)
        assert (stats.bulk, stats.events_upserted) == (False, EVENTS)
        assert scalar(conn, "SELECT count(*) FROM core.event_report") == 2 * EVENTS
    finally:
        with closing(psycopg2.connect(pg_server)) as admin:
            admin.autocommit = True
            with admin.cursor() as cur:
                cur.execute(f'DROP ROLE IF EXISTS "{user}"')


def test_events_missing_their_staged_row_stay_in_core_until_dedup_restages_them(conn):
    stage(conn, EVENTS)
    load_events(conn)
    before = dump(conn, "core.fact_event"), dump(conn, "core.event_report")
    with conn.cursor() as cur:  # as after upgrading a warehouse loaded before staging.event existed
        cur.execute("DELETE FROM staging.event")
        cur.execute("UPDATE staging.load_watermark SET loaded_through = 0")
    conn.commit()
    assert load_events(conn).events_deleted == 0  # a load before dedup must not empty core
    assert (dump(conn, "core.fact_event"), dump(conn, "core.event_report")) == before
    assert dedup_pending(conn).staged == EVENTS
    assert load_events(conn).events_upserted == EVENTS
    assert (dump(conn, "core.fact_event"), dump(conn, "core.event_report")) == before  # event_seq, updated_at kept
