"""Every secondary index on core's two big tables serves an access path of a shipped query.

Each index is rebuilt by a bulk load and updated by every batch (migration 013), so an index
that no mart view or analysis query reads only slows loading. With sequential scans priced out,
the planner shows which indexes each query can look rows up by (an index condition) or read
instead of the table (an index-only scan).
"""

from __future__ import annotations

from etl.sqlfiles import analyst_queries

BIG_TABLES = ("core.fact_event", "core.event_report")


def access_paths(node: dict) -> set[str]:
    """Indexes a plan looks rows up by or reads instead of the table."""
    found = set()
    if "Index Name" in node and ("Index Cond" in node or node["Node Type"] == "Index Only Scan"):
        found.add(node["Index Name"])
    for child in node.get("Plans", []):
        found |= access_paths(child)
    return found


def secondary_indexes(conn) -> set[str]:
    with conn.cursor() as cur:
        cur.execute("""SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                       WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisunique""", (list(BIG_TABLES),))
        return {row[0] for row in cur.fetchall()}


def test_every_secondary_index_is_an_access_path_of_a_shipped_query(warehouse):
    used: dict[str, list[str]] = {}
    with warehouse.cursor() as cur:
        cur.execute("SET enable_seqscan = off")
        for name, query in analyst_queries().items():
            cur.execute(f"EXPLAIN (FORMAT JSON) {query}")
            for index in access_paths(cur.fetchone()[0][0]["Plan"]):
                used.setdefault(index, []).append(name)
    warehouse.rollback()
    indexes = secondary_indexes(warehouse)
    assert indexes, "core has no secondary indexes to check"
    unused = sorted(indexes - used.keys())
    assert not unused, f"indexes no shipped query reads: {unused}"
