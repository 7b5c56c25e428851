from etl.warehouse import migrate, migration_files


def test_migrations_are_recorded_and_idempotent(conn, settings):
    with conn.cursor() as cur:
        cur.execute("SELECT version, name FROM ops.schema_migration ORDER BY version")
        rows = cur.fetchall()
    assert [r[0] for r in rows] == [int(p.name[:3]) for p in migration_files(settings.sql_dir)]
    assert migrate(conn, settings.sql_dir) == []


def test_every_layer_exists(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT schema_name FROM information_schema.schemata")
        schemas = {r[0] for r in cur.fetchall()}
        cur.execute("SELECT count(*) FROM marts.events_acled")
        assert cur.fetchone()[0] == 0
    assert {"raw", "staging", "core", "marts", "ops"} <= schemas


def test_embedded_server_survives_restart(server_dir):
    from etl.postgres import EmbeddedPostgres

    server = EmbeddedPostgres(server_dir / "pg")
    url = server.ensure_running()
    server.stop()
    assert not server.is_running()
    assert server.ensure_running() == url
    server.stop()


def test_connect_retries_until_the_warehouse_is_back(server_dir):
    """A brief outage (restart, failover) is ridden out by the connection retries."""
    import threading
    from dataclasses import replace

    from etl.config import Settings
    from etl.postgres import EmbeddedPostgres
    from etl.warehouse import connect

    server = EmbeddedPostgres(server_dir / "pg")
    url = server.ensure_running()
    server.stop()
    restart = threading.Timer(0.3, server.ensure_running)
    restart.start()
    try:
        conn = connect(replace(Settings.from_env({}), database_url=url, db_retries=4), migrate_schema=False)
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
            assert cur.fetchone() == (1,)
        conn.close()
    finally:
        restart.join()
        server.stop()
