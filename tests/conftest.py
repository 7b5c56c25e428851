"""Shared fixtures: a real PostgreSQL started by the suite, one fresh database per test.

The server is the project's own embedded PostgreSQL in a temporary directory (or the server
at SYRIA_EVENTS_TEST_DATABASE_URL). A migrated template database is built once per session;
each test gets a copy, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest

from etl.config import Settings
from etl.postgres import EmbeddedPostgres
from etl.warehouse import connect, migrate
from tests.databases import database_url as _admin_url
from tests.databases import fresh_database

TEMPLATE = "syria_events_template"


@contextmanager
def _private_dir(label: str):
    """A directory outside pytest's basetemp, which pytest prunes when other sessions run:
    a server's data directory must not vanish under it."""
    path = Path(tempfile.mkdtemp(prefix=f"syria-events-{label}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> str:
    """URL of the server's maintenance database (postgres)."""
    external = os.environ.get("SYRIA_EVENTS_TEST_DATABASE_URL")
    if external:
        yield _admin_url(external, "postgres")
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with _private_dir(f"pg-{worker}") as root:
        server = EmbeddedPostgres(root / "pg")
        server.ensure_running()
        yield server.url("postgres")
        server.stop()


@pytest.fixture
def server_dir() -> Path:
    """A private directory for a test's own PostgreSQL server."""
    with _private_dir("own-pg") as root:
        yield root


@pytest.fixture(scope="session")
def template_db(pg_server: str) -> str:
    admin = psycopg2.connect(pg_server)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
        cur.execute(f'CREATE DATABASE "{TEMPLATE}"')
    admin.close()
    conn = psycopg2.connect(_admin_url(pg_server, TEMPLATE))
    migrate(conn, Settings().sql_dir)
    conn.close()
    return TEMPLATE


@pytest.fixture
def settings(pg_server: str, template_db: str, tmp_path: Path) -> Settings:
    """Settings pointing at a fresh, migrated database of its own."""
    with fresh_database(pg_server, template_db, tmp_path / ".data") as fresh:
        yield fresh


@pytest.fixture
def conn(settings: Settings):
    connection = connect(settings)
    yield connection
    connection.close()
