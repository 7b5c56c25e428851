"""Canonical values of a merged event follow the stated rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from etl.dedup import canonical_event, count_summary
from etl.models import Count
from tests.etl.dedup.factories import DAY, IDLIB_GOV, SARAQIB, report

SENTENCE = "مقتل مدنيين بقصف على سراقب"


def _r(url: str, outlet: str, **kw):
    return report(url, outlet, SENTENCE, event_type="Explosions/Remote violence",
                  sub="Shelling/artillery/missile attack", **kw)


def test_most_specific_place_wins_over_majority():
    reports = [_r("https://a/1", "a", place=IDLIB_GOV), _r("https://b/1", "b", place=IDLIB_GOV),
               _r("https://c/1", "c", place=SARAQIB)]
    assert canonical_event("e", reports).place == SARAQIB


def test_place_tie_goes_to_the_place_most_outlets_give():
    other = replace(SARAQIB, pcode="GN000001", name_en="Other town")
    reports = [_r("https://a/1", "a", place=other), _r("https://b/1", "b", place=SARAQIB),
               _r("https://c/1", "c", place=SARAQIB)]
    assert canonical_event("e", reports).place == SARAQIB


def test_most_precise_date_then_the_date_most_reports_give_then_earliest():
    reports = [_r("https://a/1", "a", day=DAY - timedelta(days=3), precision=2),
               _r("https://b/1", "b", day=DAY), _r("https://c/1", "c", day=DAY + timedelta(days=1)),
               _r("https://d/1", "d", day=DAY + timedelta(days=1))]
    event = canonical_event("e", reports)
    assert (event.event_date, event.time_precision) == (DAY + timedelta(days=1), 1)
    tie = canonical_event("e", reports[:3])
    assert tie.event_date == DAY  # one report each: the earlier date


def test_counts_most_outlets_then_lower_value_with_spread():
    reports = [_r("https://a/1", "a", killed=5), _r("https://a/2", "a", killed=7),
               _r("https://b/1", "b", killed=7), _r("https://c/1", "c", killed=9), _r("https://d/1", "d")]
    assert canonical_event("e", reports).fatalities == 7
    summary = count_summary(reports, "fatalities")
    assert (summary.value, summary.minimum, summary.maximum, summary.sources) == (7, 5, 9, 3)
    tie = [_r("https://a/1", "a", killed=4), _r("https://b/1", "b", killed=6)]
    assert canonical_event("e", tie).fatalities == 4  # ACLED: the conservative figure
    assert canonical_event("e", [_r("https://a/1", "a")]).fatalities is None


def test_event_type_by_confidence_weighted_majority_and_actors_by_majority():
    reports = [
        replace(_r("https://a/1", "a", confidence=0.9), event_type="Battles", sub_event_type="Armed clash"),
        _r("https://b/1", "b", confidence=0.4, actor1="Unidentified armed group"),
        _r("https://c/1", "c", confidence=0.4, actor1="Military Forces of Syria"),
        _r("https://d/1", "d", confidence=0.3, actor1="Military Forces of Syria"),
    ]
    event = canonical_event("e", reports)
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence",
                                                        "Shelling/artillery/missile attack")
    assert event.actor1 == "Military Forces of Syria"
    assert event.source_count == 4 and event.article_count == 4
    assert event.confidence == pytest.approx(1 - 0.1 * 0.6 * 0.6 * 0.7)


def test_canonical_event_does_not_depend_on_report_order():
    reports = [_r("https://a/1", "a", killed=3, place=IDLIB_GOV), _r("https://b/1", "b", killed=4),
               _r("https://c/1", "c", killed=4, day=DAY + timedelta(days=1))]
    assert canonical_event("e", reports) == canonical_event("e", reports[::-1])


def test_lower_bound_count_keeps_its_value():
    r = _r("https://a/1", "a")
    r.fatalities = Count(10, lower_bound=True)
    assert canonical_event("e", [r]).fatalities == 10


def test_no_reports_is_an_error():
    with pytest.raises(ValueError):
        canonical_event("e", [])
