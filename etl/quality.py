"""Data-quality checks run after every load: they fail the nightly run loudly instead of letting
bad data reach an export.

Each check is one commented SQL file, sql/queries/quality_<name>.sql, returning one row per
problem (no rows = passed). `run_checks` runs them all for a window and returns one
`CheckResult` each; `raise_on_failures` turns failures into a `DataQualityError` whose message
lists every failed check. docs/operations.md explains what each alert means and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import psycopg2.extensions

from etl.sqlfiles import read_query

Connection = psycopg2.extensions.connection

# Shown in alerts, in this order; the key is the SQL file's suffix.
CHECKS: tuple[tuple[str, str], ...] = (
    ("silent_outlets", "outlet that usually publishes returned zero articles"),
    ("yield_collapse", "extraction yield collapsed"),
    ("impossible_events", "events with impossible values"),
    ("duplicate_event_uid", "duplicate event_uid in marts.events_acled"),
)
# How many offending rows an alert message quotes; the rest are counted.
MAX_ROWS_IN_MESSAGE = 10


@dataclass(frozen=True)
class Thresholds:
    """Tuning of the checks (docs/operations.md explains each)."""

    trailing_days: int = 14
    # silent_outlets: history needed before an outlet's silence is an alert.
    min_active_days: int = 3
    # yield_collapse: alert below ratio x the trailing yield, given enough articles on both sides.
    yield_ratio: float = 0.3
    min_articles: int = 10
    min_trailing_articles: int = 30


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one check: its name, and one line per problem found (empty = passed)."""

    name: str
    description: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: the check, how many problems, and the first few of them."""
        shown = "; ".join(self.problems[:MAX_ROWS_IN_MESSAGE])
        more = len(self.problems) - MAX_ROWS_IN_MESSAGE
        suffix = f"; ... and {more} more" if more > 0 else ""
        return f"{self.name} ({self.description}): {len(self.problems)} problem(s): {shown}{suffix}"


class DataQualityError(RuntimeError):
    """One or more data-quality checks failed; the message lists each of them."""

    def __init__(self, failed: list[CheckResult]) -> None:
        self.failed = failed
        lines = "\n".join(f"  - {check.summary()}" for check in failed)
        super().__init__(f"{len(failed)} data-quality check(s) failed:\n{lines}")


def _rows(conn: Connection, name: str, params: dict | None = None) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(read_query(f"quality_{name}"), params)
        return cur.fetchall()


def _silent_outlets(conn: Connection, since: datetime, until: datetime, outlets: list[str],
                    thresholds: Thresholds) -> list[str]:
    rows = _rows(conn, "silent_outlets", {
        "since": since, "until": until, "outlets": list(outlets),
        "trailing_days": thresholds.trailing_days, "min_active_days": thresholds.min_active_days,
    })
    return [
        f"{outlet}: 0 articles in the window, but {articles} articles on {days} of the "
        f"previous {thresholds.trailing_days} days"
        for outlet, days, articles in rows
    ]


def _yield_collapse(conn: Connection, since: datetime, until: datetime, thresholds: Thresholds) -> list[str]:
    rows = _rows(conn, "yield_collapse", {
        "since": since, "until": until, "trailing_days": thresholds.trailing_days,
        "ratio": thresholds.yield_ratio, "min_articles": thresholds.min_articles,
        "min_trailing_articles": thresholds.min_trailing_articles,
    })
    return [
        f"{reports} events from {articles} articles ({cur_yield} per article) vs {hist_yield} per article "
        f"over the previous {thresholds.trailing_days} days ({hist_articles} articles)"
        for articles, reports, cur_yield, hist_articles, hist_yield in rows
    ]


def _impossible_events(conn: Connection) -> list[str]:
    return [f"{uid}: {problem}" for uid, problem in _rows(conn, "impossible_events")]


def _duplicate_event_uid(conn: Connection) -> list[str]:
    return [f"{uid}: {copies} rows" for uid, copies in _rows(conn, "duplicate_event_uid")]


def run_checks(conn: Connection, since: datetime, until: datetime, usually_publishing: Iterable[str],
               thresholds: Thresholds | None = None) -> list[CheckResult]:
    """Run every check for the window [since, until); read-only, so safe to repeat.

    `usually_publishing` are the outlet keys whose silence is an alert (catalogue entries with
    usually_publishes = true). Returns one result per check, in CHECKS order.
    """
    thresholds = thresholds or Thresholds()
    outlets = sorted(usually_publishing)
    found = {
        "silent_outlets": _silent_outlets(conn, since, until, outlets, thresholds),
        "yield_collapse": _yield_collapse(conn, since, until, thresholds),
        "impossible_events": _impossible_events(conn),
        "duplicate_event_uid": _duplicate_event_uid(conn),
    }
    conn.rollback()  # end the read-only transaction: callers may hold the connection for a while
    return [CheckResult(name, description, found[name]) for name, description in CHECKS]


def raise_on_failures(results: Iterable[CheckResult]) -> None:
    """Raise DataQualityError listing every failed check; return quietly when all passed."""
    failed = [r for r in results if not r.passed]
    if failed:
        raise DataQualityError(failed)
