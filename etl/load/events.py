"""Loading deduplicated events into the warehouse.

Extraction writes staging.event_candidate (`store_candidates`); dedup assigns candidates to
events and stages each event it touched, with its canonical values, in staging.event. `load_events`
moves every staged event waiting for load (staged after staging.load_watermark), and its
reports, into core.fact_event and core.event_report with the set-based statements in sql/load/:
no row leaves the server.

Each batch of events is one transaction, so a crash leaves whole batches or nothing, and the
next load resumes with the events still waiting. A load large next to what core already holds
(a backfill, a rebuild) runs as one transaction that drops the indexes and keys of the two core
tables first and re-creates them after: building an index once over sorted rows is much
cheaper than updating it row by row. Loading again with nothing staged touches no row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg2.extensions
from psycopg2.extras import Json

from etl.models import EventReport, report_to_json
from etl.sqlfiles import read_query

Connection = psycopg2.extensions.connection
Cursor = psycopg2.extensions.cursor

CORE_TABLES = ("core.fact_event", "core.event_report")
# A load is bulk when it is at least this many events and at least this share of core.fact_event.
BULK_SHARE_OF_CORE = 0.25
BATCH_STEPS = ("remove_replaced_reports", "update_facts", "insert_facts", "insert_reports", "mark_loaded")


@dataclass
class LoadStats:
    events_upserted: int = 0  # staged events loaded (written to core when anything changed)
    events_deleted: int = 0  # events core held that no report is assigned to any more
    reports_loaded: int = 0  # core.event_report rows written
    bulk: bool = False  # one transaction, core's indexes and keys rebuilt afterwards


def store_candidates(conn: Connection, article_id: int, reports: list[EventReport]) -> None:
    """Replace the extracted reports of one article version and mark it extracted.

    Events that lose a report here lose their staged row too, so the next dedup run
    recomputes them.
    """
    with conn.cursor() as cur:
        # Reports of older versions of the same article are superseded by this version's.
        cur.execute(
            """WITH gone AS (
                   DELETE FROM staging.event_candidate c USING staging.article a, staging.article this
                   WHERE c.article_id = a.article_id AND this.article_id = %s AND a.url = this.url
                   RETURNING c.event_uid)
               DELETE FROM staging.event e USING gone WHERE e.event_uid = gone.event_uid""",
            (article_id,),
        )
        for index, report in enumerate(reports):
            report.report_index = index
            cur.execute(
                "INSERT INTO staging.event_candidate (article_id, report_index, report) VALUES (%s, %s, %s)",
                (article_id, index, Json(report_to_json(report))),
            )
        cur.execute("UPDATE staging.article SET extracted_at = now() WHERE article_id = %s", (article_id,))


def load_events(conn: Connection, batch_size: int = 2000, bulk_min: int = 50_000) -> LoadStats:
    """Load every staged event waiting for load, with its reports; drop events left without reports.

    Batches of `batch_size` events commit one by one; a load of at least `bulk_min` events that
    is also a large share of core (BULK_SHARE_OF_CORE) is one bulk transaction instead.
    """
    stats = LoadStats()
    try:
        with conn.cursor() as cur:
            cur.execute(read_query("remove_orphans", "load"))
            stats.events_deleted = cur.rowcount
            stats.bulk = _is_bulk(cur, bulk_min)
            if stats.bulk:
                waiting = _pick_batch(cur, None)
                with _indexes_rebuilt_after(cur):
                    _load_picked(cur, waiting, stats)
                conn.commit()
                return stats
            # Batches join by event_uid through the candidates' index only if the planner knows
            # how big the staging tables have grown since autovacuum last looked.
            cur.execute("ANALYZE staging.event (event_uid), staging.event_candidate (event_uid)")
        conn.commit()
        with conn.cursor() as cur:
            while waiting := _pick_batch(cur, batch_size):
                _load_picked(cur, waiting, stats)
                conn.commit()
        conn.commit()
    except Exception:
        if not conn.closed:  # a dead connection has nothing to roll back; keep the real error
            conn.rollback()
        raise
    return stats


def _is_bulk(cur: Cursor, bulk_min: int) -> bool:
    cur.execute("""SELECT count(*) FROM staging.event
                   WHERE stage_seq > (SELECT loaded_through FROM staging.load_watermark)""")
    waiting = cur.fetchone()[0]
    if waiting < bulk_min:
        return False
    # Dropping indexes takes the tables' owner; a login of the etl role only writes rows.
    cur.execute("SELECT bool_and(pg_has_role(relowner, 'USAGE')) FROM pg_class WHERE oid = ANY(%s::regclass[])",
                (list(CORE_TABLES),))
    if not cur.fetchone()[0]:
        return False
    # reltuples is the planner's estimate (-1 before the first ANALYZE): close enough to choose a strategy.
    cur.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'core.fact_event'::regclass")
    return waiting >= BULK_SHARE_OF_CORE * cur.fetchone()[0]


def _pick_batch(cur: Cursor, limit: int | None) -> int:
    """Fill load_batch with the next `limit` waiting events (all when None); return how many."""
    cur.execute(read_query("pick_batch", "load"), {"limit": limit})
    cur.execute("SELECT count(*) FROM load_batch")
    return cur.fetchone()[0]


def _load_picked(cur: Cursor, events: int, stats: LoadStats) -> None:
    """Write the events of load_batch and their reports into core, and move the watermark."""
    for step in BATCH_STEPS:
        cur.execute(read_query(step, "load"))
        if step == "insert_reports":
            stats.reports_loaded += cur.rowcount
    stats.events_upserted += events


@contextmanager
def _indexes_rebuilt_after(cur: Cursor) -> Iterator[None]:
    """Drop the indexes and key constraints of CORE_TABLES (and foreign keys pointing at them),
    and re-create them all, with their comments, on exit.

    Re-adding a key or foreign key checks every row again, in one pass. Runs inside the
    caller's transaction, so a failure anywhere restores everything.
    """
    tables = list(CORE_TABLES)
    comments = _comment_statements(cur, tables)
    cur.execute(
        """SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)
           FROM pg_constraint
           WHERE contype IN ('p', 'u', 'f') AND (conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]))
           ORDER BY contype = 'f' DESC""",  # foreign keys first: the keys they reference go after them
        (tables, tables),
    )
    constraints = cur.fetchall()
    for table, name, _ in constraints:
        cur.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    cur.execute(
        """SELECT format('%%I.%%I', n.nspname, i.relname), pg_get_indexdef(x.indexrelid)
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
           WHERE x.indrelid = ANY(%s::regclass[])""",
        (tables,),
    )
    indexes = cur.fetchall()
    for name, _ in indexes:
        cur.execute(f"DROP INDEX {name}")
    yield
    cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _, definition in indexes:
        cur.execute(definition)
    for table, name, definition in reversed(constraints):
        cur.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    for statement in comments:
        cur.execute(statement)


def _comment_statements(cur: Cursor, tables: list[str]) -> list[str]:
    """COMMENT statements restoring the comments on the tables' indexes and constraints (and on
    constraints pointing at them): the data dictionary documents them, and a drop loses them."""
    cur.execute(
        """SELECT format('COMMENT ON INDEX %%I.%%I IS %%L', n.nspname, i.relname, d.description)
           FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
           JOIN pg_namespace n ON n.oid = i.relnamespace
           JOIN pg_description d ON d.objoid = i.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
           WHERE x.indrelid = ANY(%s::regclass[])
           UNION ALL
           SELECT format('COMMENT ON CONSTRAINT %%I ON %%s IS %%L', c.conname, c.conrelid::regclass, d.description)
           FROM pg_constraint c
           JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_constraint'::regclass
           WHERE c.conrelid = ANY(%s::regclass[]) OR c.confrelid = ANY(%s::regclass[])""",
        (tables, tables, tables),
    )
    return [row[0] for row in cur.fetchall()]
