"""Canonical values of a deduplicated event, chosen from its reports by stated rules.

- place: the most specific (highest gazetteer level, then lowest geo_precision); ties go to the
  place most outlets give, then to the earliest report.
- date: the most precise (lowest time_precision); among those, the date most reports give,
  ties to the earliest date.
- counts (fatalities, injured, arrested): the value most outlets give; ties go to the LOWER
  value, following ACLED's rule of the most conservative estimate when sources conflict. The
  minimum and maximum reported stay available through `count_summary`.
- event type: majority weighted by report confidence; sub-event type the same among reports of
  the chosen type, disorder type among reports of the chosen type and sub-type.
- actors (and associated actors): the value most reports give; inter codes and interaction from
  the first report that agrees with the chosen actors.
- flags: civilian_targeting and aggregate when at least half the reports say so.
- confidence: 1 - Π(1 - c) over outlets (each outlet's best report): independent sources
  corroborate each other.

Every tie not named above goes to the earliest report in processing order
(published time, url, report_index), so the result never depends on input order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from etl.models import Count, Event, EventReport, Place

_NO_TIME = datetime.min.replace(tzinfo=UTC)


def report_order(report: EventReport) -> tuple:
    """Processing order of reports: published time (unknown last), url, report_index."""
    published = report.published
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)  # naive times are UTC by contract
    return (published is None, published or _NO_TIME, report.article_url, report.report_index)


@dataclass(frozen=True)
class CountSummary:
    """One count field across an event's reports: the canonical value and the reported spread."""

    value: int | None
    minimum: int | None
    maximum: int | None
    sources: int  # outlets reporting any value


def _first_best(items: Iterable[tuple[Hashable, float]]) -> Hashable | None:
    """The key with the highest total weight; ties to the key seen first."""
    totals: dict[Hashable, float] = {}
    for key, weight in items:
        totals[key] = totals.get(key, 0.0) + weight
    best, best_weight = None, float("-inf")
    for key, weight in totals.items():  # dicts keep first-seen order
        if weight > best_weight + 1e-12:
            best, best_weight = key, weight
    return best


def count_summary(reports: list[EventReport], field: str) -> CountSummary:
    """The value most outlets give for `field` (ties: the lower value), with min and max."""
    outlets_by_value: dict[int, set[str]] = defaultdict(set)
    for r in reports:
        count: Count | None = getattr(r, field)
        if count is not None:
            outlets_by_value[count.value].add(r.outlet)
    if not outlets_by_value:
        return CountSummary(None, None, None, 0)
    value = max(outlets_by_value, key=lambda v: (len(outlets_by_value[v]), -v))
    sources = len(set().union(*outlets_by_value.values()))
    return CountSummary(value, min(outlets_by_value), max(outlets_by_value), sources)


def canonical_place(reports: list[EventReport]) -> Place | None:
    """Most specific place; ties: most outlets naming it, then the earliest report."""
    placed = [r for r in reports if r.place is not None]
    if not placed:
        return None
    outlets: dict[str, set[str]] = defaultdict(set)
    for r in placed:
        outlets[_place_key(r.place)].add(r.outlet)

    def rank(item: tuple[int, EventReport]) -> tuple:
        i, r = item
        return (-r.place.level, r.place.geo_precision, -len(outlets[_place_key(r.place)]), i)

    return min(enumerate(placed), key=rank)[1].place


def _place_key(place: Place) -> str:
    return place.pcode or f"{place.admin1}/{place.name_en}"


def canonical_date(reports: list[EventReport]) -> tuple:
    """(event_date, time_precision): most precise; then the date most reports give; then earliest."""
    dated = [r for r in reports if r.event_date is not None]
    if not dated:
        return None, min((r.time_precision for r in reports), default=3)
    precision = min(r.time_precision for r in dated)
    votes = Counter(r.event_date for r in dated if r.time_precision == precision)
    day = min(votes, key=lambda d: (-votes[d], d))
    return day, precision


def _majority(reports: list[EventReport], get: Callable[[EventReport], Hashable | None]) -> Hashable | None:
    return _first_best((v, 1.0) for v in map(get, reports) if v is not None)


def _event_type(reports: list[EventReport]) -> tuple[str, str, str]:
    event_type = _first_best((r.event_type, r.confidence) for r in reports)
    same = [r for r in reports if r.event_type == event_type]
    sub = _first_best((r.sub_event_type, r.confidence) for r in same)
    disorder = _first_best((r.disorder_type, r.confidence) for r in same if r.sub_event_type == sub)
    return event_type, sub, disorder


def _inter_codes(reports: list[EventReport], actor1: str | None, actor2: str | None) -> tuple:
    """(inter1, inter2, interaction) from the first report agreeing with the chosen actors."""
    for r in reports:
        if r.actor1 == actor1 and r.actor2 == actor2:
            return r.inter1, r.inter2, r.interaction
    first = next((r for r in reports if r.actor1 == actor1), None)
    inter1 = first.inter1 if first else None
    second = next((r for r in reports if r.actor2 == actor2 and actor2 is not None), None)
    inter2 = second.inter2 if second else None
    interaction = None
    if inter1 is not None:
        codes = sorted(c for c in (inter1, inter2) if c is not None)
        interaction = codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)
    return inter1, inter2, interaction


def _confidence(reports: list[EventReport]) -> float:
    best: dict[str, float] = {}
    for r in reports:
        best[r.outlet] = max(best.get(r.outlet, 0.0), min(max(r.confidence, 0.0), 1.0))
    doubt = 1.0
    for c in best.values():
        doubt *= 1.0 - c
    return 1.0 - doubt


def canonical_event(event_uid: str, reports: list[EventReport]) -> Event:
    """The Event `event_uid` with canonical values chosen from `reports` (rules: module docstring).

    `reports` must not be empty; the returned Event lists them in processing order.
    """
    if not reports:
        raise ValueError(f"event {event_uid} has no reports")
    ordered = sorted(reports, key=report_order)
    event_type, sub_event_type, disorder_type = _event_type(ordered)
    event_date, precision = canonical_date(ordered)
    actor1 = _majority(ordered, lambda r: r.actor1)
    actor2 = _majority(ordered, lambda r: r.actor2)
    inter1, inter2, interaction = _inter_codes(ordered, actor1, actor2)
    half = len(ordered) / 2
    return Event(
        event_uid=event_uid,
        reports=ordered,
        event_type=event_type,
        sub_event_type=sub_event_type,
        disorder_type=disorder_type,
        event_date=event_date,
        time_precision=precision,
        place=canonical_place(ordered),
        actor1=actor1,
        actor2=actor2,
        fatalities=count_summary(ordered, "fatalities").value,
        injured=count_summary(ordered, "injured").value,
        arrested=count_summary(ordered, "arrested").value,
        assoc_actor_1=_majority(ordered, lambda r: r.assoc_actor_1),
        assoc_actor_2=_majority(ordered, lambda r: r.assoc_actor_2),
        inter1=inter1,
        inter2=inter2,
        interaction=interaction,
        civilian_targeting=sum(r.civilian_targeting for r in ordered) >= half,
        aggregate=sum(r.aggregate for r in ordered) >= half,
        confidence=_confidence(ordered),
    )
