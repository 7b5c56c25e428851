"""Fixtures for the reliability suite: module-scoped warehouses, so one demo run serves many tests."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg2
import pytest

from etl.config import Settings
from tests.databases import fresh_database


@pytest.fixture(scope="module")
def module_settings(pg_server: str, template_db: str, tmp_path_factory) -> Iterator[Settings]:
    """A fresh migrated database shared by the tests of one module."""
    with fresh_database(pg_server, template_db, tmp_path_factory.mktemp("data")) as settings:
        yield settings


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


DATA_TABLES = ("raw.page", "staging.article", "staging.quarantine", "staging.event_candidate",
               "core.fact_event", "core.event_report", "core.article_link", "core.dim_outlet",
               "core.dim_place", "core.dim_actor", "core.dim_date")


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
