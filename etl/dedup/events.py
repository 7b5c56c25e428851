"""Event dedup: cluster EventReports into Events, incrementally, deterministically, in memory.

Reports are taken in processing order (published time, url, report_index). Each report is
compared only with reports in its block — same event-type family, same governorate (admin1) —
whose dates fall inside the window (±2 days for day precision, wider for week/month precision),
found by binary search in per-block date-sorted lists: there is no all-pairs comparison.

A report joins the best-scoring existing or new event when the score reaches the threshold and
no veto applies; otherwise it founds a new event. Vetoes (never merged, whatever the score):
- another report of the same article (same url, different report_index) is in the event;
- a place in the event conflicts with the report's place (two different towns, districts…);
- one is an aggregate tally and the other a single incident.
The score is a weighted sum of place agreement, date closeness, same sub-event type, evidence
similarity, actors and compatible counts; unless both reports name the same town on the same
day, a merge also needs corroboration (similar evidence sentences or an equal count). Every
number is in data/thresholds.toml.

Stability: events are never merged with each other or split, so an event_uid — derived from the
report that founded the event — never changes once assigned. Given the same reports arriving
in processing order, clustering them night by night (passing earlier events as `existing`)
gives the same events and uids as clustering everything at once.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from etl.dedup.canonical import canonical_event, report_order
from etl.dedup.config import EventThresholds, load_thresholds
from etl.dedup.geo import PlaceChain, agreement_function, chains_conflict, place_chain
from etl.dedup.text import char_sketch, sketch_similarity
from etl.models import Count, Event, EventReport, Place

BlockKey = tuple[str, str | None]


def event_uid_for(report: EventReport, salt: int = 0) -> str:
    """Deterministic id of the event founded by `report`: sha1 of url, report_index and date."""
    day = report.event_date.isoformat() if report.event_date else ""
    key = f"{report.article_url}\x1f{report.report_index}\x1f{day}"
    if salt:
        key += f"\x1f{salt}"  # only when the plain key is taken (a re-extracted article version)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class _Item:
    """A report with the features matching reads, computed once."""

    report: EventReport
    block: BlockKey | None  # None: no date at all, so the report is never compared
    day: int  # ordinal of event_date (or of the publication day when undated)
    precision: int
    chain: PlaceChain
    actors: frozenset[str]
    counts: tuple[Count | None, Count | None, Count | None]
    sketch: bytes
    cluster: int = -1


@dataclass(slots=True)
class _Cluster:
    cid: int  # position in _Clusterer.clusters: founding order
    uid: str
    items: list[_Item]
    existing: Event | None  # the event as loaded, while no new report joined it
    urls: dict[str, int] = field(default_factory=dict)  # url -> its report_index in the event
    chains: set[PlaceChain] = field(default_factory=set)
    aggregate: bool = False

    def add(self, item: _Item) -> None:
        self.items.append(item)
        self.urls.setdefault(item.report.article_url, item.report.report_index)
        self.chains.add(item.chain)


class _BlockIndex:
    """Per block and time precision, report dates kept sorted for window queries."""

    def __init__(self) -> None:
        self._lists: dict[BlockKey, tuple[list[list[int]], list[list[_Item]]]] = {}

    def add(self, item: _Item) -> None:
        days, items = self._lists.setdefault(item.block, ([[], [], []], [[], [], []]))
        p = item.precision - 1
        # Reports arrive roughly in date order, so the insertion point is near the end.
        pos = bisect_right(days[p], item.day)
        days[p].insert(pos, item.day)
        items[p].insert(pos, item)

    def window(self, item: _Item, windows: tuple[int, int, int]) -> Iterator[_Item]:
        """Indexed reports in the item's block whose date is within the wider of both windows."""
        lists = self._lists.get(item.block)
        if lists is None:
            return
        own = windows[item.precision - 1]
        for p in range(3):
            w = max(own, windows[p])
            days, items = lists[0][p], lists[1][p]
            lo, hi = bisect_left(days, item.day - w), bisect_right(days, item.day + w)
            yield from items[lo:hi]


class _Clusterer:
    """The mutable state of one clustering run (no state survives the run)."""

    def __init__(self, cfg: EventThresholds, agreement: Callable[[Place | None, Place | None], float]) -> None:
        self.cfg = cfg
        self.windows = tuple(cfg.window(p) for p in (1, 2, 3))
        self.clusters: list[_Cluster] = []
        self.index = _BlockIndex()
        self.uids: set[str] = set()
        self._agreement = agreement
        self._agreement_cache: dict[tuple, float] = {}
        self._sketch_cache: dict[str, bytes] = {}

    # -- features --------------------------------------------------------------------------

    def item(self, report: EventReport) -> _Item:
        place = report.place
        chain = place_chain(place)
        dated = report.event_date or _utc_day(report.published)
        precision = report.time_precision if report.event_date else self.cfg.undated_precision
        block = (self.cfg.family(report.event_type), chain[0]) if dated else None
        actors = frozenset(a.casefold() for a in (report.actor1, report.actor2) if a)
        return _Item(report=report, block=block, day=dated.toordinal() if dated else 0,
                     precision=min(max(precision, 1), 3), chain=chain, actors=actors,
                     counts=(report.fatalities, report.injured, report.arrested),
                     sketch=self._sketch(report))

    def _sketch(self, report: EventReport) -> bytes:
        text = " ".join(e.sentence for e in report.evidence)
        cached = self._sketch_cache.get(text)
        if cached is None:
            cached = char_sketch(text, self.cfg.ngram, self.cfg.sketch_size)
            # Syndicated copies repeat sentences verbatim: folding them once is enough.
            if len(self._sketch_cache) < 100_000:
                self._sketch_cache[text] = cached
        return cached

    def agreement(self, a: Place | None, b: Place | None) -> float:
        if a is None or b is None:
            return 0.0
        key = (a.pcode, a.name_en, a.qualifier, a.level, b.pcode, b.name_en, b.qualifier, b.level)
        score = self._agreement_cache.get(key)
        if score is None:
            score = self._agreement_cache[key] = self._agreement(a, b)
        return score

    # -- building clusters -----------------------------------------------------------------

    def add_existing(self, event: Event) -> None:
        cluster = self._new_cluster(event.event_uid, existing=event)
        for report in sorted(event.reports, key=report_order):
            self._attach(cluster, self.item(report))

    def add_report(self, report: EventReport) -> None:
        item = self.item(report)
        best = self._best_cluster(item) if item.block is not None else None
        if best is None:
            best = self._new_cluster(self._fresh_uid(report))
            best.aggregate = report.aggregate
        else:
            best.existing = None
        self._attach(best, item)

    def _new_cluster(self, uid: str, existing: Event | None = None) -> _Cluster:
        cluster = _Cluster(cid=len(self.clusters), uid=uid, items=[], existing=existing)
        if existing is not None:
            cluster.aggregate = any(r.aggregate for r in existing.reports)
        self.uids.add(uid)
        self.clusters.append(cluster)
        return cluster

    def _fresh_uid(self, report: EventReport) -> str:
        salt, uid = 0, event_uid_for(report)
        while uid in self.uids:
            salt += 1
            uid = event_uid_for(report, salt)
        return uid

    def _attach(self, cluster: _Cluster, item: _Item) -> None:
        item.cluster = cluster.cid
        cluster.add(item)
        if item.block is not None:
            self.index.add(item)

    # -- matching --------------------------------------------------------------------------

    def _best_cluster(self, item: _Item) -> _Cluster | None:
        scores: dict[int, float] = {}
        compared: dict[int, int] = {}
        limit = self.cfg.max_reports_compared
        for other in self.index.window(item, self.windows):
            cid = other.cluster
            if compared.get(cid, 0) >= limit:
                continue
            if cid not in compared and not self._compatible(self.clusters[cid], item):
                compared[cid] = limit  # vetoed: skip its other reports
                scores[cid] = -1.0
                continue
            compared[cid] = compared.get(cid, 0) + 1
            scores[cid] = max(scores.get(cid, 0.0), self.pair_score(item, other))
        best_id, best_score = -1, self.cfg.min_score
        for cid in sorted(scores):  # ties go to the earliest-founded event
            if scores[cid] >= best_score and (best_id < 0 or scores[cid] > scores[best_id]):
                best_id, best_score = cid, scores[cid]
        return self.clusters[best_id] if best_id >= 0 else None

    def _compatible(self, cluster: _Cluster, item: _Item) -> bool:
        report = item.report
        index = cluster.urls.get(report.article_url)
        if index is not None and index != report.report_index:
            return False  # two incidents of one article are never one event
        if cluster.aggregate != report.aggregate:
            return False
        return not any(chains_conflict(item.chain, chain) for chain in cluster.chains)

    def pair_score(self, a: _Item, b: _Item) -> float:
        """Weighted agreement of two reports in one window; 0 when a merge lacks corroboration."""
        cfg = self.cfg
        ra, rb = a.report, b.report
        delta = abs(a.day - b.day)
        if a.precision == 1 and b.precision == 1:
            date = cfg.date_decay[delta] if delta < len(cfg.date_decay) else 0.0
        else:
            date = cfg.date_coarse
        evidence = sketch_similarity(a.sketch, b.sketch, cfg.sketch_size)
        counts, equal_count = _count_agreement(a.counts, b.counts, cfg)
        w = cfg.weights
        score = (w["place"] * self.agreement(ra.place, rb.place) + w["date"] * date
                 + w["sub_event_type"] * (ra.sub_event_type == rb.sub_event_type)
                 + w["evidence"] * evidence + w["actors"] * _actor_agreement(a.actors, b.actors)
                 + w["counts"] * counts)
        same_town_day = (a.chain[3] is not None and a.chain == b.chain and delta == 0
                         and a.precision == 1 and b.precision == 1)
        if same_town_day or evidence >= cfg.corroborating_evidence or equal_count:
            return score
        return 0.0

    # -- output ----------------------------------------------------------------------------

    def events(self) -> list[Event]:
        out = []
        for cluster in self.clusters:
            if cluster.existing is not None:
                out.append(cluster.existing)  # untouched: returned exactly as given
            else:
                out.append(canonical_event(cluster.uid, [i.report for i in cluster.items]))
        return out


def _utc_day(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()  # naive means UTC


def _actor_agreement(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.5  # unknown actors neither support nor contradict a merge
    return len(a & b) / len(a | b)


def _count_agreement(a: tuple, b: tuple, cfg: EventThresholds) -> tuple[float, bool]:
    """(share of comparable counts that are compatible — 0.5 if none, any equal count ≥ floor)."""
    compatible = comparable = 0
    equal = False
    for x, y in zip(a, b, strict=True):
        if x is None or y is None:
            continue
        comparable += 1
        compatible += _counts_compatible(x, y, cfg.count_tolerance)
        equal = equal or (x.value == y.value and x.value >= cfg.corroborating_count)
    return (compatible / comparable if comparable else 0.5), equal


def _counts_compatible(x: Count, y: Count, tolerance: float) -> bool:
    lo, hi = sorted((x, y), key=lambda c: c.value)
    if lo.lower_bound:
        return True  # "more than 3" fits any larger figure
    return hi.value - lo.value <= max(1, tolerance * hi.value)


def cluster_reports(reports: Iterable[EventReport], existing: Iterable[Event] = (),
                    thresholds: EventThresholds | None = None) -> list[Event]:
    """Cluster `reports` into events, attaching them to `existing` events where they match.

    Existing events keep their uid and reports and are never merged with each other; each new
    report joins at most one event. Returns every event, existing ones first (in the given
    order; an existing event no report joined is returned as the very same object), then new
    events in founding order. Reports are processed in `report_order`, whatever order they come in.
    """
    cfg = thresholds or load_thresholds().events
    clusterer = _Clusterer(cfg, agreement_function())
    for event in existing:
        clusterer.add_existing(event)
    for report in sorted(reports, key=report_order):
        clusterer.add_report(report)
    return clusterer.events()
