"""Attributes that must come out the same whichever outlet reports an incident (hand-written
sentences, not taken from any corpus): counts, dates, places and types that differed between
reports of one incident and kept them from being merged."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from etl.extract import extract_events
from etl.models import Article, EventReport

NOON = time(12, 0, tzinfo=ZoneInfo("Asia/Damascus"))


def article(*paragraphs: str, published: date | None = date(2025, 10, 12)) -> Article:
    return Article(
        url="https://example.org/c",
        outlet="example.org",
        title="",
        paragraphs=list(paragraphs),
        published=datetime.combine(published, NOON) if published else None,
    )


def reports(*paragraphs: str, **kw) -> list[EventReport]:
    return extract_events(article(*paragraphs, **kw))


def one(*paragraphs: str, **kw) -> EventReport:
    found = reports(*paragraphs, **kw)
    assert len(found) == 1, [(r.event_type, r.sub_event_type, r.event_date) for r in found]
    return found[0]


def value(count) -> int | None:
    return count.value if count else None


# --- counts -----------------------------------------------------------------------------------


def test_a_figure_takes_its_own_noun_not_the_previous_figures() -> None:
    r = one("ارتفع عدد ضحايا التفجير الذي ضرب سوقا شعبيا في مدينة حماة إلى 5 قتلى و23 جريحا، بحسب مصادر طبية.")
    assert value(r.fatalities) == 5
    assert value(r.injured) == 23


def test_kill_word_before_a_bare_figure_still_counts_it() -> None:
    r = one("أسفر انفجار عبوة ناسفة في مدينة حماة عن مقتل 4 مدنيين وإصابة 9 آخرين.")
    assert value(r.fatalities) == 4
    assert value(r.injured) == 9


# --- dates ------------------------------------------------------------------------------------


def test_the_day_of_an_announcement_gives_way_to_the_incident_day() -> None:
    # published Sunday 12 Oct 2025: the statement is Sunday's, the strikes were on Saturday evening
    r = one(
        "أعلنت وزارة الدفاع التركية، الأحد، تنفيذ غارات جوية على مواقع مسلحين في ريف الحسكة.",
        "وقالت الوزارة إن طائراتها نفذت الضربات مساء السبت ودمرت عددا من المخابئ.",
    )
    assert r.event_date == date(2025, 10, 11)


def test_an_announcement_day_is_used_when_it_is_the_only_date() -> None:
    r = one("أعلنت وزارة الداخلية، اليوم الأحد، إلقاء القبض على ثلاثة مطلوبين في مدينة درعا.")
    assert r.event_date == date(2025, 10, 12)


# --- event type -------------------------------------------------------------------------------


def test_shelling_of_city_neighbourhoods_during_street_fighting_is_an_armed_clash() -> None:
    r = one(
        "قال مجلس المدينة اليوم الأحد إن القصف الذي يستهدف حي الشيخ مقصود أسفر عن مقتل 3 مدنيين.",
        "وتتواصل الاشتباكات بين القوات الحكومية والمقاتلين الأكراد في شوارع المدينة.",
    )
    assert (r.event_type, r.sub_event_type) == ("Battles", "Armed clash")


def test_shelling_of_a_village_stays_shelling_without_ground_fighting() -> None:
    r = one("قصفت المدفعية اليوم الأحد قرية في ريف إدلب الجنوبي ما أسفر عن مقتل مدنيين اثنين.")
    assert r.sub_event_type == "Shelling/artillery/missile attack"


def test_neighbourhood_shelling_with_no_fighting_reported_stays_shelling() -> None:
    r = one("قال مجلس المدينة اليوم الأحد إن قذائف صاروخية استهدفت حي الشيخ مقصود وأسفرت عن مقتل 3 مدنيين.")
    assert r.sub_event_type == "Shelling/artillery/missile attack"


def test_bombardment_with_precision_munitions_is_an_air_strike() -> None:
    r = one(
        "قالت القيادة إن الهجوم شهد استخدام عشرات الذخائر الدقيقة في قصف استهدف مواقع للتنظيم"
        " في ريف دير الزور، اليوم الأحد."
    )
    assert r.sub_event_type == "Air/drone strike"


def test_an_air_campaign_without_a_place_of_its_own_is_not_put_at_another_place_of_the_article() -> None:
    found = reports(
        "أعلنت وزارة الداخلية، اليوم الأحد، إلقاء القبض على ثلاثة مطلوبين في مدينة درعا.",
        "في سياق متصل، قالت القيادة الأمريكية إنها نفذت غارات جوية استهدفت عشرات المواقع للتنظيم، يوم الجمعة.",
    )
    strikes = [r for r in found if r.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 1
    assert strikes[0].place is not None and strikes[0].place.admin1 is None
