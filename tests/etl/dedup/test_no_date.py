"""Rule (e), thresholds.toml [undated] no_date_min_level: a report from an article with no
publication date (so no day at all) joins the single event of its sub-event type in its town,
with a shared actor1 or corroboration; look-alikes or contradicting tolls keep it apart.
Our own sentences."""

from __future__ import annotations

from dataclasses import replace

from etl.dedup import cluster_reports
from tests.etl.dedup.factories import ARIHA, DAY, IDLIB_GOV, report

POLICE = "Police Forces of Syria (2024-)"
CLASH = {"event_type": "Battles", "sub": "Armed clash"}


def _no_date(url: str, sentence: str, **kw):
    return replace(report(url, url.split("/")[2].split(".")[0], sentence, day=None, **kw), published=None)


def _groups(events) -> set[frozenset[str]]:
    return {frozenset(r.article_url for r in e.reports) for e in events}


def test_no_date_report_joins_the_one_event_in_its_town():
    dated = report("https://a.example/1", "a", "اشتباك بين الأمن ومسلحين قرب سراقب", actor1=POLICE, **CLASH)
    other_town = report("https://c.example/3", "c", "اشتباك بين الأمن ومسلحين قرب أريحا", place=ARIHA,
                        actor1=POLICE, **CLASH)
    loose = _no_date("https://b.example/2", "قوات الأمن تواجه مجموعة مسلحة في ريف سراقب", actor1=POLICE, **CLASH)
    events = cluster_reports([dated, other_town, loose])
    assert frozenset({"https://a.example/1", "https://b.example/2"}) in _groups(events)
    assert len(events) == 2


def test_no_date_report_joins_on_equal_count_without_actors():
    dated = report("https://a.example/1", "a", "مقتل ثلاثة عناصر في هجوم على حاجز", killed=3, **CLASH)
    loose = _no_date("https://b.example/2", "ثلاثة قتلى من الأمن بنيران مجهولين", killed=3, **CLASH)
    assert len(cluster_reports([dated, loose])) == 1


def test_no_date_report_stays_apart_when_two_events_could_be_it():
    first = report("https://a.example/1", "a", "اشتباك مع مطلوبين في سراقب صباحا", actor1=POLICE, **CLASH)
    later = report("https://c.example/3", "c", "مواجهة جديدة مع خلية مسلحة في سراقب", actor1=POLICE,
                   day=DAY.replace(day=25), **CLASH)
    loose = _no_date("https://b.example/2", "قوات الأمن تواجه مجموعة مسلحة في سراقب", actor1=POLICE, **CLASH)
    assert len(cluster_reports([first, later, loose])) == 3


def test_no_date_report_needs_a_precise_place_same_sub_type_and_support():
    dated = report("https://a.example/1", "a", "اشتباك بين الأمن ومسلحين قرب سراقب", actor1=POLICE, **CLASH)
    vague = _no_date("https://b.example/2", "اشتباكات متفرقة في محافظة إدلب", place=IDLIB_GOV, actor1=POLICE,
                     **CLASH)
    arrest = _no_date("https://c.example/3", "اعتقال مطلوبين في سراقب", actor1=POLICE)
    unsupported = _no_date("https://d.example/4", "أصوات رصاص كثيف سمعت ليلا", **CLASH)
    assert len(cluster_reports([dated, vague, arrest, unsupported])) == 4


def test_no_date_report_with_contradicting_toll_stays_apart():
    dated = report("https://a.example/1", "a", "مقتل عنصرين في اشتباك قرب سراقب", actor1=POLICE, killed=2,
                   **CLASH)
    loose = _no_date("https://b.example/2", "مقتل عشرين شخصا في معارك عنيفة", actor1=POLICE, killed=20, **CLASH)
    assert len(cluster_reports([dated, loose])) == 2


def test_no_date_report_never_joins_a_tally():
    tally = report("https://a.example/1", "a", "حصيلة الاشتباكات خلال الشهر في سراقب", actor1=POLICE,
                   aggregate=True, **CLASH)
    loose = _no_date("https://b.example/2", "قوات الأمن تواجه مجموعة مسلحة في سراقب", actor1=POLICE, **CLASH)
    assert len(cluster_reports([tally, loose])) == 2


def test_no_date_report_nightly_equals_one_pass():
    dated = report("https://a.example/1", "a", "اشتباك بين الأمن ومسلحين قرب سراقب", actor1=POLICE, **CLASH)
    loose = _no_date("https://b.example/2", "قوات الأمن تواجه مجموعة مسلحة في ريف سراقب", actor1=POLICE, **CLASH)
    nightly = cluster_reports([loose], existing=cluster_reports([dated]))
    assert _groups(nightly) == _groups(cluster_reports([dated, loose]))
    assert len(nightly) == 1
