"""Background, plans and participation: hand-written sentences (not taken from any corpus)."""

from __future__ import annotations

from etl.clean.sentences import split_sentences
from etl.extract import extract_events
from etl.extract.actors import load_actors

from .test_events import article, one

NEWS = "قتل ثلاثة عناصر من الشرطة، صباح اليوم الأربعاء، في هجوم مسلح على حاجز قرب مدينة حماة."


def test_purpose_of_a_raid_is_not_an_arrest() -> None:
    reports = extract_events(
        article(
            "نفذت قوة عسكرية أمس مداهمة في قرية قرب القنيطرة استهدفت توقيف أشخاص مطلوبين، "
            "ودارت اشتباكات مع مسلحين في القرية.",
        )
    )
    assert [r.sub_event_type for r in reports] == ["Armed clash"]


def test_a_period_recounted_is_not_a_second_event() -> None:
    reports = extract_events(
        article(
            NEWS,
            "يذكر أن القصف على أحياء المدينة مستمر منذ أربعة أيام بشكل متقطع.",
        )
    )
    assert [r.sub_event_type for r in reports] == ["Armed clash"]


def test_an_undated_attack_answered_is_background() -> None:
    reports = extract_events(
        article(
            "أعلنت القوات الأمريكية تنفيذ غارات جوية على مواقع للتنظيم في البادية مساء أمس.",
            "وجاءت الغارات ردا على الهجوم الذي استهدف دورية مشتركة قرب السخنة وأسفر عن مقتل جنديين.",
        )
    )
    assert [r.sub_event_type for r in reports] == ["Air/drone strike"]


def test_the_operation_continued_is_context() -> None:
    reports = extract_events(
        article(
            "نفذ الطيران الأمريكي غارات جوية على مخابئ للتنظيم في ريف دير الزور مساء أمس.",
            "وقال البيان إن الغارات جاءت امتدادا لعملية واسعة أطلقت في الثالث من الشهر الجاري وشهدت "
            "قصفا استهدف عشرات المواقع.",
        )
    )
    assert [r.sub_event_type for r in reports] == ["Air/drone strike"]


def test_members_of_a_tally_are_part_of_it() -> None:
    reports = extract_events(
        article(
            NEWS,
            "وتبين أن المهاجمين نفذوا هجمات سابقة، شملت استهداف حاجز في بلدة مورك، والاعتداء على دورية "
            "قرب بلدة طيبة الإمام.",
        )
    )
    assert sum(not r.aggregate for r in reports) == 1


def test_a_state_taking_part_in_strikes_is_actor1() -> None:
    r = one("وشارك الأردن أمس في ضربات جوية أميركية على مواقع لتنظيم داعش في البادية السورية.")
    assert r.actor1 == "Military Forces of Jordan (1999-)"
    assert r.actor2 == "Islamic State"


def test_taking_part_with_a_state_named_after_bimusharaka() -> None:
    r = one("نفذت طائرات حربية أمس غارات على مواقع لتنظيم داعش في البادية بمشاركة تركيا.")
    assert r.actor1 == "Military Forces of Turkey (2016-)"


def test_country_names_are_not_free_aliases() -> None:
    d = load_actors()
    assert d.lookup("الأردن") is None
    assert "الاردن" in d.states


def test_sentence_ends_after_a_closing_quote_glued_to_the_next_word() -> None:
    text = 'وقال المتحدث: "سيتم نقل المعدات غدا".بدورها، نفت الجهة الأخرى ذلك.'
    assert [s.sentence for s in split_sentences(text)] == [
        'وقال المتحدث: "سيتم نقل المعدات غدا".',
        "بدورها، نفت الجهة الأخرى ذلك.",
    ]


def test_a_scheduled_handover_is_a_plan() -> None:
    done = "وتسلمت قوات الجيش مواقع التنظيم في بلدة مورك بعد انسحاب مقاتليه منها صباح اليوم."
    planned = "ومن المقرر تسليم مواقع التنظيم في بلدة مورك إلى قوات الجيش بعد انسحاب مقاتليه منها."
    assert [r.sub_event_type for r in extract_events(article(done))] == ["Non-violent transfer of territory"]
    assert extract_events(article(planned)) == []
