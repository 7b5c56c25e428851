"""`syria-events`: the command line. It parses arguments and prints; the work is in etl/ and scrapers/."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from etl.config import Settings


def _datetime(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date or datetime: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date: {value!r}") from exc


def _progress(label: str, total: int | None) -> Callable[[int], None]:
    """A tqdm bar on stderr (silent when stderr is not a terminal)."""
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit="item", leave=False, disable=not sys.stderr.isatty())
    return bar.update


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="syria-events",
        description="Syrian Arabic news → deduplicated ACLED-style incidents in PostgreSQL. "
        "Uses DATABASE_URL when set, otherwise a private PostgreSQL under ./.data.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="live crawl of the outlets for a window, then clean → extract → dedup → load")
    run.add_argument("--since", type=_datetime, help="window start, ISO (default: 24 h before --until)")
    run.add_argument("--until", type=_datetime, help="window end, ISO (default: now)")
    run.add_argument("--outlet", action="append", dest="outlets", metavar="NAME", help="only this outlet (repeatable)")
    run.add_argument("--refresh", action="store_true", help="re-fetch URLs already archived")

    sub.add_parser("demo", help="the whole pipeline offline, on the bundled snapshot served on 127.0.0.1")

    ingest = sub.add_parser("ingest", help="articles from a JSON Lines file → clean → extract → dedup → load")
    ingest.add_argument("file", type=Path, metavar="FILE.jsonl")

    export = sub.add_parser("export", help="write the deduplicated events")
    export.add_argument("--format", choices=["acled-csv", "jsonl"], default="acled-csv")
    export.add_argument("--since", type=_date, help="first event_date (inclusive)")
    export.add_argument("--until", type=_date, help="last event_date (inclusive)")
    export.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")

    sub.add_parser("status", help="what is in the warehouse, per outlet and per day, and the last runs")

    evaluate = sub.add_parser("evaluate", help="score extraction and dedup on an annotated corpus")
    evaluate.add_argument("corpus", type=Path, metavar="CORPUS_DIR", nargs="?",
                          help="a corpus in the format of the dev corpus (articles.jsonl, events.jsonl)")
    evaluate.add_argument("--demo", action="store_true", help="score on the bundled demo snapshot's gold incidents")

    dedup = sub.add_parser("dedup", help="assign pending reports to events")
    dedup.add_argument("--rebuild", action="store_true", help="re-cluster every report from scratch")

    reprocess = sub.add_parser("reprocess", help="re-run clean → extract → dedup → load from archived raw pages")
    reprocess.add_argument("--outlet", action="append", dest="outlets", metavar="NAME")

    db = sub.add_parser("db", help="the embedded PostgreSQL: start, stop, or print its URL")
    db.add_argument("action", choices=["start", "stop", "url"])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    import psycopg2

    from etl.warehouse import WarehouseUnavailable

    try:
        return COMMANDS[args.command](args, settings)
    except WarehouseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
        # The warehouse went away mid-run: committed batches stay, the rest is re-done next run.
        print(f"error: lost the warehouse connection: {str(exc).strip()}; "
              "committed work is kept, re-run the command to finish", file=sys.stderr)
        return 2
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from etl.jobs import default_window, run_window
    from etl.report import print_run

    since, until = default_window(args.until)
    summary = run_window(settings, args.since or since, until, args.outlets, refresh=args.refresh,
                         progress=_progress)
    print_run(summary)
    return 0 if summary.status != "failed" else 1


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from etl.jobs import run_demo
    from etl.report import print_run, print_status

    summary = run_demo(settings, progress=_progress)
    print_run(summary)
    print_status(settings)
    return 0 if summary.status == "ok" else 1


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from etl.jobs import run_ingest
    from etl.report import print_run

    if not args.file.exists():
        raise FileNotFoundError(f"no such file: {args.file}")
    summary = run_ingest(settings, args.file, progress=_progress)
    print_run(summary)
    return 0 if summary.status != "failed" else 1


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from etl.export import export_events
    from etl.warehouse import connect

    with connect(settings) as conn:
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = export_events(conn, args.format, out, args.since, args.until)
            print(f"wrote {count} events to {args.output}", file=sys.stderr)
        else:
            export_events(conn, args.format, sys.stdout, args.since, args.until)
    return 0


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from etl.report import print_status

    print_status(settings)
    return 0


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    import tempfile

    from etl.demo.snapshot import load_snapshot, write_corpus
    from etl.evaluate import evaluate_corpus, format_report

    if args.demo:
        with tempfile.TemporaryDirectory() as tmp:
            result = evaluate_corpus(write_corpus(load_snapshot(), Path(tmp)))
    elif args.corpus is None or not args.corpus.is_dir():
        raise FileNotFoundError(f"no such corpus directory: {args.corpus} (or pass --demo)")
    else:
        result = evaluate_corpus(args.corpus)
    print(format_report(result))
    return 0


def cmd_dedup(args: argparse.Namespace, settings: Settings) -> int:
    from etl import dedup
    from etl.load.events import load_events
    from etl.warehouse import connect

    with connect(settings) as conn:
        result = dedup.rebuild(conn) if args.rebuild else dedup.dedup_pending(conn)
        loaded = load_events(conn, bulk_min=settings.bulk_load_min)
    print(f"reports: {result.reports}  new events: {result.new_events}  "
          f"merged into existing: {result.merged_into_existing}  events loaded: {loaded.events_upserted}")
    return 0


def cmd_reprocess(args: argparse.Namespace, settings: Settings) -> int:
    from etl.jobs import run_reprocess
    from etl.report import print_run

    print_run(run_reprocess(settings, args.outlets, progress=_progress))
    return 0


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from etl.postgres import EmbeddedPostgres

    server = EmbeddedPostgres(settings.data_dir / "pg")
    if args.action == "stop":
        server.stop()
        print("embedded PostgreSQL stopped")
    else:
        print(server.ensure_running())
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "run": cmd_run, "demo": cmd_demo, "ingest": cmd_ingest, "export": cmd_export, "status": cmd_status,
    "evaluate": cmd_evaluate, "dedup": cmd_dedup, "reprocess": cmd_reprocess, "db": cmd_db,
}

if __name__ == "__main__":
    sys.exit(main())
