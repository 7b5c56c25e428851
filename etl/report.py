"""Human-readable summaries printed by the CLI (and logged by the DAG)."""

from __future__ import annotations

from collections.abc import Sequence

from etl.config import Settings
from etl.sqlfiles import read_query


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run_lines(summary) -> list[str]:
    """What a job did, outlet by outlet and stage by stage."""
    lines = [f"{summary.kind} run #{summary.run_id}: {summary.status}"]
    if summary.crawls:
        rows = [(c.outlet, c.status, c.counts.get("listed", 0), c.counts.get("new", 0),
                 c.counts.get("stored", 0), c.error or "") for c in summary.crawls]
        lines.append(format_table(["outlet", "crawl", "listed", "new", "stored", "error"], rows))
    for stage in summary.stages:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(stage.counts.items()))
        lines.append(f"{stage.stage:8} {counts} ({stage.seconds:.1f}s)")
    for error in summary.errors:
        lines.append(f"line {error.line}: {error.message}")
    return lines


def print_run(summary) -> None:
    print("\n".join(run_lines(summary)))


def status_lines(settings: Settings) -> list[str]:
    """The warehouse summary: totals, per outlet, per day, last runs."""
    from etl.warehouse import connect

    lines = []
    with connect(settings) as conn, conn.cursor() as cur:
        for title, query in [("Warehouse", "status_totals"), ("Per outlet", "status_outlets"),
                             ("Per day", "status_days"), ("Latest events", "status_recent_events"),
                             ("Last runs", "status_runs")]:
            cur.execute(read_query(query))
            headers = [d.name for d in cur.description]
            lines += ["", title, format_table(headers, cur.fetchall())]
    return lines


def print_status(settings: Settings) -> None:
    print("\n".join(status_lines(settings)))
