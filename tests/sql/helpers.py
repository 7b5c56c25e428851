"""Running a query and getting rows as dicts, for readable assertions."""

from __future__ import annotations

from typing import Any

import psycopg2.extras


def fetch(conn, query: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names and rows (as dicts) of `query`; the transaction is closed afterwards."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(query)
        columns = [d.name for d in cur.description]
        rows = [dict(r) for r in cur.fetchall()]
    conn.rollback()
    return columns, rows
