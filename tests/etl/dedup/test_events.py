"""Clustering event reports: same incident across outlets merges, look-alikes stay apart."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from etl.dedup import cluster_reports, event_uid_for, report_order
from tests.etl.dedup.factories import ARIHA, DARAA_GOV, DAY, IDLIB_GOV, SARAQIB, report


def _groups(events) -> set[frozenset[str]]:
    return {frozenset(f"{r.article_url}#{r.report_index}" for r in e.reports) for e in events}


def test_same_incident_with_three_spellings_is_one_event():
    # سراقب / مدينة سراقب / بسراقب: resolution gives all three the same Place.
    reports = [
        report("https://a.example/1", "a", "اعتقلت قوات الأمن خمسة شبان في سراقب فجر اليوم", arrested=5),
        report("https://b.example/2", "b", "حملة مداهمات في مدينة سراقب تنتهي بتوقيف خمسة أشخاص", arrested=5),
        report("https://c.example/3", "c", "توقيف عدد من المطلوبين بسراقب شرقي إدلب"),
    ]
    events = cluster_reports(reports)
    assert len(events) == 1
    assert events[0].source_count == 3 and events[0].article_count == 3
    assert events[0].event_uid == event_uid_for(reports[0])


def test_date_disagreement_merges_when_corroborated():
    base = "قتل ثلاثة عناصر من الجيش في هجوم على حاجز قرب سراقب"
    reports = [
        report("https://a.example/x", "a", base, event_type="Battles", sub="Armed clash", killed=3),
        report("https://b.example/y", "b", "هجوم مسلح على نقطة عسكرية في ريف سراقب يوقع ثلاثة قتلى",
               event_type="Battles", sub="Armed clash", killed=3, day=DAY + timedelta(days=1)),
        report("https://c.example/z", "c", base + " أمس", event_type="Battles", sub="Armed clash",
               killed=4, day=DAY + timedelta(days=2)),
    ]
    events = cluster_reports(reports)
    assert len(events) == 1
    assert events[0].event_date == DAY and events[0].fatalities == 3


def test_count_disagreement_same_town_same_day_merges():
    reports = [
        report("https://a.example/k", "a", "مقتل سبعة مدنيين بقصف على سراقب", event_type="Explosions/Remote violence",
               sub="Shelling/artillery/missile attack", killed=7),
        report("https://b.example/k", "b", "ارتفاع حصيلة ضحايا القصف المدفعي على المدينة إلى تسعة",
               event_type="Explosions/Remote violence", sub="Shelling/artillery/missile attack", killed=9),
    ]
    assert len(cluster_reports(reports)) == 1


def test_two_arrests_in_two_towns_same_day_stay_apart():
    reports = [
        report("https://a.example/1", "a", "اعتقلت قوات الأمن خمسة شبان في سراقب", arrested=5),
        report("https://b.example/2", "b", "اعتقلت قوات الأمن خمسة شبان في أريحا", arrested=5, place=ARIHA),
    ]
    assert len(cluster_reports(reports)) == 2


def test_same_type_same_town_on_different_days_stays_apart():
    reports = [
        report("https://a.example/1", "a", "اشتباك بين مسلحين وقوات الأمن في سراقب", event_type="Battles",
               sub="Armed clash", killed=1),
        report("https://b.example/2", "b", "تبادل لإطلاق النار عند مدخل سراقب الغربي", event_type="Battles",
               sub="Armed clash", killed=2, day=DAY + timedelta(days=1)),
    ]
    assert len(cluster_reports(reports)) == 2


def test_two_reports_of_one_article_never_merge():
    sentence = "اعتقلت قوات الأمن خمسة شبان في سراقب"
    reports = [
        report("https://a.example/1", "a", sentence, arrested=5, index=0),
        report("https://a.example/1", "a", sentence, arrested=5, index=1),
    ]
    assert len(cluster_reports(reports)) == 2


def test_different_family_governorate_or_far_dates_stay_apart():
    sentence = "اعتقلت قوات الأمن خمسة شبان في سراقب"
    a = report("https://a.example/1", "a", sentence, arrested=5)
    assert len(cluster_reports([a, replace(a, article_url="https://b.example/1", event_type="Protests",
                                           sub_event_type="Peaceful protest")])) == 2
    assert len(cluster_reports([a, replace(a, article_url="https://b.example/1", place=DARAA_GOV)])) == 2
    assert len(cluster_reports([a, replace(a, article_url="https://b.example/1",
                                           event_date=DAY + timedelta(days=3))])) == 2


def test_vague_place_joins_specific_report_only_with_corroboration():
    specific = report("https://a.example/1", "a", "انفجار عبوة ناسفة بسيارة عسكرية في سراقب يقتل جنديين",
                      event_type="Explosions/Remote violence", sub="Remote explosive/landmine/IED", killed=2)
    vague_same = report("https://b.example/2", "b", "مقتل جنديين بانفجار عبوة ناسفة في ريف إدلب",
                        event_type="Explosions/Remote violence", sub="Remote explosive/landmine/IED",
                        killed=2, place=IDLIB_GOV)
    vague_other = report("https://c.example/3", "c", "مظاهرة في ريف إدلب تطالب بالإفراج عن المعتقلين",
                         event_type="Explosions/Remote violence", sub="Remote explosive/landmine/IED",
                         place=IDLIB_GOV)
    events = cluster_reports([specific, vague_same, vague_other])
    assert _groups(events) == {frozenset({"https://a.example/1#0", "https://b.example/2#0"}),
                               frozenset({"https://c.example/3#0"})}
    assert events[0].place == SARAQIB  # the most specific place wins


def test_aggregate_tally_does_not_absorb_incidents():
    tally = report("https://a.example/t", "a", "حصيلة الاعتقالات في سراقب هذا الأسبوع خمسة أشخاص",
                   arrested=5, aggregate=True)
    single = report("https://b.example/s", "b", "حصيلة الاعتقالات في سراقب هذا الأسبوع خمسة أشخاص", arrested=5)
    assert len(cluster_reports([tally, single])) == 2


def test_new_report_attaches_to_existing_event_and_keeps_its_uid():
    first = cluster_reports([report("https://a.example/1", "a", "اعتقلت قوات الأمن خمسة شبان في سراقب",
                                    arrested=5)])
    late = report("https://b.example/2", "b", "توقيف خمسة أشخاص في سراقب", arrested=5,
                  published=first[0].reports[0].published + timedelta(days=1))
    events = cluster_reports([late], existing=first)
    assert len(events) == 1 and events[0].event_uid == first[0].event_uid
    assert events[0].article_count == 2


def test_untouched_existing_event_is_returned_unchanged():
    old = cluster_reports([report("https://a.example/1", "a", "اعتقال شاب في أريحا", place=ARIHA)])
    events = cluster_reports([report("https://b.example/2", "b", "اعتقال شاب في سراقب")], existing=old)
    assert events[0] is old[0] and len(events) == 2


def test_result_does_not_depend_on_input_order():
    reports = _mixed_reports(60)
    expected = cluster_reports(reports)
    shuffled = reports[:]
    random.Random(7).shuffle(shuffled)
    got = cluster_reports(shuffled)
    assert [e.event_uid for e in got] == [e.event_uid for e in expected]
    assert _groups(got) == _groups(expected)


def test_incremental_nights_equal_one_pass():
    # Nights hold consecutive reports in processing order (published, url, index).
    reports = sorted(_mixed_reports(90), key=report_order)
    one_pass = cluster_reports(reports)
    events = []
    for night in range(3):
        batch = reports[night * 30:(night + 1) * 30]
        events = cluster_reports(batch, existing=events)
    assert _groups(events) == _groups(one_pass)
    assert {e.event_uid for e in events} == {e.event_uid for e in one_pass}


def _mixed_reports(n: int):
    """Several incidents, each told by 1-4 outlets with varying dates, places and counts."""
    rng = random.Random(3)
    places = [SARAQIB, ARIHA, IDLIB_GOV]
    out = []
    for i in range(n):
        incident = rng.randrange(n // 3)
        place = places[incident % 3]
        day = DAY + timedelta(days=incident % 5 + rng.choice([0, 0, 0, 1]))
        out.append(report(f"https://o{i % 5}.example/{i}", f"o{i % 5}",
                          f"اعتقلت قوات الأمن {incident} شخصا في {place.name_ar} خلال حملة تفتيش",
                          place=place, day=day, arrested=incident + 2,
                          published=None))
    return out
