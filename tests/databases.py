"""Test databases: a fresh copy of the migrated template, dropped afterwards."""

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
