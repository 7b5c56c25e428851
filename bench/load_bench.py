"""Load benchmark: `load_events` (set-based SQL) vs a row-by-row loader, same rows, same run.

    python -m bench.load_bench --sizes 100000 1000000

Synthetic events (seeded) with two reports each are staged as dedup leaves them: candidates
with their event_uid, and each event's canonical row in staging.event (written by dedup's own
`stage_events`, timed and reported apart as the staging write). Then `load_events` moves them
into core.fact_event + core.event_report. The baseline does the same work one row at a time:
per event, read its staged row and insert it, read its report rows and insert each, move the
watermark; into tables with the same indexes and keys as core (on a sample, as events/s).

On the loaded warehouse, every analyst query (each mart view and sql/analysis query) is then
timed on the server, as planned and with index paths off: what core's indexes buy at that size.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg2

from etl.config import Settings
from etl.dedup import canonical_event
from etl.dedup.staged_events import EVENT_COLUMNS, stage_events
from etl.load.events import load_events
from etl.models import Count, EventReport, Evidence, Place, report_to_json
from etl.postgres import EmbeddedPostgres
from etl.sqlfiles import analyst_queries
from etl.warehouse import migrate

GOVERNORATES = ["Idlib", "Aleppo", "Homs", "Dar'a", "Deir-ez-Zor", "Al-Hasakeh", "Hama", "Lattakia"]
TYPES = [("Battles", "Armed clash"), ("Strategic developments", "Arrests"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")]


def synthetic_report(rng: random.Random, event: int, source: int) -> EventReport:
    event_type, sub = TYPES[event % len(TYPES)]
    sentence = f"قتل {event % 7} عناصر في هجوم على حاجز رقم {event}"
    return EventReport(
        article_url=f"https://outlet{source}.example/{event}", outlet=f"outlet{source}", event_type=event_type,
        sub_event_type=sub, disorder_type="Political violence",
        event_date=date(2025, 1, 1) + timedelta(days=event % 365), time_precision=1,
        place=Place(name_ar="سراقب", name_en="Saraqib", pcode="SY070003", level=3,
                    admin1=GOVERNORATES[event % len(GOVERNORATES)], latitude=35.86, longitude=36.8, geo_precision=1),
        actor1="Unidentified armed group", actor2="Police Forces of Syria (2024-)", inter1=3, inter2=1,
        interaction=13, fatalities=Count(event % 7 + rng.randint(0, 1)),
        evidence=[Evidence(sentence, 0, len(sentence))], confidence=0.8,
        published=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=event % 365),
    )


def stage(conn, n_events: int, seed: int = 7, chunk: int = 50_000, settle: bool = True) -> float:
    """Stage n_events deduplicated events × 2 candidates, as dedup leaves them; return the
    seconds `stage_events` took (the staging write dedup does; the rest is set-up).

    Events are generated and written `chunk` at a time, so the benchmark process stays small
    and leaves the machine's memory to the server's cache, as the pipeline does. `settle`
    vacuums and checkpoints what was written."""
    rng = random.Random(seed)
    seconds = 0.0
    with conn.cursor() as cur:
        for first in range(0, n_events, chunk):
            seconds += _stage_chunk(cur, rng, range(first, min(first + chunk, n_events)))
    conn.commit()
    if settle:
        _settle(conn)
    return seconds


def _settle(conn) -> None:
    # Settle the set-up before anything is timed, as `pgbench -i` does: vacuum what it wrote
    # (else autovacuum does it during the load, on the same two cores) and checkpoint its
    # gigabytes of WAL. The load right after staging, unsettled, is measured apart (RESULTS.md).
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) staging.article, staging.event_candidate, staging.event")
        cur.execute("CHECKPOINT")
    conn.autocommit = False


def _stage_chunk(cur, rng: random.Random, event_numbers: range) -> float:
    articles, candidates = io.StringIO(), io.StringIO()
    events = []
    for event in event_numbers:
        reports = []
        for source in range(2):
            article_id = 2 * event + source + 1
            report = synthetic_report(rng, event, source)
            reports.append(report)
            articles.write(f"{article_id}\t{report.article_url}\t{report.outlet}\tt\tbody\tar\th{article_id}\n")
            payload = json.dumps(report_to_json(report), ensure_ascii=False).replace("\\", "\\\\")
            candidates.write(f"{article_id}\t0\t{payload}\tu{event:08d}\n")
        events.append(canonical_event(f"u{event:08d}", reports))
    articles.seek(0)
    cur.copy_expert("COPY staging.article (article_id, url, outlet, title, body, language, content_hash) "
                    "FROM STDIN", articles)
    candidates.seek(0)
    cur.copy_expert("COPY staging.event_candidate (article_id, report_index, report, event_uid) FROM STDIN",
                    candidates)
    started = time.perf_counter()
    stage_events(cur, events)
    return time.perf_counter() - started


def row_by_row_rate(conn, n_events: int) -> float:
    """Events/s of the naive loader doing the same work, into tables shaped like core's."""
    report_columns = _columns(conn, "staging.event_report_row")
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_report, bench_fact")
        cur.execute("CREATE TABLE bench_fact (LIKE core.fact_event INCLUDING ALL)")
        cur.execute("CREATE TABLE bench_report (LIKE core.event_report INCLUDING ALL, "
                    "FOREIGN KEY (event_uid) REFERENCES bench_fact, "
                    "FOREIGN KEY (article_id) REFERENCES staging.article)")
        cur.execute("UPDATE staging.load_watermark SET loaded_through = 0")
        # Statistics, so its per-event lookups go through the indexes whatever autovacuum has done.
        cur.execute("ANALYZE staging.event, staging.event_candidate")
        cur.execute("SELECT event_uid FROM staging.event ORDER BY 1 LIMIT %s", (n_events,))
        uids = [row[0] for row in cur.fetchall()]
    conn.commit()
    fact_sql = (f"INSERT INTO bench_fact ({', '.join(EVENT_COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})")
    report_sql = (f"INSERT INTO bench_report ({', '.join(report_columns)}) "
                  f"VALUES ({', '.join(['%s'] * len(report_columns))})")
    started = time.perf_counter()
    with conn.cursor() as cur:
        for uid in uids:
            cur.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM staging.event WHERE event_uid = %s", (uid,))
            cur.execute(fact_sql, cur.fetchone())
            cur.execute(f"SELECT {', '.join(report_columns)} FROM staging.event_report_row WHERE event_uid = %s",
                        (uid,))
            for report in cur.fetchall():
                cur.execute(report_sql, report)
            cur.execute("UPDATE staging.load_watermark SET loaded_through = greatest(loaded_through, "
                        "(SELECT stage_seq FROM staging.event WHERE event_uid = %s))", (uid,))
    conn.commit()
    return len(uids) / (time.perf_counter() - started)


def query_times(conn) -> dict[str, tuple[float, float]]:
    """Server-side seconds of each analyst query (etl.sqlfiles.analyst_queries) on the loaded
    warehouse, as planned and with index paths off (the baseline): (with, without)."""
    conn.autocommit = True
    with conn.cursor() as cur:
        # What autovacuum does after a load: statistics, and the visibility map index-only scans need.
        cur.execute("VACUUM ANALYZE core.fact_event, core.event_report")
        times = {}
        for name, query in analyst_queries().items():
            cur.execute("RESET ALL")
            with_indexes = _execution_seconds(cur, query)
            cur.execute("SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off")
            times[name] = (with_indexes, _execution_seconds(cur, query))
        cur.execute("RESET ALL")
    conn.autocommit = False
    return times


def _execution_seconds(cur, query: str) -> float:
    """Run `query` to its last row on the server (no rows sent) and return its execution time."""
    cur.execute(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {query}")
    return cur.fetchone()[0][0]["Execution Time"] / 1000


def _columns(conn, relation: str) -> list[str]:
    with conn.cursor() as cur:
        cur.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                    "AND NOT attisdropped ORDER BY attnum", (relation,))
        return [row[0] for row in cur.fetchall()]


def run(sizes: list[int], baseline_rows: int, settle: bool = True) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg")
        url = server.ensure_running()
        try:
            for size in sizes:
                conn = psycopg2.connect(url)
                migrate(conn, Settings().sql_dir)
                with conn.cursor() as cur:
                    cur.execute("DROP TABLE IF EXISTS bench_report, bench_fact")
                    cur.execute("TRUNCATE core.event_report, core.fact_event, staging.event, "
                                "staging.event_candidate, staging.article CASCADE")
                conn.commit()
                staging_seconds = stage(conn, size, settle=settle)
                started = time.perf_counter()
                stats = load_events(conn)
                seconds = time.perf_counter() - started
                queries = query_times(conn)
                baseline = row_by_row_rate(conn, min(baseline_rows, size))
                results.append({"events": size, "seconds": seconds, "events_per_s": stats.events_upserted / seconds,
                                "reports_per_s": stats.reports_loaded / seconds, "bulk": stats.bulk,
                                "staging_events_per_s": size / staging_seconds, "baseline_per_s": baseline,
                                "queries": queries,
                                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
                conn.close()
        finally:
            server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--baseline-rows", type=int, default=5_000, help="events the row-by-row baseline loads")
    parser.add_argument("--unsettled", action="store_true",
                        help="load right after staging, without vacuuming or checkpointing the set-up first")
    args = parser.parse_args()
    print(f"{'events':>9} {'seconds':>8} {'events/s':>9} {'reports/s':>10} {'row-by-row ev/s':>16} {'ratio':>6} "
          f"{'staging write ev/s':>19} {'peak MB':>8}")
    for r in run(args.sizes, args.baseline_rows, settle=not args.unsettled):
        print(f"{r['events']:>9} {r['seconds']:>8.1f} {r['events_per_s']:>9.0f} {r['reports_per_s']:>10.0f} "
              f"{r['baseline_per_s']:>16.0f} {r['events_per_s'] / r['baseline_per_s']:>6.1f} "
              f"{r['staging_events_per_s']:>19.0f} {r['peak_rss_mb']:>8.0f}")


if __name__ == "__main__":
    main()
