"""Load benchmark: `load_events` (COPY + set-based upsert) vs row-by-row INSERT, same rows, same run.

    python -m bench.load_bench --sizes 100000 1000000

Synthetic events (seeded) with two reports each are staged as extracted, deduplicated candidates;
then the loader turns them into core.fact_event + core.event_report. The baseline inserts the same
fact rows one INSERT at a time into an identical table (on a sample, extrapolated to rows/s).
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
from etl.load.events import FACT_COLUMNS, REPORT_COLUMNS, _fact_row, _report_row, load_events
from etl.models import Count, EventReport, Evidence, Place, report_from_json, report_to_json
from etl.postgres import EmbeddedPostgres
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


def stage(conn, n_events: int, seed: int = 7) -> None:
    """Put n_events × 2 deduplicated candidates in staging (COPY; not timed)."""
    rng = random.Random(seed)
    articles, candidates = io.StringIO(), io.StringIO()
    article_id = 0
    for event in range(n_events):
        for source in range(2):
            article_id += 1
            report = synthetic_report(rng, event, source)
            articles.write(f"{article_id}\t{report.article_url}\t{report.outlet}\tt\tbody\tar\th{article_id}\n")
            payload = json.dumps(report_to_json(report), ensure_ascii=False).replace("\\", "\\\\")
            candidates.write(f"{article_id}\t0\t{payload}\tu{event:08d}\n")
    with conn.cursor() as cur:
        articles.seek(0)
        cur.copy_expert("COPY staging.article (article_id, url, outlet, title, body, language, content_hash) "
                        "FROM STDIN", articles)
        candidates.seek(0)
        cur.copy_expert("COPY staging.event_candidate (article_id, report_index, report, event_uid) FROM STDIN",
                        candidates)
    conn.commit()


def row_by_row_rate(conn, n_events: int) -> float:
    """Events/s of the naive loader doing the same work: per event, read its staged reports,
    build the canonical event, then one INSERT for the fact row and one per report row."""
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_fact, bench_report")
        cur.execute("CREATE TABLE bench_fact (LIKE core.fact_event INCLUDING DEFAULTS)")
        cur.execute("CREATE TABLE bench_report (LIKE core.event_report)")
        cur.execute("SELECT DISTINCT event_uid FROM staging.event_candidate ORDER BY 1 LIMIT %s", (n_events,))
        uids = [row[0] for row in cur.fetchall()]
    conn.commit()
    fact_sql = (f"INSERT INTO bench_fact ({', '.join(FACT_COLUMNS)}) "
                f"VALUES ({', '.join(['%s'] * len(FACT_COLUMNS))})")
    report_sql = (f"INSERT INTO bench_report ({', '.join(REPORT_COLUMNS)}) "
                  f"VALUES ({', '.join(['%s'] * len(REPORT_COLUMNS))})")
    started = time.perf_counter()
    with conn.cursor() as cur:
        for uid in uids:
            cur.execute("SELECT article_id, report FROM staging.event_candidate WHERE event_uid = %s", (uid,))
            reports = [(article_id, report_from_json(payload)) for article_id, payload in cur.fetchall()]
            event = canonical_event(uid, [r for _, r in reports])
            cur.execute(fact_sql, _fact_row(event, reports))
            for article_id, report in reports:
                cur.execute(report_sql, _report_row(uid, article_id, report))
    conn.commit()
    return len(uids) / (time.perf_counter() - started)


def run(sizes: list[int], baseline_rows: int) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg")
        url = server.ensure_running()
        try:
            for size in sizes:
                conn = psycopg2.connect(url)
                migrate(conn, Settings().sql_dir)
                with conn.cursor() as cur:
                    cur.execute("TRUNCATE core.event_report, core.fact_event, staging.event_candidate, "
                                "staging.article CASCADE")
                conn.commit()
                stage(conn, size)
                started = time.perf_counter()
                stats = load_events(conn, batch_size=5000)
                seconds = time.perf_counter() - started
                baseline = row_by_row_rate(conn, min(baseline_rows, size))
                results.append({"events": size, "seconds": seconds, "events_per_s": stats.events_upserted / seconds,
                                "reports_per_s": stats.reports_loaded / seconds, "baseline_per_s": baseline,
                                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
                conn.close()
        finally:
            server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--baseline-rows", type=int, default=5_000, help="events the row-by-row baseline loads")
    args = parser.parse_args()
    print(f"{'events':>9} {'seconds':>8} {'events/s':>9} {'reports/s':>10} {'row-by-row/s':>13} {'ratio':>6} "
          f"{'peak MB':>8}")
    for r in run(args.sizes, args.baseline_rows):
        print(f"{r['events']:>9} {r['seconds']:>8.1f} {r['events_per_s']:>9.0f} {r['reports_per_s']:>10.0f} "
              f"{r['baseline_per_s']:>13.0f} {r['events_per_s'] / r['baseline_per_s']:>6.1f} {r['peak_rss_mb']:>8.0f}")


if __name__ == "__main__":
    main()
