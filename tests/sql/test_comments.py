"""The data dictionary: every table, view and column of the warehouse carries a comment."""

from __future__ import annotations

from tests.sql.helpers import fetch

SCHEMAS = ("raw", "staging", "core", "marts", "ops")


def test_every_relation_has_a_comment(conn):
    _, rows = fetch(conn, f"""
        SELECT n.nspname || '.' || c.relname AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN {SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''
        ORDER BY 1""")
    assert [r["name"] for r in rows] == []


def test_every_column_has_a_comment(conn):
    _, rows = fetch(conn, f"""
        SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name AS name
        FROM information_schema.columns c
        JOIN pg_namespace n ON n.nspname = c.table_schema
        JOIN pg_class k ON k.relnamespace = n.oid AND k.relname = c.table_name
        LEFT JOIN pg_description d
               ON d.objoid = k.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = c.ordinal_position
        WHERE c.table_schema IN {SCHEMAS} AND coalesce(d.description, '') = ''
        ORDER BY 1""")
    assert [r["name"] for r in rows] == []


def test_tables_and_views_state_their_grain(conn):
    _, rows = fetch(conn, f"""
        SELECT n.nspname || '.' || c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN {SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm')""")
    assert rows
    assert [r["name"] for r in rows if "grain" not in (r["comment"] or "").lower()] == []


def test_every_core_index_says_which_questions_it_serves(conn):
    _, rows = fetch(conn, """
        SELECT i.relname AS name
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relnamespace = 'core'::regnamespace AND NOT x.indisunique
          AND coalesce(obj_description(i.oid, 'pg_class'), '') = ''""")
    assert [r["name"] for r in rows] == []
