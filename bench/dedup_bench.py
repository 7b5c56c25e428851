"""Event dedup benchmark: seeded synthetic report corpora with planted duplicates and look-alikes.

    python -m bench.dedup_bench --sizes 100000 1000000 [--seed 1] [--per-day 400] [--append]

Each size N is N event reports (about one per article) spread over N / per-day days, so the
daily volume stays realistic and doubling N doubles the time span. Incidents are told by 1-10
outlets with their own wording, place precision, date slips (±1-2 days) and count
disagreements; 30% of incidents get a look-alike twin (same type and governorate: the same day
in another town, or the same town a day or two later) that must stay a separate event.

Each size runs in a fresh subprocess so its peak RSS (ru_maxrss) is its own; it covers
generation and clustering. Reported: clustering time, peak RSS, pairwise merge precision and
recall, share of multi-report incidents kept whole, look-alike pairs wrongly merged, and the
scaling ratio CPU time(N) / CPU time(N/2) for the largest size (N/2 is run too). Wall and CPU
time are both reported: on a shared machine wall time also counts other jobs.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from math import comb
from pathlib import Path

from etl.dedup import cluster_reports
from etl.extract.places import load_gazetteer, place_by_pcode
from etl.models import Count, EventReport, Evidence, Place

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START = date(2019, 1, 1)
OUTLETS = ("sana", "enabbaladi", "syriatv", "sohr", "npa", "zamanalwsl", "halabtoday", "alwatan",
           "hawar", "shaam")

# (event_type, sub_event_type, family templates key); shares are the draw weights.
TYPES = (
    ("Battles", "Armed clash", "violence", 0.25),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "violence", 0.15),
    ("Violence against civilians", "Attack", "violence", 0.15),
    ("Strategic developments", "Arrests", "arrests", 0.3),
    ("Protests", "Peaceful protest", "protest", 0.15),
)
TEMPLATES = {
    "violence": (
        "قتل {n} أشخاص في هجوم مسلح استهدف {where} {when} {detail}",
        "أفادت مصادر محلية بمقتل {n} عناصر إثر اشتباكات عنيفة في {where} {detail}",
        "سقوط {n} قتلى جراء قصف استهدف {where} {when}",
        "{where} تشهد هجوما داميا {when} أوقع {n} ضحايا {detail}",
    ),
    "arrests": (
        "اعتقلت {actor} {n} أشخاص خلال حملة مداهمات في {where} {when} {detail}",
        "حملة أمنية في {where} تسفر عن توقيف {n} مطلوبين {detail}",
        "ألقت {actor} القبض على {n} متهمين في {where} {when}",
    ),
    "protest": (
        "خرج {n} متظاهرين في {where} {when} للمطالبة بتحسين الخدمات {detail}",
        "وقفة احتجاجية في {where} شارك فيها {n} من الأهالي {detail}",
    ),
}
WHEN = ("صباح اليوم", "مساء أمس", "فجر اليوم", "ظهر اليوم", "")
DETAILS = ("قرب المدرسة الابتدائية", "عند الحاجز الشرقي", "في السوق الشعبي", "على الطريق الدولي",
           "قرب دوار المدينة", "في الحي الغربي", "بالقرب من المشفى الوطني", "عند مدخل البلدة الشمالي",
           "قرب محطة الوقود", "في الساحة العامة", "قرب الجامع الكبير", "على أطراف المدينة")
ACTORS = ("قوات الأمن العام", "الأمن الداخلي", "دورية أمنية", "قوى الأمن")


@dataclass
class Corpus:
    reports: list[EventReport]
    incident: list[int]  # true incident id of each report
    twins: list[tuple[int, int]]  # look-alike incident pairs that must stay apart


class _Places:
    """Real gazetteer towns grouped by governorate, with their vaguer ancestors."""

    def __init__(self) -> None:
        gaz = load_gazetteer()
        towns = [place_by_pcode(gaz, e.pcode) for e in gaz.entries.values() if e.level == 4]
        self.by_gov: dict[str, list[Place]] = {}
        for t in towns:
            if t.admin1 and t.country == "Syria":
                self.by_gov.setdefault(t.admin1, []).append(t)
        self.govs = sorted(self.by_gov)
        self.weights = [len(self.by_gov[g]) for g in self.govs]
        self._vague: dict[tuple[str, int], Place] = {}
        self._gaz = gaz

    def vaguer(self, town: Place, level: int) -> Place:
        """The town's governorate (1) or district (2), shared objects."""
        key = (town.pcode, level)
        if key not in self._vague:
            ancestor = self._gaz.ancestor_at(town.pcode, level) or self._gaz.ancestor_at(town.pcode, 1)
            self._vague[key] = place_by_pcode(self._gaz, ancestor.pcode)
        return self._vague[key]


@dataclass
class _Incident:
    uid: int
    kind: int  # index into TYPES
    day: date
    town: Place
    count: int
    detail: str
    actor: str


def generate(n: int, seed: int = 1, per_day: int = 150) -> Corpus:
    """N reports over N / per_day days, with planted clusters and look-alike twins."""
    rng = random.Random(seed)
    places = _Places()
    days = max(1, n // per_day)
    reports: list[EventReport] = []
    incident_of: list[int] = []
    twins: list[tuple[int, int]] = []
    counts: dict[tuple[int, bool], Count] = {}
    next_id = 0
    while len(reports) < n:
        base = _incident(rng, places, next_id, days)
        group = [base]
        if rng.random() < 0.3:
            group.append(_twin(rng, places, base, next_id + 1))
            twins.append((base.uid, base.uid + 1))
        next_id += len(group)
        for inc in group:
            for _ in range(_outlets_telling(rng)):
                if len(reports) >= n:
                    break
                reports.append(_report(rng, places, inc, len(reports), counts))
                incident_of.append(inc.uid)
    return Corpus(reports, incident_of, twins)


def _incident(rng: random.Random, places: _Places, uid: int, days: int) -> _Incident:
    kind = rng.choices(range(len(TYPES)), weights=[t[3] for t in TYPES])[0]
    gov = rng.choices(places.govs, weights=places.weights)[0]
    return _Incident(uid, kind, START + timedelta(days=rng.randrange(days)), rng.choice(places.by_gov[gov]),
                     rng.randint(1, 20), rng.choice(DETAILS), rng.choice(ACTORS))


def _twin(rng: random.Random, places: _Places, base: _Incident, uid: int) -> _Incident:
    """A different incident that looks like `base`: another town that day, or the town days later."""
    towns = [t for t in places.by_gov[base.town.admin1] if t.pcode != base.town.pcode]
    if towns and rng.random() < 0.5:
        return _Incident(uid, base.kind, base.day, rng.choice(towns), rng.randint(1, 20),
                         rng.choice(DETAILS), base.actor)
    return _Incident(uid, base.kind, base.day + timedelta(days=rng.choice((1, 2))), base.town,
                     rng.randint(1, 20), rng.choice(DETAILS), base.actor)


def _outlets_telling(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5, 7, 10), weights=(45, 20, 15, 8, 6, 4, 2))[0]


def _report(rng: random.Random, places: _Places, inc: _Incident, i: int,
            counts: dict[tuple[int, bool], Count]) -> EventReport:
    event_type, sub, family, _ = TYPES[inc.kind]
    r = rng.random()
    place = inc.town if r < 0.75 else places.vaguer(inc.town, 2 if r < 0.85 else 1)
    day = inc.day + timedelta(days=rng.choices((0, 1, -1, 2), weights=(80, 9, 7, 4))[0])
    precision = rng.choices((1, 2, 3), weights=(92, 6, 2))[0]
    value = inc.count + rng.choices((0, 1, -1, 2), weights=(75, 10, 10, 5))[0]
    count = None if rng.random() < 0.15 or value < 1 else counts.setdefault((value, False), Count(value))
    where = place.name_ar if place is inc.town or place.name_ar.startswith("ريف") else "ريف " + place.name_ar
    detail = inc.detail if rng.random() < 0.5 else ""
    sentence = rng.choice(TEMPLATES[family]).format(
        n=value if count else "عدد من", where=where, when=rng.choice(WHEN), detail=detail, actor=inc.actor)
    outlet = rng.choice(OUTLETS)
    published = datetime.combine(inc.day, datetime.min.time(), UTC) + timedelta(minutes=rng.randrange(360, 2400))
    return EventReport(
        article_url=f"https://{outlet}.example/{i}", outlet=outlet, event_type=event_type, sub_event_type=sub,
        disorder_type="Political violence", event_date=day, time_precision=precision, place=place,
        actor1=inc.actor if rng.random() < 0.7 else None,
        fatalities=count if family == "violence" else None,
        arrested=count if family == "arrests" else None,
        evidence=[Evidence(sentence.strip(), 0, len(sentence))], confidence=round(rng.uniform(0.4, 0.9), 2),
        published=published,
    )


def score(incident: list[int], predicted: list[int], twins: list[tuple[int, int]]) -> dict[str, float]:
    """Pairwise merge precision/recall, incidents kept whole, look-alike pairs merged."""
    cells = Counter(zip(predicted, incident, strict=True))
    together = sum(comb(c, 2) for c in cells.values())
    predicted_pairs = sum(comb(c, 2) for c in Counter(predicted).values())
    true_pairs = sum(comb(c, 2) for c in Counter(incident).values())
    sizes = Counter(incident)
    clusters_of: dict[int, set[int]] = {}
    for p, t in zip(predicted, incident, strict=True):
        clusters_of.setdefault(t, set()).add(p)
    multi = [t for t, s in sizes.items() if s > 1]
    twin_merged = sum(1 for a, b in twins if clusters_of.get(a, set()) & clusters_of.get(b, set()))
    return {
        "precision": together / predicted_pairs if predicted_pairs else 1.0,
        "recall": together / true_pairs if true_pairs else 1.0,
        "kept_whole": sum(len(clusters_of[t]) == 1 for t in multi) / len(multi) if multi else 1.0,
        "twins_merged": twin_merged / len(twins) if twins else 0.0,
    }


def run_one(n: int, seed: int, per_day: int) -> dict:
    """Generate, cluster and score one corpus in this process."""
    started = time.perf_counter()
    corpus = generate(n, seed, per_day)
    generated = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    events = cluster_reports(corpus.reports)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    position = {id(r): i for i, r in enumerate(corpus.reports)}
    predicted = [0] * n
    for k, event in enumerate(events):
        for r in event.reports:
            predicted[position[id(r)]] = k
    result = {"n": n, "seconds": seconds, "cpu_seconds": cpu, "generate_seconds": generated, "events": len(events),
              "incidents": len(set(corpus.incident)),
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    result.update(score(corpus.incident, predicted, corpus.twins))
    return result


def _in_subprocess(n: int, seed: int, per_day: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.dedup_bench", "--one", str(n), "--seed", str(seed),
                          "--per-day", str(per_day)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _format(results: list[dict], ratio: tuple[int, int, float] | None, seed: int, per_day: int) -> str:
    lines = [
        f"\n## Event dedup (`python -m bench.dedup_bench`) — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {platform.node()}, {platform.machine()}, {_cores()} cores, Python {platform.python_version()}. "
        f"Seed {seed}, {per_day} reports/day; time = `cluster_reports` only, RSS includes generation.",
        "",
        "| reports | incidents | events | wall (s) | CPU (s) | peak RSS (MB) | precision | recall "
        "| incidents kept whole | look-alike pairs merged |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['n']:,} | {r['incidents']:,} | {r['events']:,} | {r['seconds']:.1f} | "
                     f"{r['cpu_seconds']:.1f} | "
                     f"{r['peak_rss_mb']:.0f} | {r['precision']:.4f} | {r['recall']:.4f} | "
                     f"{r['kept_whole']:.4f} | {r['twins_merged']:.4f} |")
    if ratio:
        lines += ["", f"Scaling: CPU time({ratio[1]:,}) / CPU time({ratio[0]:,}) = {ratio[2]:.2f} "
                  "(CPU time: the machine is shared, wall time includes other jobs)"]
    return "\n".join(lines) + "\n"


def _cores() -> int:
    import os

    return os.cpu_count() or 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-day", type=int, default=150)
    parser.add_argument("--no-ratio", action="store_true", help="skip the extra run at half the largest size")
    parser.add_argument("--append", action="store_true", help=f"append the results to {RESULTS.name}")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one size, JSON out
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.per_day)))
        return 0
    sizes = sorted(set(args.sizes) | (set() if args.no_ratio else {max(args.sizes) // 2}))
    results = []
    for n in sizes:
        results.append(_in_subprocess(n, args.seed, args.per_day))
        r = results[-1]
        print(f"{n:>9,} reports: {r['seconds']:7.1f} s (CPU {r['cpu_seconds']:.1f} s)  {r['peak_rss_mb']:6.0f} MB  "
              f"P {r['precision']:.4f}  R {r['recall']:.4f}  whole {r['kept_whole']:.4f}  "
              f"twins merged {r['twins_merged']:.4f}", flush=True)
    ratio = None
    if not args.no_ratio and len(results) > 1:
        big = results[-1]
        half = next(r for r in results if r["n"] == big["n"] // 2)
        ratio = (half["n"], big["n"], big["cpu_seconds"] / half["cpu_seconds"])
        print(f"scaling CPU time({big['n']:,}) / CPU time({half['n']:,}) = {ratio[2]:.2f}")
    text = _format(results, ratio, args.seed, args.per_day)
    if args.append:
        if not RESULTS.exists():
            RESULTS.write_text("# Benchmark results\n", encoding="utf-8")
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
