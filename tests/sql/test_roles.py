"""Access roles: an analyst login reads core and marts only and writes nothing; an etl login
writes the pipeline's schemas. Login users are cluster-wide, so each test makes its own and
drops it afterwards."""

from __future__ import annotations

import re
import uuid
from contextlib import closing

import psycopg2
import psycopg2.errors
import pytest

from etl.config import Settings
from etl.roles import create_login, create_logins_from_env
from etl.warehouse import migrate
from tests.sql.helpers import fetch

PASSWORD = "not-a-real-secret"


@pytest.fixture
def login_factory(warehouse, settings, pg_server):
    """Create logins in a group role and connect as them; drop them at teardown."""
    users: list[str] = []
    connections: list = []

    def make(role: str):
        user = f"test_{role}_{uuid.uuid4().hex[:8]}"
        create_login(warehouse, role, user, PASSWORD)
        users.append(user)
        connection = psycopg2.connect(settings.database_url, user=user, password=PASSWORD)
        connections.append(connection)
        return connection

    yield make
    for connection in connections:
        connection.close()
    with closing(psycopg2.connect(pg_server)) as admin:
        admin.autocommit = True
        with admin.cursor() as cur:
            for user in users:
                cur.execute(f'DROP ROLE IF EXISTS "{user}"')


def relations(conn, schemas: tuple[str, ...], kinds: str = "rv") -> list[str]:
    in_schemas = ", ".join(f"'{s}'" for s in schemas)
    in_kinds = ", ".join(f"'{k}'" for k in kinds)
    _, rows = fetch(conn, f"""SELECT n.nspname || '.' || c.relname AS name
                              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE n.nspname IN ({in_schemas}) AND c.relkind IN ({in_kinds}) ORDER BY 1""")
    return [r["name"] for r in rows]


def fails(conn, statement: str) -> bool:
    """True when `statement` is refused for lack of privilege; the transaction is rolled back."""
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
    except psycopg2.errors.InsufficientPrivilege:
        return True
    finally:
        conn.rollback()
    return False


def test_analyst_reads_every_core_table_and_mart(warehouse, login_factory):
    analyst = login_factory("analyst")
    readable = relations(warehouse, ("core", "marts"))
    assert "marts.pipeline_freshness" in readable and "core.fact_event" in readable
    for name in readable:
        with analyst.cursor() as cur:
            cur.execute(f"SELECT * FROM {name} LIMIT 1")
        analyst.rollback()
    # pipeline_freshness summarises raw and ops, which the analyst cannot read directly.
    _, rows = fetch(analyst, "SELECT outlet, last_crawl_status FROM marts.pipeline_freshness WHERE outlet = 'syria_tv'")
    assert rows == [{"outlet": "syria_tv", "last_crawl_status": "failed"}]
    _, rows = fetch(analyst, "SELECT count(*) AS n FROM marts.events_acled")
    assert rows == [{"n": 10}]


def test_analyst_cannot_read_raw_staging_or_ops(warehouse, login_factory):
    analyst = login_factory("analyst")
    hidden = relations(warehouse, ("raw", "staging", "ops"))
    assert {"raw.page", "raw.crawl_run", "staging.article", "ops.pipeline_run"} <= set(hidden)
    assert [name for name in hidden if not fails(analyst, f"SELECT * FROM {name} LIMIT 1")] == []


def test_analyst_cannot_write_anything(warehouse, login_factory):
    analyst = login_factory("analyst")
    tables = relations(warehouse, ("raw", "staging", "core", "ops"), "r")
    for name in tables:
        assert fails(analyst, f"DELETE FROM {name}"), name
        assert fails(analyst, f"INSERT INTO {name} DEFAULT VALUES"), name
    assert fails(analyst, "UPDATE core.fact_event SET fatalities = 0")
    assert fails(analyst, "TRUNCATE core.event_report")
    # Views are not updatable anyway; the privilege catalogue says no write right exists at all.
    _, rows = fetch(analyst, """
        SELECT n.nspname || '.' || c.relname AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('raw', 'staging', 'core', 'marts', 'ops') AND c.relkind IN ('r', 'v', 'p', 'm')
          AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')""")
    assert rows == []
    for schema in ("raw", "staging", "core", "marts", "ops", "public"):
        assert fails(analyst, f"CREATE TABLE {schema}.scratch (x int)"), schema
        assert fails(analyst, f"CREATE VIEW {schema}.scratch AS SELECT 1 AS x"), schema
    assert fails(analyst, "DROP VIEW marts.outlet_coverage")
    assert fails(analyst, "ALTER TABLE core.dim_place ADD COLUMN x int")
    assert fails(analyst, "CREATE SCHEMA scratch")


def test_analyst_keeps_access_to_recreated_views(warehouse, settings, login_factory):
    analyst = login_factory("analyst")
    with warehouse.cursor() as cur:
        cur.execute("DELETE FROM ops.view_signature")  # forces migrate() to drop and re-create the marts
    warehouse.commit()
    migrate(warehouse, settings.sql_dir)
    _, rows = fetch(analyst, "SELECT count(*) AS n FROM marts.source_agreement")
    assert rows == [{"n": 3}]


def test_etl_writes_the_pipeline_schemas(warehouse, login_factory):
    etl = login_factory("etl")
    with etl.cursor() as cur:
        cur.execute("INSERT INTO raw.crawl_run (outlet) VALUES ('sana') RETURNING crawl_run_id")
        assert cur.fetchone()[0] > 0
        cur.execute("INSERT INTO ops.pipeline_run (kind) VALUES ('run')")
        cur.execute("UPDATE staging.article SET extracted_at = now() WHERE article_id = 1")
        cur.execute("DELETE FROM core.event_report WHERE event_uid = 'ev-e10'")
        cur.execute("SELECT count(*) FROM marts.outlet_coverage")
    etl.commit()
    assert fails(etl, "DROP TABLE core.fact_event")
    assert fails(etl, "CREATE TABLE marts.scratch (x int)")


def test_roles_migration_is_idempotent_where_roles_exist(warehouse, settings):
    migration = next((settings.sql_dir / "migrations").glob("*_roles.sql"))
    with warehouse.cursor() as cur:
        cur.execute(migration.read_text(encoding="utf-8"))
        cur.execute(migration.read_text(encoding="utf-8"))
        cur.execute("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('analyst', 'etl') ORDER BY 1")
        assert cur.fetchall() == [("analyst", False), ("etl", False)]
    warehouse.rollback()


def test_create_login_creates_then_rotates_and_hashes_client_side(warehouse, settings, pg_server):
    user = f"test_rotate_{uuid.uuid4().hex[:8]}"
    try:
        assert create_login(warehouse, "analyst", user, "first") is True
        assert create_login(warehouse, "analyst", user, "second") is False
        _, rows = fetch(warehouse, f"SELECT rolpassword FROM pg_authid WHERE rolname = '{user}'")
        assert rows[0]["rolpassword"].startswith("SCRAM-SHA-256$")
        _, rows = fetch(warehouse, f"""SELECT count(*) AS n FROM pg_auth_members m
                                       JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                                       WHERE g.rolname = 'analyst' AND u.rolname = '{user}'""")
        assert rows == [{"n": 1}]
    finally:
        with closing(psycopg2.connect(pg_server)) as admin:
            admin.autocommit = True
            admin.cursor().execute(f'DROP ROLE IF EXISTS "{user}"')


def test_create_login_rejects_bad_input(warehouse):
    with pytest.raises(ValueError, match="unknown role"):
        create_login(warehouse, "postgres", "someone", "pw")
    with pytest.raises(ValueError, match="empty password"):
        create_login(warehouse, "analyst", "someone", "")
    with pytest.raises(ValueError, match="group role"):
        create_login(warehouse, "analyst", "etl", "pw")


def test_create_logins_from_env(warehouse, pg_server):
    suffix = uuid.uuid4().hex[:8]
    env = {"SYRIA_EVENTS_ANALYST_PASSWORD": "a", "SYRIA_EVENTS_ANALYST_USER": f"test_env_analyst_{suffix}",
           "SYRIA_EVENTS_ETL_PASSWORD": ""}
    try:
        assert create_logins_from_env(warehouse, env) == [f"test_env_analyst_{suffix}"]
        assert create_logins_from_env(warehouse, {}) == []
    finally:
        with closing(psycopg2.connect(pg_server)) as admin:
            admin.autocommit = True
            admin.cursor().execute(f'DROP ROLE IF EXISTS "test_env_analyst_{suffix}"')


def test_no_password_in_the_repository():
    sql_dir = Settings().sql_dir
    for path in sql_dir.rglob("*.sql"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"PASSWORD\s+('|E'|\$)", text, re.IGNORECASE), path


def test_etl_login_connects_through_the_normal_path_once_migrated(warehouse, settings, login_factory):
    """Up-to-date schema → connect() does no DDL, so a login without CREATE rights can use it."""
    from dataclasses import replace

    from etl.warehouse import connect

    etl_conn = login_factory("etl")
    user = etl_conn.get_dsn_parameters()["user"]
    url = settings.database_url.replace("postgres@", f"{user}:{PASSWORD}@")
    with closing(connect(replace(settings, database_url=url))) as conn, conn.cursor() as cur:
        cur.execute("SELECT current_user, count(*) FROM core.fact_event")
        assert cur.fetchone()[0] == user
