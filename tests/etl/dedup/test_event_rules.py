"""The merge rules added for cross-outlet recall (thresholds.toml [near], [undated], rule (c)):
each rule merges what it should and keeps its look-alikes apart. Our own sentences."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from etl.dedup import cluster_reports, report_order
from etl.models import Count
from tests.etl.dedup.factories import ARIHA, ARIHA_DISTRICT, DAY, IDLIB_GOV, report

POLICE = "Police Forces of Syria (2024-)"
BOMB = "Explosions/Remote violence"


def _groups(events) -> set[frozenset[str]]:
    return {frozenset(r.article_url for r in e.reports) for e in events}


def _one_pass_equals_nightly(reports) -> None:
    ordered = sorted(reports, key=report_order)
    one_pass = cluster_reports(ordered)
    nightly: list = []
    for r in ordered:
        nightly = cluster_reports([r], existing=nightly)
    assert _groups(nightly) == _groups(one_pass)
    assert {e.event_uid for e in nightly} == {e.event_uid for e in one_pass}


# -- rule (c): sub-event types of one event type ---------------------------------------------


def test_ied_and_suicide_bomb_in_one_town_on_one_day_merge():
    reports = [
        report("https://a.example/1", "a", "انفجار عبوة ناسفة قرب مبنى البلدية في سراقب ظهر اليوم",
               event_type=BOMB, sub="Remote explosive/landmine/IED", killed=3),
        report("https://b.example/2", "b", "انتحاري يفجر نفسه أمام مقر حكومي وسط سراقب",
               event_type=BOMB, sub="Suicide bomb", killed=3),
    ]
    events = cluster_reports(reports)
    assert len(events) == 1 and events[0].source_count == 2


def test_sub_event_mismatch_needs_the_same_day():
    reports = [
        report("https://a.example/1", "a", "قصف مدفعي يطال الأحياء الشرقية في سراقب",
               event_type=BOMB, sub="Shelling/artillery/missile attack"),
        report("https://b.example/2", "b", "طائرة مسيرة تستهدف دراجة نارية على أطراف البلدة",
               event_type=BOMB, sub="Air/drone strike", day=DAY + timedelta(days=1)),
    ]
    assert len(cluster_reports(reports)) == 2


def test_different_event_types_in_one_town_on_one_day_stay_apart():
    reports = [
        report("https://a.example/1", "a", "اشتباك بين دورية أمنية ومسلحين في سراقب", event_type="Battles",
               sub="Armed clash"),
        report("https://b.example/2", "b", "مجهولون يطلقون النار على راعي أغنام في سراقب",
               event_type="Violence against civilians", sub="Attack"),
    ]
    assert len(cluster_reports(reports)) == 2


# -- rule (a): near dates, places compatible through the hierarchy ------------------------------


def test_town_and_governorate_a_day_apart_merge_on_equal_counts_and_actors():
    reports = [
        report("https://a.example/1", "a", "مقتل أربعة عناصر من الأمن بكمين على طريق سراقب",
               event_type="Battles", sub="Armed clash", killed=4, actor1=POLICE),
        report("https://b.example/2", "b", "الداخلية: مقتل أربعة عناصر من الأمن في كمين بريف إدلب",
               event_type="Battles", sub="Armed clash", killed=4, actor1=POLICE, place=IDLIB_GOV,
               day=DAY + timedelta(days=1)),
    ]
    assert len(cluster_reports(reports)) == 1


def test_town_and_its_district_merge_on_actors_and_wording():
    reports = [
        report("https://a.example/1", "a", "ضبط مستودع ذخيرة داخل بستان مهجور قرب مدينة أريحا",
               sub="Disrupted weapons use", place=ARIHA, actor1=POLICE),
        report("https://b.example/2", "b", "الأمن الداخلي يضبط مستودع ذخيرة في بستان بمنطقة أريحا",
               sub="Disrupted weapons use", place=ARIHA_DISTRICT, actor1=POLICE),
    ]
    assert len(cluster_reports(reports)) == 1


def test_vague_report_stays_apart_when_two_towns_had_look_alikes():
    # Two raids the same day in two towns of the governorate: a report naming only the
    # governorate, worded like both, could be either, so rule (a) joins it to neither.
    saraqib = report("https://a.example/1", "a", "الأمن الداخلي يداهم مزرعة ويضبط أسلحة في سراقب",
                     sub="Disrupted weapons use", actor1=POLICE)
    ariha = report("https://b.example/2", "b", "الأمن الداخلي يداهم مزرعة ويضبط أسلحة في أريحا",
                   sub="Disrupted weapons use", actor1=POLICE, place=ARIHA)
    vague = report("https://c.example/3", "c", "الأمن الداخلي يداهم مزرعة ويضبط أسلحة في ريف إدلب",
                   sub="Disrupted weapons use", actor1=POLICE, place=IDLIB_GOV)
    assert len(cluster_reports([saraqib, ariha, vague])) == 3
    # With one of them alone, the same report joins it.
    assert len(cluster_reports([saraqib, vague])) == 1


def test_governorate_report_a_day_apart_needs_an_equal_count():
    reports = [
        report("https://a.example/1", "a", "اعتقال شبان في حملة دهم بسراقب", actor1=POLICE),
        report("https://b.example/2", "b", "اعتقال شبان في حملة دهم بريف إدلب", actor1=POLICE,
               place=IDLIB_GOV, day=DAY + timedelta(days=1)),
    ]
    assert len(cluster_reports(reports)) == 2


def test_same_town_two_days_apart_needs_near_identical_wording():
    reports = [
        report("https://a.example/1", "a", "قتل ثلاثة أشخاص في هجوم مسلح على سوق سراقب",
               event_type="Battles", sub="Armed clash", killed=3),
        report("https://b.example/2", "b", "قتل ثلاثة أشخاص في هجوم مسلح على حاجز سراقب",
               event_type="Battles", sub="Armed clash", killed=3, day=DAY + timedelta(days=2)),
    ]
    assert len(cluster_reports(reports)) == 2


def test_wounded_figures_do_not_veto_a_merge():
    first = report("https://a.example/1", "a", "تفجير سيارة مفخخة في سراقب يقتل ستة", event_type=BOMB,
                   sub="Remote explosive/landmine/IED", killed=6)
    later = report("https://b.example/2", "b", "ارتفاع ضحايا المفخخة في سراقب إلى ستة قتلى وأربعين جريحا",
                   event_type=BOMB, sub="Remote explosive/landmine/IED", killed=6)
    events = cluster_reports([replace(first, injured=Count(12)), replace(later, injured=Count(40))])
    assert len(events) == 1


# -- rule (b): undated reports -----------------------------------------------------------------


def _undated(url: str, sentence: str, published_days: int, **kw):
    published = datetime.combine(DAY, datetime.min.time()).astimezone() + timedelta(days=published_days, hours=14)
    return report(url, url.split("/")[2].split(".")[0], sentence, day=None, published=published, **kw)


def test_undated_report_joins_event_in_same_town_with_shared_actor():
    dated = report("https://a.example/1", "a", "مداهمة منزل في سراقب واعتقال ثلاثة", actor1=POLICE)
    undated = _undated("https://b.example/2", "الأمن الداخلي يعتقل مطلوبين في سراقب", 2, actor1=POLICE)
    events = cluster_reports([dated, undated])
    assert len(events) == 1 and events[0].event_date == DAY
    _one_pass_equals_nightly([dated, undated])


def test_undated_report_published_long_after_stays_apart():
    dated = report("https://a.example/1", "a", "مداهمة منزل في سراقب واعتقال ثلاثة", actor1=POLICE)
    undated = _undated("https://b.example/2", "الأمن الداخلي يعتقل مطلوبين في سراقب", 6, actor1=POLICE)
    assert len(cluster_reports([dated, undated])) == 2


def test_undated_report_needs_town_and_actors():
    dated = report("https://a.example/1", "a", "مداهمة منزل في سراقب واعتقال ثلاثة", actor1=POLICE)
    vague = _undated("https://b.example/2", "الأمن الداخلي يعتقل مطلوبين في إدلب", 1, actor1=POLICE,
                     place=IDLIB_GOV)
    no_actor = _undated("https://c.example/3", "حملة اعتقالات في سراقب", 1)
    assert len(cluster_reports([dated, vague, no_actor])) == 3
