"""Connecting to the warehouse and keeping its schema current.

`connect(settings)` is the one way every command gets a connection: DATABASE_URL when set,
otherwise the embedded server under settings.data_dir. Migrations (sql/migrations/NNN_*.sql)
are applied in order, each in its own transaction, and recorded in ops.schema_migration;
views (sql/marts/*.sql) are re-created after every migration run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import psycopg2
import psycopg2.extensions

from etl.config import Settings
from etl.postgres import EmbeddedPostgres

MIGRATION_LOCK_ID = 74_321_001  # pg_advisory_lock key: one migrator at a time


def database_url(settings: Settings) -> str:
    """The warehouse URL: DATABASE_URL, or the embedded server (started if needed)."""
    if settings.database_url:
        return settings.database_url
    return EmbeddedPostgres(settings.data_dir / "pg").ensure_running()


def connect(settings: Settings, migrate_schema: bool = True) -> psycopg2.extensions.connection:
    """Open a connection to the warehouse, migrating its schema first unless told not to.

    A refused connection is retried `settings.db_retries` times with exponential backoff
    (1 s, 2 s, 4 s, ...), since a warehouse restart or failover is usually brief; then
    WarehouseUnavailable says why.
    """
    url = database_url(settings)
    for attempt in range(settings.db_retries + 1):
        try:
            conn = psycopg2.connect(url, connect_timeout=10)
            break
        except psycopg2.OperationalError as exc:
            if attempt == settings.db_retries:
                raise WarehouseUnavailable(
                    f"cannot connect to the warehouse (after {attempt + 1} attempts): {str(exc).strip()}"
                ) from exc
            time.sleep(2**attempt)
    if migrate_schema:
        migrate(conn, settings.sql_dir)
    return conn


class WarehouseUnavailable(RuntimeError):
    """The warehouse could not be reached."""


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def migration_files(sql_dir: Path) -> list[Path]:
    """Numbered migrations in the order they apply."""
    return sorted((sql_dir / "migrations").glob("[0-9][0-9][0-9]_*.sql"))


def migrate(conn: psycopg2.extensions.connection, sql_dir: Path) -> list[str]:
    """Apply pending migrations and refresh views; return the names of migrations applied.

    Idempotent and safe under concurrency (an advisory lock serialises migrators).
    """
    applied_now: list[str] = []
    conn.rollback()
    conn.autocommit = False
    if _up_to_date(conn, sql_dir):
        return applied_now
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_ID,))
        cur.execute("CREATE SCHEMA IF NOT EXISTS ops")
        cur.execute(
            """CREATE TABLE IF NOT EXISTS ops.schema_migration (
                   version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        cur.execute("SELECT version FROM ops.schema_migration")
        done = {row[0] for row in cur.fetchall()}
        for path in migration_files(sql_dir):
            version = int(path.name[:3])
            if version in done:
                continue
            cur.execute(path.read_text(encoding="utf-8"))
            cur.execute(
                "INSERT INTO ops.schema_migration (version, name, checksum) VALUES (%s, %s, %s)",
                (version, path.stem, _checksum(path)),
            )
            applied_now.append(path.stem)
        _refresh_views(cur, sql_dir, force=bool(applied_now))
    conn.commit()
    return applied_now


def _up_to_date(conn: psycopg2.extensions.connection, sql_dir: Path) -> bool:
    """True when every migration and the current views are in place.

    Checked read-only first, so roles without CREATE rights (an `etl` login) can connect.
    """
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('ops.schema_migration') IS NOT NULL AND "
                    "to_regclass('ops.view_signature') IS NOT NULL")
        if not cur.fetchone()[0]:
            return False
        cur.execute("SELECT version FROM ops.schema_migration")
        done = {row[0] for row in cur.fetchall()}
        cur.execute("SELECT signature FROM ops.view_signature WHERE id = 1")
        row = cur.fetchone()
    conn.rollback()
    pending = [p for p in migration_files(sql_dir) if int(p.name[:3]) not in done]
    return not pending and row is not None and row[0] == _views_signature(sql_dir)


def _views_signature(sql_dir: Path) -> str:
    views = sorted((sql_dir / "marts").glob("*.sql"))
    return hashlib.sha256(b"".join(v.name.encode() + v.read_bytes() for v in views)).hexdigest()


def _refresh_views(cur: psycopg2.extensions.cursor, sql_dir: Path, force: bool) -> None:
    """Re-create the mart views when any view file changed (or a migration ran)."""
    views = sorted((sql_dir / "marts").glob("*.sql"))
    signature = _views_signature(sql_dir)
    cur.execute(
        "CREATE TABLE IF NOT EXISTS ops.view_signature (id int PRIMARY KEY, signature text NOT NULL)"
    )
    cur.execute("SELECT signature FROM ops.view_signature WHERE id = 1")
    row = cur.fetchone()
    if not force and row and row[0] == signature:
        return
    for view in views:
        cur.execute(view.read_text(encoding="utf-8"))
    cur.execute(
        "INSERT INTO ops.view_signature VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET signature = EXCLUDED.signature",
        (signature,),
    )


def copy_rows(cur: psycopg2.extensions.cursor, table: str, columns: list[str], rows: Iterable[list]) -> None:
    """COPY `rows` (values in `columns` order) into `table` in one round trip.

    Sent as CSV with every string quoted, so an empty string stays '' while None arrives as
    NULL in the columns of `table` that may be null; NUL characters, which text cannot hold,
    are dropped.
    """
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(
        ["" if v is None else v if isinstance(v, int | float) else _copy_text(v) for v in row] for row in rows
    )
    buffer.seek(0)
    cur.execute(
        """SELECT array_agg(attname::text) FROM pg_attribute
           WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attnotnull AND attname = ANY(%s)""",
        (table, columns),
    )
    nullable = cur.fetchone()[0] or []
    force_null = f", FORCE_NULL ({', '.join(nullable)})" if nullable else ""
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv{force_null})", buffer)


def _copy_text(value: object) -> str:
    text = value.isoformat() if isinstance(value, date | datetime) else str(value)
    return text.replace("\x00", "") if "\x00" in text else text
