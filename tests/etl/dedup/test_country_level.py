"""Rule (d): reports placed only at country level ("in Syria") merge on the same sub-event type,
the same actor1 and a day's distance, when evidence or an equal count corroborates them."""

from __future__ import annotations

from datetime import timedelta

from etl.dedup import cluster_reports
from etl.models import Place
from tests.etl.dedup.factories import DAY, report

SYRIA = Place("سوريا", "Syria", "SY", 0, geo_precision=3)
STRIKE = dict(event_type="Explosions/Remote violence", sub="Air/drone strike", place=SYRIA)
AIR_FORCE = "Air force of country A"
OTHER_AIR_FORCE = "Air force of country B"


def _sizes(events) -> list[int]:
    return sorted(len(e.reports) for e in events)


def test_country_level_strikes_of_one_actor_a_day_apart_merge_on_similar_wording():
    reports = [
        report("https://a.example/1", "a", "نفذ سلاح الجو غارات جوية على مواقع التنظيم في البادية السورية ليلة أمس",
               actor1=AIR_FORCE, **STRIKE),
        report("https://b.example/2", "b", "سلاح الجو ينفذ غارات جوية على مواقع للتنظيم في البادية السورية",
               actor1=AIR_FORCE, day=DAY + timedelta(days=1), **STRIKE),
    ]
    assert _sizes(cluster_reports(reports)) == [2]


def test_country_level_strikes_merge_on_an_equal_count():
    reports = [
        report("https://a.example/1", "a", "مقتل ستة مسلحين بضربات جوية استهدفت مخابئهم",
               actor1=AIR_FORCE, killed=6, **STRIKE),
        report("https://b.example/2", "b", "أعلنت القيادة العسكرية حصيلة العملية: ستة قتلى من عناصر الخلية",
               actor1=AIR_FORCE, killed=6, **STRIKE),
    ]
    assert _sizes(cluster_reports(reports)) == [2]


def test_country_level_strikes_stay_apart_without_corroboration_or_with_other_actor():
    wording = "نفذ سلاح الجو غارات جوية على مواقع التنظيم في البادية السورية ليلة أمس"
    uncorroborated = [
        report("https://a.example/1", "a", wording, actor1=AIR_FORCE, **STRIKE),
        report("https://b.example/2", "b", "بيان رسمي يتحدث عن طلعات فوق الأراضي الحدودية", actor1=AIR_FORCE, **STRIKE),
    ]
    assert _sizes(cluster_reports(uncorroborated)) == [1, 1]
    other_actor = [
        report("https://a.example/1", "a", wording, actor1=AIR_FORCE, **STRIKE),
        report("https://b.example/2", "b", wording, actor1=OTHER_AIR_FORCE, **STRIKE),
    ]
    assert _sizes(cluster_reports(other_actor)) == [1, 1]
    no_actor = [
        report("https://a.example/1", "a", wording, **STRIKE),
        report("https://b.example/2", "b", wording, **STRIKE),
    ]
    assert _sizes(cluster_reports(no_actor)) == [1, 1]


def test_country_level_strikes_two_days_apart_or_contradicting_counts_stay_apart():
    wording = "نفذ سلاح الجو غارات جوية على مواقع التنظيم في البادية السورية ليلة أمس"
    two_days = [
        report("https://a.example/1", "a", wording, actor1=AIR_FORCE, **STRIKE),
        report("https://b.example/2", "b", wording, actor1=AIR_FORCE, day=DAY + timedelta(days=2), **STRIKE),
    ]
    assert _sizes(cluster_reports(two_days)) == [1, 1]
    counts = [
        report("https://a.example/1", "a", wording, actor1=AIR_FORCE, killed=3, **STRIKE),
        report("https://b.example/2", "b", wording, actor1=AIR_FORCE, killed=20, **STRIKE),
    ]
    assert _sizes(cluster_reports(counts)) == [1, 1]
