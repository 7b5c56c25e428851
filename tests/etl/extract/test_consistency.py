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
