"""Crash safety of the loader: SIGKILL `load_events` in the middle of a batch, run it again.

Synthetic deduplicated events (bench.load_bench.stage: N staged events × 2 reports) are loaded in
small batches by a child process. The parent watches pg_stat_activity and kills the child (SIGKILL,
no cleanup) while its backend holds an open transaction that has already written (backend_xid set),
i.e. inside a batch. Twice. Then the load runs to the end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from bench.load_bench import stage
from etl.config import PROJECT_ROOT
from etl.load.events import load_events
from tests.databases import dump, rows, scalar

EVENTS = 3000
BATCH = 25
APP = "reliability-crash-load"
CHILD = f"""
import sys, psycopg2
from etl.load.events import load_events
conn = psycopg2.connect(sys.argv[1], application_name={APP!r})
load_events(conn, batch_size={BATCH})
"""


def _child_backend(conn) -> tuple | None:
    """(pid, state, wrote) of the child's server backend, if connected."""
    found = rows(conn, "SELECT pid, state, backend_xid IS NOT NULL FROM pg_stat_activity "
                       "WHERE application_name = %s", (APP,))
    return found[0] if found else None


def _kill_mid_batch(url: str, conn, min_committed: int) -> int:
    """Start the loader, SIGKILL it inside a batch once `min_committed` events are visible; return the count."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, url], cwd=PROJECT_ROOT,
                             env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            assert child.poll() is None, "the load finished before it could be killed: make it bigger"
            backend = _child_backend(conn)
            committed = scalar(conn, "SELECT count(*) FROM core.fact_event")
            if backend and backend[2] and committed >= min_committed:
                os.kill(child.pid, signal.SIGKILL)
                child.wait(10)
                return committed
            time.sleep(0.002)
        raise AssertionError("never caught the loader inside a batch")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)


def _wait_backend_gone(conn) -> None:
    # The server notices the dead client and rolls its transaction back; wait for it to let go.
    deadline = time.monotonic() + 30
    while _child_backend(conn) is not None:
        assert time.monotonic() < deadline, "the killed loader's backend never went away"
        time.sleep(0.05)


def _assert_whole_batches(conn) -> int:
    """Only whole, committed batches are visible: each event with both its reports, in load order."""
    facts = scalar(conn, "SELECT count(*) FROM core.fact_event")
    reports = scalar(conn, "SELECT count(*) FROM core.event_report")
    assert reports == 2 * facts
    assert scalar(conn, "SELECT count(*) FROM core.fact_event f WHERE source_count <> 2 OR "
                        "(SELECT count(*) FROM core.event_report r WHERE r.event_uid = f.event_uid) <> 2") == 0
    assert scalar(conn, "SELECT count(*) FROM core.event_report r LEFT JOIN core.fact_event f "
                        "USING (event_uid) WHERE f.event_uid IS NULL") == 0
    # Events load in staging order (stage() stages them in event_uid order), BATCH per transaction:
    # the visible ones are a prefix of whole batches.
    assert facts % BATCH == 0, f"{facts} events visible: a partial batch of {facts % BATCH}"
    uids = [r[0] for r in rows(conn, "SELECT event_uid FROM core.fact_event ORDER BY 1")]
    assert uids == [f"u{i:08d}" for i in range(facts)]
    return facts


def test_sigkill_inside_a_batch_leaves_whole_batches_and_the_rerun_completes(settings, conn):
    stage(conn, EVENTS)
    url = settings.database_url

    first = _kill_mid_batch(url, conn, min_committed=BATCH * 4)
    # Checked at once (the server may not have noticed the dead client yet) and after its rollback.
    after_first = _assert_whole_batches(conn)
    assert first <= after_first < EVENTS
    _wait_backend_gone(conn)
    assert _assert_whole_batches(conn) == after_first  # the killed batch was rolled back, not committed

    # The second run resumes from what is committed (touched events only) and is killed too.
    second = _kill_mid_batch(url, conn, min_committed=after_first + BATCH * 4)
    _assert_whole_batches(conn)
    _wait_backend_gone(conn)
    after_second = _assert_whole_batches(conn)
    assert after_second >= second > after_first

    stats = load_events(conn, batch_size=BATCH)
    assert stats.events_upserted == EVENTS - after_second  # exactly the events not yet committed
    assert _assert_whole_batches(conn) == EVENTS  # nothing lost
    assert scalar(conn, "SELECT count(DISTINCT (article_id, report_index)) FROM core.event_report") == 2 * EVENTS
    assert load_events(conn, batch_size=BATCH).events_upserted == 0  # nothing left half-done

    # The values are those of an uninterrupted load: reload everything from scratch and compare.
    keep = ("event_seq", "created_at", "updated_at")
    crashed = (dump(conn, "core.fact_event", keep), dump(conn, "core.event_report"))
    with conn.cursor() as cur:
        cur.execute("TRUNCATE core.event_report, core.fact_event")
        cur.execute("UPDATE staging.load_watermark SET loaded_through = 0")  # load everything again
    conn.commit()
    load_events(conn, batch_size=500)
    assert (dump(conn, "core.fact_event", keep), dump(conn, "core.event_report")) == crashed

