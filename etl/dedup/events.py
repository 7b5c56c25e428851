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
day (rule c: the sub-event type may then differ within one event type), a merge also needs
corroboration: similar evidence sentences, an equal count, or (rule a, dates at most a day
apart) enough support from evidence, counts and actors together; a vaguely placed report joins
by rule (a) only when a single event of its type is close by. A report without event_date
(rule b) joins only a report in the same town with the same event type, published a few days
after it, with shared actors or corroboration. A report with neither event date nor
publication date (rule e) is in no date block: it joins an event only through a (family,
governorate, place) index, when it names a town or subdistrict, exactly one event has a report
of the same sub-event type there, and that report shares actor1 or corroborates it without
contradicting counts. Every number is in data/thresholds.toml.

Stability: events are never merged with each other or split, so an event_uid — derived from the
report that founded the event — never changes once assigned. Given the same reports arriving
in processing order, clustering them night by night (passing earlier events as `existing`)
gives the same events and uids as clustering everything at once.
"""

from __future__ import annotations

import gc
import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import count

from etl.dedup.canonical import canonical_event, report_order
from etl.dedup.config import EventThresholds, load_thresholds
from etl.dedup.geo import PlaceChain, agreement_function, chains_conflict, place_chain
from etl.dedup.text import char_sketch, sketch_set, sketch_similarity
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
    seq: int  # arrival number in this run
    dated: bool = True  # False: no event_date, `day` is the publication day
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
    # Earliest and latest blocking day by time precision: keeps the event's span bounded.
    spans: list[tuple[int, int] | None] = field(default_factory=lambda: [None, None, None])

    def add(self, item: _Item) -> None:
        self.items.append(item)
        self.urls.setdefault(item.report.article_url, item.report.report_index)
        self.chains.add(item.chain)
        if item.block is not None:
            span = self.spans[item.precision - 1]
            self.spans[item.precision - 1] = (min(span[0], item.day), max(span[1], item.day)) if span \
                else (item.day, item.day)


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
        # Rule (e): reports by (family, precise place chain), for reports without any date.
        self.places: dict[tuple[str, PlaceChain], list[_Item]] = {}
        self.uids: set[str] = set()
        self._agreement = agreement
        self._agreement_cache: dict[tuple, float] = {}
        self._sketch_cache: dict[str, bytes] = {}
        self._decoded: dict[int, frozenset[int]] = {}
        self._seq = count()

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
                     sketch=self._sketch(report), seq=next(self._seq), dated=report.event_date is not None)

    def _sketch(self, report: EventReport) -> bytes:
        text = " ".join(e.sentence for e in report.evidence)
        cached = self._sketch_cache.get(text)
        if cached is None:
            cached = char_sketch(text, self.cfg.ngram, self.cfg.sketch_size)
            # Syndicated copies repeat sentences verbatim: folding them once is enough.
            if len(self._sketch_cache) < 20_000:
                self._sketch_cache[text] = cached
        return cached

    def agreement(self, a: Place | None, b: Place | None) -> float:
        """Place agreement, capped by the level of the more specific place (same governorate
        named twice is weak evidence of one incident)."""
        if a is None or b is None:
            return 0.0
        key = (a.pcode, a.name_en, a.qualifier, a.level, b.pcode, b.name_en, b.qualifier, b.level)
        score = self._agreement_cache.get(key)
        if score is None:
            cap = self.cfg.level_cap[min(max(a.level, b.level, 0), len(self.cfg.level_cap) - 1)]
            score = self._agreement_cache[key] = min(self._agreement(a, b), cap)
        return score

    # -- building clusters -----------------------------------------------------------------

    def add_existing(self, event: Event) -> None:
        cluster = self._new_cluster(event.event_uid, existing=event)
        for report in sorted(event.reports, key=report_order):
            self._attach(cluster, self.item(report))

    def add_report(self, report: EventReport) -> None:
        item = self.item(report)
        if item.block is not None:
            best = self._best_cluster(item)
        else:
            best = self._no_date_cluster(item) if report.published is None else None
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
        if _chain_level(item.chain) >= self.cfg.no_date_min_level:
            self.places.setdefault((self.cfg.family(item.report.event_type), item.chain), []).append(item)

    # -- matching --------------------------------------------------------------------------

    def _best_cluster(self, item: _Item) -> _Cluster | None:
        scores: dict[int, float] = {}
        guarded: dict[int, float] = {}  # scores reached through a vague place by rule (a)
        rivals: set[int] = set()  # compatible events with a report of the item's type close by
        compared: dict[int, int] = {}
        cfg = self.cfg
        for other in self.index.window(item, self.windows):
            cid = other.cluster
            if compared.get(cid, 0) >= cfg.max_reports_compared:
                continue
            if cid not in compared and not self._compatible(self.clusters[cid], item):
                compared[cid] = cfg.max_reports_compared  # vetoed: skip its other reports
                scores[cid] = -1.0
                continue
            compared[cid] = compared.get(cid, 0) + 1
            score, vague = self._pair(item, other)
            target = guarded if vague else scores
            target[cid] = max(target.get(cid, 0.0), score)
            if other.report.event_type == item.report.event_type and \
                    abs(other.day - item.day) <= cfg.near_days_coarse:
                rivals.add(cid)
        if len(rivals) <= 1:
            # A vaguely placed report joins by rule (a) only when a single event of its type is
            # close by: with look-alikes in two towns it could be either.
            for cid, score in guarded.items():
                scores[cid] = max(scores.get(cid, 0.0), score)
        best_id, best_score = -1, cfg.min_score
        for cid in sorted(scores):  # ties go to the earliest-founded event
            if scores[cid] >= best_score and (best_id < 0 or scores[cid] > scores[best_id]):
                best_id, best_score = cid, scores[cid]
        return self.clusters[best_id] if best_id >= 0 else None

    def _no_date_cluster(self, item: _Item) -> _Cluster | None:
        """Rule (e): the one event a report without any date can be, or None (see [undated])."""
        cfg, report = self.cfg, item.report
        if _chain_level(item.chain) < cfg.no_date_min_level:
            return None
        # Tallies and incidents never merge, so only events of the report's kind are candidates.
        same = [other for other in self.places.get((cfg.family(report.event_type), item.chain), ())
                if other.report.sub_event_type == report.sub_event_type
                and self.clusters[other.cluster].aggregate == report.aggregate]
        cids = {other.cluster for other in same}
        if len(cids) != 1:
            return None  # no candidate, or look-alikes: it could be either
        cluster = self.clusters[min(cids)]
        index = cluster.urls.get(report.article_url)
        if index is not None and index != report.report_index:
            return None
        if any(chains_conflict(item.chain, chain) for chain in cluster.chains):
            return None
        for other in same:
            _, _, unexplained, vetoing = _count_agreement(item.counts, other.counts, cfg)
            if unexplained or vetoing < 1.0:
                return None  # a contradicting toll: another incident in the same place
        for other in same:
            _, equal_count, _, _ = _count_agreement(item.counts, other.counts, cfg)
            if (report.actor1 and report.actor1 == other.report.actor1) or equal_count or \
                    sketch_similarity(self._sketch_set(item), self._sketch_set(other)) >= cfg.corroborating_evidence:
                return cluster
        return None

    def _compatible(self, cluster: _Cluster, item: _Item) -> bool:
        report = item.report
        index = cluster.urls.get(report.article_url)
        if index is not None and index != report.report_index:
            return False  # two incidents of one article are never one event
        if cluster.aggregate != report.aggregate:
            return False
        if not self._within_span(cluster, item):
            return False
        return not any(chains_conflict(item.chain, chain) for chain in cluster.chains)

    def _within_span(self, cluster: _Cluster, item: _Item) -> bool:
        """Every dated report of the event is within the pair's window of the item: merging by
        single links alone would let a chain of near dates (or one month-precision report) drag
        in an incident weeks away."""
        for p, span in enumerate(cluster.spans):
            if span is not None:
                w = max(self.windows[p], self.windows[item.precision - 1])
                if item.day < span[1] - w or item.day > span[0] + w:
                    return False
        return True

    def pair_score(self, a: _Item, b: _Item) -> float:
        """Weighted agreement of new report `a` with earlier report `b`; 0 when the rules forbid
        the merge (see the module docstring and data/thresholds.toml)."""
        return self._pair(a, b)[0]

    def _pair(self, a: _Item, b: _Item) -> tuple[float, bool]:
        """(pair_score, whether it holds only if no other event could be a's incident)."""
        cfg, w = self.cfg, self.cfg.weights
        ra, rb = a.report, b.report
        delta = abs(a.day - b.day)
        same_day = delta == 0 and a.precision == 1 and b.precision == 1 and a.dated and b.dated
        same_sub = ra.sub_event_type == rb.sub_event_type
        same_type = ra.event_type == rb.event_type
        town = a.chain[3] is not None and a.chain == b.chain
        coarse = a.precision > 1 or b.precision > 1
        # A coarse (week/month) date inside the window does not contradict the other's day;
        # rule (c): on the same town and day the sub-event type may differ within one type.
        same_town_day = town and ((same_sub and (same_day or coarse)) or (
            same_day and same_type and cfg.sub_mismatch_same_town_day))
        undated = not (a.dated and b.dated)
        if undated and not self._undated_compatible(a, b, town, same_type):
            return 0.0, False
        counts, equal_count, unexplained, vetoing = _count_agreement(a.counts, b.counts, cfg)
        if not undated and _country_level(ra.place) and _country_level(rb.place):
            # Rule (d): see [country] in thresholds.toml.
            if unexplained or vetoing < 1.0 or not (same_sub and ra.actor1 and ra.actor1 == rb.actor1
                                                   and a.precision == 1 and b.precision == 1
                                                   and delta <= cfg.country_days):
                return 0.0, False
            evidence = sketch_similarity(self._sketch_set(a), self._sketch_set(b))
            if not (equal_count or evidence >= cfg.country_evidence):
                return 0.0, False
            place = self.agreement(ra.place, rb.place)
            score = (w["place"] * place + w["date"] * _date_score(delta, a.precision, b.precision, cfg)
                     + w["sub_event_type"] + w["actors"] * _actor_agreement(a.actors, b.actors)
                     + w["counts"] * counts + w["evidence"] * evidence)
            return max(score, cfg.min_score), False
        # A toll may rise as later reports come in (a is the later one), but then only for the
        # same town and day; a figure that falls, or differs elsewhere, means another incident.
        if unexplained or (vetoing < 1.0 and not (same_town_day or (undated and town))):
            return 0.0, False
        place = self.agreement(ra.place, rb.place)
        base = (w["place"] * place + w["date"] * _date_score(delta, a.precision, b.precision, cfg)
                + w["sub_event_type"] * same_sub + w["actors"] * _actor_agreement(a.actors, b.actors)
                + w["counts"] * counts)
        if base + w["evidence"] < cfg.min_score:
            return 0.0, False  # even identical evidence could not reach the threshold
        evidence = sketch_similarity(self._sketch_set(a), self._sketch_set(b))
        if undated:
            # Rule (b): shared actors, or corroborating evidence or an equal count.
            corroborated = bool(a.actors & b.actors) or equal_count or evidence >= cfg.corroborating_evidence
            return (base + w["evidence"] * evidence if corroborated else 0.0), False
        specific = place >= cfg.specific_place
        near = delta <= (cfg.near_days_coarse if coarse else cfg.near_days)
        counted = equal_count and (place >= cfg.count_place or (same_day and same_sub))
        # Two days apart at day precision: a look-alike a day or two later in the same town is
        # as likely as a two-day slip, so only near-identical wording corroborates.
        needed = cfg.corroborating_evidence if specific and near else cfg.vague_evidence
        corroborated = same_town_day or (counted and near) or (evidence >= needed and (near or specific))
        guarded = False  # rule (a) on a vague place: see _best_cluster
        if not corroborated and near:
            # Rule (a): near dates, compatible places, supported by evidence, counts or actors.
            support = (evidence + cfg.support_equal_count * equal_count
                       + cfg.support_compatible_count * (vetoing == 1.0 and _any_count(a, b, cfg.count_vetoes))
                       + (cfg.support_actors * _actor_agreement(a.actors, b.actors) if a.actors and b.actors
                          else 0.0))
            if specific:
                corroborated = support >= cfg.near_support
            else:
                # A town and its district need the usual support; a town and its governorate
                # more, and on the same day unless a count is equal.
                district = place >= cfg.count_place
                corroborated = guarded = (support >= cfg.near_support if district else
                                          (delta == 0 or equal_count) and support >= cfg.near_support_vague)
        if not corroborated:
            return 0.0, False
        return base + w["evidence"] * evidence, guarded

    def _undated_compatible(self, a: _Item, b: _Item, town: bool, same_type: bool) -> bool:
        """Rule (b): an undated report and another report can be one incident only in the same
        town, with the same event type, published a few days after the other's date."""
        if not (town and same_type):
            return False
        lo, hi = self.cfg.undated_lag_days
        if a.dated == b.dated:  # both undated: publication days close
            return abs(a.day - b.day) <= hi
        pub, event = (b.day, a.day) if a.dated else (a.day, b.day)
        return lo <= pub - event <= hi

    def _sketch_set(self, item: _Item) -> frozenset[int]:
        decoded = self._decoded.get(item.seq)
        if decoded is None:
            if len(self._decoded) >= 20_000:
                self._decoded.clear()  # bounded memory; decoding again is cheap and pure
            decoded = self._decoded[item.seq] = sketch_set(item.sketch)
        return decoded

    # -- output ----------------------------------------------------------------------------

    def events(self) -> list[Event]:
        out = []
        for cluster in self.clusters:
            if cluster.existing is not None:
                out.append(cluster.existing)  # untouched: returned exactly as given
            else:
                out.append(canonical_event(cluster.uid, [i.report for i in cluster.items]))
        return out


def _chain_level(chain: PlaceChain) -> int:
    """The most precise level a place chain names (0 none, 1 governorate .. 4 town)."""
    for level in (4, 3, 2, 1):
        if chain[level - 1] is not None:
            return level
    return 0


def _country_level(place: Place | None) -> bool:
    """The place is Syria as a whole (no governorate or lower unit named)."""
    return place is not None and place.level == 0 and place.country == "Syria"


def _utc_day(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()  # naive means UTC


def _date_score(delta: int, precision_a: int, precision_b: int, cfg: EventThresholds) -> float:
    if precision_a != 1 or precision_b != 1:
        return cfg.date_coarse  # week/month precision: inside the window is all we know
    return cfg.date_decay[delta] if delta < len(cfg.date_decay) else 0.0


def _actor_agreement(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.5  # unknown actors neither support nor contradict a merge
    return len(a & b) / len(a | b)


def _count_agreement(a: tuple, b: tuple, cfg: EventThresholds) -> tuple[float, bool, bool, float]:
    """Counts of later report `a` vs earlier report `b`: (share of comparable fields that are
    compatible, 1.0 if none; any equal count of at least the corroboration floor; any vetoing
    field where a's figure is incompatible and not a plausible rise of b's toll; the compatible
    share over the vetoing fields only, 1.0 if none)."""
    compatible = comparable = vetoing = vetoing_ok = 0
    equal = unexplained = False
    for x, y, veto in zip(a, b, cfg.count_vetoes, strict=True):
        if x is None or y is None:
            continue
        comparable += 1
        vetoing += veto
        ok = _counts_compatible(x, y, cfg.count_tolerance)
        compatible += ok
        vetoing_ok += ok and veto
        if not ok and veto and not y.value < x.value <= cfg.max_toll_rise * y.value:
            unexplained = True
        equal = equal or (x.value == y.value and x.value >= cfg.corroborating_count)
    return ((compatible / comparable if comparable else 1.0), equal, unexplained,
            (vetoing_ok / vetoing if vetoing else 1.0))


def _any_count(a: _Item, b: _Item, fields: tuple[bool, ...]) -> bool:
    """Both reports give a figure, not both zero, for one of the selected count fields."""
    return any(f and x is not None and y is not None and (x.value or y.value)
               for x, y, f in zip(a.counts, b.counts, fields, strict=True))


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
    # The run builds millions of small acyclic objects: cyclic GC passes over the growing heap
    # would make the run superlinear, and there are no cycles for them to find.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for event in existing:
            clusterer.add_existing(event)
        for report in sorted(reports, key=report_order):
            clusterer.add_report(report)
        return clusterer.events()
    finally:
        if was_enabled:
            gc.enable()
