"""`python -m bench` (`make bench`): every stage's throughput and peak memory next to a baseline
measured in the same run, as one table.

    python -m bench [--quick] [--record] [--only crawl clean_extract dedup load]

  crawl          Scrapy spider + raw archive on local demo sites
                 vs the same requests replayed by plain HTTP clients (the servers' own ceiling)
  clean+extract  clean_page → extract_events on ≥ 100 KB pages vs trafilatura.extract on the same pages
  dedup          cluster_reports on N and 10·N synthetic reports vs linear scaling from N
  load           load_events (set-based SQL, staged events → core) vs a row-by-row loader doing the same work;
                 then every mart view and analysis query on the loaded warehouse vs the same with index paths off

Each stage runs in its own subprocess, so its peak RSS (ru_maxrss) is its own. --quick uses
smaller sizes (dedup 10k/100k instead of 100k/1M, load 100k instead of 100k and 1M events, fewer
crawled articles and pages) so the whole run takes a few minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
STAGES = ("crawl", "clean_extract", "dedup", "load")
SIZES = {
    False: {"crawl_articles": 1000, "pages": 150, "dedup": (100_000, 1_000_000), "load": (100_000, 1_000_000),
            "baseline_rows": 5000},
    True: {"crawl_articles": 300, "pages": 100, "dedup": (10_000, 100_000), "load": (100_000,),
           "baseline_rows": 2000},
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(stage: str, arg: int, quick: bool) -> dict[str, Any]:
    """Measure one stage in this process (called in a subprocess by `measure`)."""
    sizes = SIZES[quick]
    if stage == "crawl":
        from bench.crawl_bench import run

        return run(["shaam", "enab_baladi"], sizes["crawl_articles"])
    if stage == "clean_extract":
        from bench.clean_bench import clean_extract

        return clean_extract(sizes["pages"]) | {"peak_rss_mb": _rss_mb()}
    if stage == "dedup":
        from bench.dedup_bench import run_one

        return run_one(arg, seed=1, per_day=150)
    if stage == "load":
        from bench.load_bench import run

        return {"sizes": run(list(sizes["load"]), sizes["baseline_rows"])}
    raise ValueError(f"unknown stage {stage!r}")


def measure(stage: str, quick: bool, arg: int = 0) -> dict[str, Any]:
    """Run `child(stage, arg)` in a fresh interpreter; its JSON result plus the wall time."""
    started = time.monotonic()
    cmd = [sys.executable, "-m", "bench", "--child", stage, "--arg", str(arg)] + (["--quick"] if quick else [])
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"bench stage {stage} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["stage_wall_s"] = time.monotonic() - started
    return result


def rows(results: dict[str, Any]) -> list[tuple[str, ...]]:
    """Table rows: stage, workload, ours, peak RSS, baseline name, baseline, ratio."""
    table = []
    if "crawl" in results:
        r = results["crawl"]
        pages = sum(r["responses"].values())
        table.append(("crawl", f"{len(r['outlets'])} outlets, {pages:,} responses", f"{r['pages_per_s']:.0f} pages/s",
                      f"{r['spider_peak_rss_mb']:.0f} MB (spider)", "servers' ceiling (plain HTTP replay)",
                      f"{r['ceiling_pages_per_s']:.0f} pages/s",
                      f"{r['pages_per_s'] / r['ceiling_pages_per_s']:.2f}"))
    if "clean_extract" in results:
        r = results["clean_extract"]
        table.append(("clean+extract", f"{r['pages']} pages, mean {r['mean_kb']:.0f} KB",
                      f"{r['articles_per_s']:.1f} articles/s",
                      f"{r['peak_rss_mb']:.0f} MB ({r['peak_heap_mb']:.1f} MB heap/page)", "trafilatura.extract",
                      f"{r['trafilatura_per_s']:.1f} pages/s ({r['trafilatura_peak_heap_mb']:.1f} MB heap/page)",
                      f"{r['ratio']:.2f}"))
    if "dedup" in results:
        small, big = results["dedup"]
        for r in (small, big):
            table.append(("dedup", f"{r['n']:,} reports → {r['events']:,} events",
                          f"{r['n'] / r['seconds']:,.0f} reports/s "
                          f"({r['seconds']:.1f} s, CPU {r['cpu_seconds']:.1f} s)",
                          f"{r['peak_rss_mb']:.0f} MB", "-", "-", "-"))
        linear = small["cpu_seconds"] * big["n"] / small["n"]
        table.append(("dedup scaling", f"{small['n']:,} → {big['n']:,} reports",
                      f"CPU {big['cpu_seconds']:.1f} s", "-", f"linear from {small['n']:,}",
                      f"CPU {linear:.1f} s", f"{big['cpu_seconds'] / linear:.2f}"))
    if "load" in results:
        for r in results["load"]["sizes"]:
            rows_per_s = (r["events_per_s"] + r["reports_per_s"])
            table.append(("load", f"{r['events']:,} events + {2 * r['events']:,} reports"
                                  f"{' (bulk)' if r['bulk'] else ''}",
                          f"{r['events_per_s']:,.0f} events/s ({rows_per_s:,.0f} rows/s)",
                          f"{r['peak_rss_mb']:.0f} MB", "row-by-row loader, same work",
                          f"{r['baseline_per_s']:,.0f} events/s", f"{r['events_per_s'] / r['baseline_per_s']:.1f}"))
            table.append(("stage events", f"dedup's COPY of {r['events']:,} canonical events",
                          f"{r['staging_events_per_s']:,.0f} events/s", "-", "-", "-", "-"))
            ours, without = (sum(t[i] for t in r["queries"].values()) for i in (0, 1))
            slowest = max(r["queries"], key=lambda name: r["queries"][name][0])
            table.append(("queries", f"{len(r['queries'])} mart views and analysis queries on {r['events']:,} events",
                          f"{ours:.1f} s in all (slowest {slowest}: {r['queries'][slowest][0]:.1f} s)", "-",
                          "same queries, index paths off", f"{without:.1f} s", f"{without / ours:.2f}"))
    return table


def query_table(results: dict[str, Any]) -> str:
    """Markdown: seconds of each analyst query per load size, as planned and with index paths off."""
    sizes = results.get("load", {}).get("sizes", [])
    if not sizes:
        return ""
    header = ["query"] + [f"{r['events']:,} events: {kind}" for r in sizes for kind in ("s", "s, no index paths")]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for name in sizes[0]["queries"]:
        cells = [f"{r['queries'][name][i]:.2f}" for r in sizes for i in (0, 1)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


HEADER = ("stage", "workload", "ours", "peak RSS", "baseline", "baseline speed", "ratio ours/baseline")


def markdown(table: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in table])


def plain(table: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(row[i])) for row in [HEADER, *table]) for i in range(len(HEADER))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in [HEADER, *table])


def machine() -> str:
    return (f"{platform.node()}, {platform.machine()}, {os.cpu_count()} CPUs, "
            f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes in all)")
    parser.add_argument("--record", action="store_true", help=f"append the table to bench/{RESULTS.name}")
    parser.add_argument("--only", nargs="+", choices=STAGES, default=list(STAGES))
    parser.add_argument("--child", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--arg", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.arg, args.quick), default=str))
        return 0

    started, load_before = time.monotonic(), os.getloadavg()[0]
    results: dict[str, Any] = {}
    for stage in args.only:
        print(f"… {stage}", file=sys.stderr, flush=True)
        if stage == "dedup":
            results["dedup"] = [measure("dedup", args.quick, n) for n in SIZES[args.quick]["dedup"]]
        else:
            results[stage] = measure(stage, args.quick)
    table = rows(results)
    minutes = (time.monotonic() - started) / 60
    print(plain(table))
    if details := query_table(results):
        print(f"\nAnalyst queries, seconds on the server:\n{details}")
    print(f"\n{machine()}; {minutes:.1f} min; 1-min load average {load_before:.1f} → {os.getloadavg()[0]:.1f}")
    if args.record:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(f"\n## python -m bench{' --quick' if args.quick else ''} — "
                      f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n\n"
                      f"Machine: {machine()}. Whole run {minutes:.1f} min; 1-min load average "
                      f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (shared machine).\n\n"
                      f"{markdown(table)}\n\n{query_table(results)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
