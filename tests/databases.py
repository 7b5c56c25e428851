"""Test databases: a fresh copy of the migrated template, dropped afterwards; helpers to read one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import psycopg2

from etl.config import Settings


def database_url(server_url: str, database: str) -> str:
    """`server_url` pointed at another database of the same server."""
    return server_url.rsplit("/", 1)[0] + "/" + database


def _admin(pg_server: str, statement: str) -> None:
    admin = psycopg2.connect(pg_server)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(statement)
    finally:
        admin.close()


@contextmanager
def fresh_database(pg_server: str, template_db: str, data_dir: Path) -> Iterator[Settings]:
    """Settings for a new database copied from the migrated template; dropped on exit."""
    name = "t_" + uuid.uuid4().hex[:12]
    _admin(pg_server, f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
    try:
        yield replace(Settings.from_env({}), database_url=database_url(pg_server, name), data_dir=data_dir)
    finally:
        _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- reading a database in tests ---------------------------------------------------------


def rows(conn: psycopg2.extensions.connection, query: str, params: tuple | dict | None = None) -> list[tuple]:
    """All rows of a query (the connection's transaction is ended so later reads see fresh data)."""
    with conn.cursor() as cur:
        cur.execute(query, params)
        result = cur.fetchall()
    conn.rollback()
    return result


def scalar(conn: psycopg2.extensions.connection, query: str, params: tuple | dict | None = None):
    """The single value of a one-row, one-column query."""
    return rows(conn, query, params)[0][0]


def table_columns(conn: psycopg2.extensions.connection, table: str) -> list[str]:
    schema, name = table.split(".")
    return [r[0] for r in rows(conn, "SELECT column_name FROM information_schema.columns "
                                     "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                               (schema, name))]


def dump(conn: psycopg2.extensions.connection, table: str, exclude: tuple[str, ...] = ()) -> list[tuple]:
    """Every row of `table` without the `exclude` columns, sorted (bytea as bytes, so rows compare)."""
    columns = [c for c in table_columns(conn, table) if c not in exclude]
    assert columns, f"no columns for {table}"
    selected = ", ".join(f'"{c}"' for c in columns)
    result = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
              for row in rows(conn, f"SELECT {selected} FROM {table}")]
    return sorted(result, key=repr)
