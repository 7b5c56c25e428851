"""Dedup thresholds, read from data/thresholds.toml into frozen dataclasses."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

THRESHOLDS_FILE = Path(__file__).resolve().parent / "data" / "thresholds.toml"


@dataclass(frozen=True)
class ArticleThresholds:
    """MinHash/LSH parameters for article near-duplicates."""

    shingle_words: int = 3
    num_perm: int = 64
    bands: int = 16
    near_duplicate: float = 0.6
    window_days: int = 3


@dataclass(frozen=True)
class EventThresholds:
    """Blocking windows, score weights and merge rules for event reports."""

    window_days: tuple[int, int, int]  # by time_precision 1, 2, 3
    undated_precision: int
    families: Mapping[str, str]  # read-only views (MappingProxyType)
    weights: Mapping[str, float]
    min_score: float
    corroborating_evidence: float
    vague_evidence: float
    corroborating_count: int
    specific_place: float
    count_place: float
    level_cap: tuple[float, ...]
    date_decay: tuple[float, ...]
    date_coarse: float
    count_tolerance: float
    max_toll_rise: float
    max_reports_compared: int
    ngram: int
    sketch_size: int
    # Rule (a): near pairs (see [near] in thresholds.toml).
    near_days: int = 1
    near_days_coarse: int = 2
    near_support: float = 0.25
    near_support_vague: float = 0.4
    support_equal_count: float = 0.3
    support_compatible_count: float = 0.1
    support_actors: float = 0.15
    # Count fields (fatalities, injured, arrested) that can rule a merge out.
    count_vetoes: tuple[bool, bool, bool] = (True, False, True)
    # Rule (c): sub-event types of one event type merge on the same town and day.
    sub_mismatch_same_town_day: bool = True
    # Rule (b): undated reports.
    undated_lag_days: tuple[int, int] = (-1, 3)
    # Rule (e): reports with neither event date nor publication date (see [undated]).
    no_date_min_level: int = 3
    # Rule (d): country-level reports (see [country] in thresholds.toml).
    country_days: int = 1
    country_evidence: float = 0.15

    def window(self, precision: int) -> int:
        """± days a report of this ACLED time precision is compared over."""
        return self.window_days[min(max(precision, 1), 3) - 1]

    def family(self, event_type: str) -> str:
        """Blocking family of an event type (the type itself when not listed)."""
        return self.families.get(event_type, event_type)

    def weight(self, component: str) -> float:
        return self.weights[component]


@dataclass(frozen=True)
class Thresholds:
    articles: ArticleThresholds
    events: EventThresholds


def parse_thresholds(raw: dict) -> Thresholds:
    """Thresholds from the parsed TOML document (see data/thresholds.toml for meanings)."""
    blocking, merge, evidence = raw["blocking"], raw["merge"], raw["evidence"]
    near, undated = raw["near"], raw["undated"]
    events = EventThresholds(
        window_days=tuple(int(blocking["window_days"][str(p)]) for p in (1, 2, 3)),
        undated_precision=int(blocking["undated_precision"]),
        families=MappingProxyType(dict(raw["families"])),
        weights=MappingProxyType({k: float(v) for k, v in raw["weights"].items()}),
        min_score=float(merge["min_score"]),
        corroborating_evidence=float(merge["corroborating_evidence"]),
        vague_evidence=float(merge["vague_evidence"]),
        corroborating_count=int(merge["corroborating_count"]),
        specific_place=float(merge["specific_place"]),
        count_place=float(merge["count_place"]),
        level_cap=tuple(float(x) for x in raw["place"]["level_cap"]),
        date_decay=tuple(float(x) for x in merge["date_decay"]),
        date_coarse=float(merge["date_coarse"]),
        count_tolerance=float(merge["count_tolerance"]),
        max_toll_rise=float(merge["max_toll_rise"]),
        max_reports_compared=int(merge["max_reports_compared"]),
        ngram=int(evidence["ngram"]),
        sketch_size=int(evidence["sketch_size"]),
        near_days=int(near["days"]),
        near_days_coarse=int(near["days_coarse"]),
        near_support=float(near["support"]),
        near_support_vague=float(near["support_vague"]),
        support_equal_count=float(near["equal_count"]),
        support_compatible_count=float(near["compatible_count"]),
        support_actors=float(near["actors"]),
        count_vetoes=tuple(f in merge["count_vetoes"] for f in ("fatalities", "injured", "arrested")),
        sub_mismatch_same_town_day=bool(merge["sub_mismatch_same_town_day"]),
        undated_lag_days=(int(undated["min_lag_days"]), int(undated["max_lag_days"])),
        no_date_min_level=int(undated.get("no_date_min_level", 3)),
        country_days=int(raw.get("country", {}).get("days", 1)),
        country_evidence=float(raw.get("country", {}).get("evidence", 0.15)),
    )
    return Thresholds(articles=ArticleThresholds(**raw["articles"]), events=events)


@lru_cache(maxsize=4)
def load_thresholds(path: Path = THRESHOLDS_FILE) -> Thresholds:
    """The thresholds in `path` (cached: the file is read once per process)."""
    with open(path, "rb") as f:
        return parse_thresholds(tomllib.load(f))
