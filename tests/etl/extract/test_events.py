"""extract_events on hand-written Arabic news sentences (not taken from any corpus)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from etl.extract import extract_events
from etl.extract.rules import load_rules
from etl.models import Article, EventReport

NOON = time(12, 0, tzinfo=ZoneInfo("Asia/Damascus"))


def article(*paragraphs: str, published: date | None = date(2025, 12, 11)) -> Article:
    return Article(
        url="https://example.org/a",
        outlet="example.org",
        title="",
        paragraphs=list(paragraphs),
        published=datetime.combine(published, NOON) if published else None,
    )


def one(*paragraphs: str, **kw) -> EventReport:
    reports = extract_events(article(*paragraphs, **kw))
    assert len(reports) == 1, [(r.event_type, r.sub_event_type) for r in reports]
    return reports[0]


def admin1(report: EventReport) -> str | None:
    return report.place.admin1 if report.place else None


# --- taxonomy ---------------------------------------------------------------------------------


def test_rules_cover_the_acled_taxonomy() -> None:
    rules = load_rules()
    assert len(rules.taxonomy) == 25
    assert {t for t, _ in rules.taxonomy.values()} == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }
    assert {d for _, d in rules.taxonomy.values()} == {
        "Political violence",
        "Demonstrations",
        "Strategic developments",
        "Political violence; Demonstrations",
    }


# --- event types ------------------------------------------------------------------------------


def test_gunmen_attacking_police_is_an_armed_clash() -> None:
    r = one("قتل مسلحون مجهولون ثلاثة عناصر من الشرطة في هجوم على حاجز قرب مدينة سراقب بريف إدلب، مساء أمس الأربعاء.")
    assert (r.event_type, r.sub_event_type) == ("Battles", "Armed clash")
    assert r.disorder_type == "Political violence"
    assert r.event_date == date(2025, 12, 10)
    assert admin1(r) == "Idlib"
    assert r.fatalities is not None and r.fatalities.value == 3


def test_gunmen_killing_a_farmer_is_violence_against_civilians() -> None:
    r = one("أقدم مسلحون مجهولون على قتل مزارع داخل أرضه في بلدة تلكلخ بريف حمص يوم الثلاثاء.")
    assert (r.event_type, r.sub_event_type) == ("Violence against civilians", "Attack")
    assert r.civilian_targeting
    assert admin1(r) == "Homs"
    assert r.event_date == date(2025, 12, 9)


def test_arrest_raid_with_suspects_killed_stays_an_arrest() -> None:
    r = one(
        "ألقت وحدات الأمن الداخلي القبض على أربعة أشخاص يشتبه بانتمائهم لخلية تابعة لتنظيم داعش "
        "في مدينة دير الزور، فيما قتل اثنان من أفرادها بعد رفضهما الاستسلام."
    )
    assert (r.event_type, r.sub_event_type) == ("Strategic developments", "Arrests")
    assert r.arrested is not None and r.arrested.value == 4
    assert r.fatalities is not None and r.fatalities.value == 2


def test_seized_weapons_cache_is_disrupted_weapons_use_and_weapons_are_not_deaths() -> None:
    r = one("ضبطت قوى الأمن مستودع أسلحة يضم 40 صاروخا و12 قذيفة هاون في ريف درعا الغربي.")
    assert (r.event_type, r.sub_event_type) == ("Strategic developments", "Disrupted weapons use")
    assert r.fatalities is None and r.injured is None
    assert admin1(r) == "Daraa"


def test_roadside_bomb_is_remote_explosive() -> None:
    r = one("انفجرت عبوة ناسفة زرعها مجهولون بسيارة عسكرية على طريق الرقة، ما أدى إلى مقتل جنديين.")
    assert (r.event_type, r.sub_event_type) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    assert r.fatalities is not None and r.fatalities.value == 2


def test_explosion_without_attacker_is_strategic_other() -> None:
    r = one("انفجر مستودع للذخيرة في منطقة صناعية بمدينة حماة صباح اليوم.")
    assert (r.event_type, r.sub_event_type) == ("Strategic developments", "Other")
    assert admin1(r) == "Hama"


def test_air_strike() -> None:
    r = one("شنت طائرات حربية غارات جوية على مواقع في ريف اللاذقية الشمالي، أسفرت عن مقتل خمسة مسلحين.")
    assert (r.event_type, r.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert r.fatalities is not None and r.fatalities.value == 5
    assert admin1(r) == "Latakia"


def test_peaceful_protest_and_vague_crowd_size_is_no_toll() -> None:
    r = one("تظاهر عشرات الطلاب أمام مبنى المحافظة في مدينة السويداء للمطالبة بتحسين الخدمات.")
    assert (r.event_type, r.sub_event_type) == ("Protests", "Peaceful protest")
    assert r.disorder_type == "Demonstrations"
    assert r.fatalities is None


def test_protest_dispersed_by_force_is_protest_with_intervention() -> None:
    r = one("أطلقت قوات الأمن الغاز المسيل للدموع لتفريق متظاهرين تجمعوا في ساحة مدينة جبلة.")
    assert (r.event_type, r.sub_event_type) == ("Protests", "Protest with intervention")


def test_protests_in_two_governorates_are_two_events() -> None:
    reports = extract_events(article("خرجت احتجاجات في مدينتي حماة وطرطوس للمطالبة بالإفراج عن موقوفين."))
    assert sorted(admin1(r) or "" for r in reports) == ["Hama", "Tartus"]
    assert [r.report_index for r in reports] == [0, 1]


def test_revenge_attacks_on_neighbourhoods_are_mob_violence() -> None:
    r = one("شهدت أحياء في مدينة حماة هجمات انتقامية طالت منازل ومحال تجارية ليلة أمس.")
    assert (r.event_type, r.sub_event_type) == ("Riots", "Mob violence")


def test_abduction() -> None:
    r = one("اختطف مسلحون مجهولون طبيبا من أمام عيادته في مدينة درعا يوم الاثنين.")
    assert (r.event_type, r.sub_event_type) == ("Violence against civilians", "Abduction/forced disappearance")


def test_territory_taken_by_fighting_vs_handed_over() -> None:
    fought = one("سيطر الجيش على بلدة مسكنة بريف حلب الشرقي بعد معارك عنيفة استمرت يومين.")
    assert (fought.event_type, fought.sub_event_type) == ("Battles", "Government regains territory")
    handed = one("بسط الجيش سيطرته على بلدة مسكنة بريف حلب الشرقي عقب انسحاب المقاتلين منها بموجب اتفاق.")
    assert (handed.event_type, handed.sub_event_type) == (
        "Strategic developments",
        "Non-violent transfer of territory",
    )


# --- incidents, recounts, non-events ----------------------------------------------------------


def test_arrest_announcement_recounting_the_attack_gives_two_events() -> None:
    reports = extract_events(
        article(
            "أعلنت وزارة الداخلية اليوم الخميس القبض على ثلاثة متهمين في مدينة حلب، على خلفية الهجوم "
            "الذي استهدف دورية للشرطة في مدينة منبج يوم الأحد الماضي وأدى إلى مقتل عنصرين."
        )
    )
    kinds = {r.sub_event_type: r for r in reports}
    assert set(kinds) == {"Arrests", "Armed clash"}
    arrest, attack = kinds["Arrests"], kinds["Armed clash"]
    assert arrest.event_date == date(2025, 12, 11) and arrest.arrested and arrest.arrested.value == 3
    assert attack.event_date == date(2025, 12, 7)
    assert attack.fatalities is not None and attack.fatalities.value == 2
    assert arrest.fatalities is None  # the attack's dead are not the raid's
    assert attack.place is not None and attack.place.name_ar == "منبج"


def test_evidence_offsets_point_into_the_article_text() -> None:
    a = article(
        "مقدمة لا حدث فيها عن الطقس في البلاد.",
        "انفجرت عبوة ناسفة بدورية للجيش قرب مدينة تدمر، ما أدى إلى إصابة جنديين.",
    )
    reports = extract_events(a)
    assert len(reports) == 1
    for ev in reports[0].evidence:
        assert a.text[ev.start : ev.end] == ev.sentence
    assert reports[0].injured is not None and reports[0].injured.value == 2
    assert reports[0].outlet == "example.org" and reports[0].article_url == a.url
    assert 0 < reports[0].confidence <= 1


@pytest.mark.parametrize(
    "text",
    [
        "هدد قيادي في التنظيم بشن هجمات جديدة على حواجز الجيش في البادية.",
        "نفت وزارة الدفاع وقوع أي اشتباكات في محيط مدينة منبج خلال اليومين الماضيين.",
        "تعتزم الحكومة إطلاق حملة أمنية واسعة في ريف حمص الشهر المقبل.",
        "قال القائد إن قواته سترد بقوة في حال تعرضت لأي هجوم من المسلحين.",
        "سجل المنتخب هدف الفوز من ضربة حرة مباشرة في الدقيقة الأخيرة من المباراة.",
    ],
)
def test_threats_denials_plans_conditionals_and_sport_are_not_events(text: str) -> None:
    assert extract_events(article(text)) == []


def test_economy_article_has_no_event() -> None:
    a = article(
        "ارتفع سعر ربطة الخبز في أسواق دمشق بعد قرار الحكومة رفع أسعار الطحين، وسط شكاوى من المواطنين.",
        "وقال وزير الاقتصاد إن الوزارة تدرس دعم الأفران خلال الأشهر الثلاثة المقبلة لتخفيف الأعباء.",
    )
    assert extract_events(a) == []


def test_ages_and_dates_are_not_counts() -> None:
    r = one(
        "أصيب ثلاثة مدنيين بجروح في إطلاق نار على منزل رجل يبلغ من العمر 45 عاما في مدينة درعا "
        "بتاريخ 9 كانون الأول 2025."
    )
    assert r.injured is not None and r.injured.value == 3
    assert r.fatalities is None
    assert r.event_date == date(2025, 12, 9)


def test_hedged_toll_keeps_its_flags() -> None:
    r = one("قتل أكثر من عشرين عنصرا من قوات الجيش في كمين نصبه مسلحون في بادية دير الزور يوم الأحد.")
    assert r.fatalities is not None and r.fatalities.value == 20 and r.fatalities.lower_bound


def test_tally_over_months_is_aggregate() -> None:
    r = one("ومنذ تموز الماضي نفذت القوات المشتركة نحو 60 عملية أمنية في سوريا أسفرت عن اعتقال 90 شخصا.")
    assert r.aggregate
    assert r.arrested is not None and r.arrested.value == 90 and r.arrested.approximate is False


def test_undated_article_without_date_words_has_no_date() -> None:
    r = one("قتل مسلحون عنصرين من الأمن العام في هجوم على حاجز بريف حماة.", published=None)
    assert r.event_date is None and r.event_type == "Battles"


# --- one incident per article: causes, fixed names, other operations ---------------------------


def test_casualties_then_cause_clause_is_one_news_incident() -> None:
    r = one("قتل عنصران من الشرطة وأصيب ثالث، صباح اليوم، إثر هجوم نفذه مسلحون على حاجز قرب مدينة سراقب بريف إدلب.")
    assert (r.event_type, r.sub_event_type) == ("Battles", "Armed clash")
    assert r.event_date == date(2025, 12, 11)
    assert admin1(r) == "Idlib"
    assert r.fatalities is not None and r.fatalities.value == 2
    assert r.notes != "recounted"


def test_trigger_words_inside_a_fixed_name_report_nothing() -> None:
    reports = extract_events(article("جددت الحكومة في دمشق تمسكها باتفاقية فض الاشتباك الموقعة قبل عقود."))
    assert reports == []


def test_a_second_operation_in_the_same_governorate_is_its_own_event() -> None:
    reports = extract_events(
        article(
            "ألقت قوى الأمن الداخلي القبض على أربعة أشخاص في مدينة الدانا بريف إدلب اليوم.",
            "وفي عملية ثانية، أوقفت دورية ثلاثة أشخاص قرب مدينة معرة النعمان بريف إدلب.",
        )
    )
    assert [r.sub_event_type for r in reports] == ["Arrests", "Arrests"]
    assert [r.arrested.value for r in reports if r.arrested] == [4, 3]


def test_clause_of_another_day_and_type_is_not_merged_into_the_news() -> None:
    reports = extract_events(
        article(
            "ألقت قوى الأمن القبض على خمسة أشخاص في مدينة تدمر بريف حمص اليوم الخميس.",
            "وقتل ثلاثة جنود إثر كمين في المدينة، أمس الأربعاء.",
        )
    )
    assert {(r.sub_event_type, r.event_date) for r in reports} == {
        ("Arrests", date(2025, 12, 11)),
        ("Armed clash", date(2025, 12, 10)),
    }


# --- event types: victims, drones, war remnants, caches, clan fights ---------------------------


def test_drone_strike_on_a_car_is_an_air_strike() -> None:
    r = one("قتل شابان، اليوم، جراء استهداف طائرة مسيرة إسرائيلية سيارتهما قرب بلدة خان أرنبة بريف القنيطرة.")
    assert (r.event_type, r.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert admin1(r) == "Quneitra"
    assert r.fatalities is not None and r.fatalities.value == 2


def test_victims_decide_the_target_before_the_gunmen_named() -> None:
    r = one("قتل رجل ونجله برصاص مسلحين مجهولين استهدفوا سيارتهما قرب مدينة تلكلخ بريف حمص، مساء أمس.")
    assert (r.event_type, r.sub_event_type) == ("Violence against civilians", "Attack")
    assert r.fatalities is not None and r.fatalities.value == 2


def test_security_member_among_the_victims_makes_a_battle() -> None:
    r = one("قتل ثلاثة أشخاص وأصيب عنصران من الأمن العام بهجوم على حاجز في مدينة سراقب بريف إدلب، فجر اليوم.")
    assert (r.event_type, r.sub_event_type) == ("Battles", "Armed clash")


def test_war_remnant_killing_children_is_a_remote_explosive() -> None:
    r = one(
        "توفي طفلان وأصيب ثالث، اليوم، بانفجار قذيفة من مخلفات الحرب أثناء لعبهم قرب منزلهم في بلدة كفرزيتا بريف حماة."
    )
    assert (r.event_type, r.sub_event_type) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    assert r.fatalities is not None and r.fatalities.value == 2


def test_explosion_while_dismantling_ordnance_stays_strategic_other() -> None:
    r = one("أصيب عاملان بانفجار قذيفة أثناء تفكيكها داخل ورشة للخردة في مدينة حماة اليوم.")
    assert (r.event_type, r.sub_event_type) == ("Strategic developments", "Other")


def test_seized_store_with_grenades_is_disrupted_weapons_use() -> None:
    r = one("ضبطت قوى الأمن الداخلي مستودعا يضم بنادق وقنابل يدوية وذخائر داخل مزرعة في ريف جبلة، صباح اليوم.")
    assert (r.event_type, r.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_family_gunfight_is_mob_violence() -> None:
    r = one(
        "قتل شخص وأصيب ثلاثة آخرون في شجار مسلح بين عائلتين في بلدة الشحيل بريف دير الزور، مساء أمس، بسبب خلاف على أرض."
    )
    assert (r.event_type, r.sub_event_type) == ("Riots", "Mob violence")
    assert r.fatalities is not None and r.fatalities.value == 1


# --- counts without figures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, killed",
    [
        ("أسفر انفجار عبوة ناسفة في سوق مدينة الباب بريف حلب اليوم عن مقتل سائق وإصابة آخرين.", 1),
        ("استهدفت طائرة مسيرة سيارة قرب بلدة الشدادي بريف الحسكة اليوم، ما أدى إلى مقتلهما.", 2),
        ("أسفر الهجوم على دورية قرب مدينة تدمر بريف حمص اليوم عن مقتل جنديين ومترجم.", 3),
        ("لقي مدنيان حتفهما اليوم إثر تعرضهما لإطلاق نار في ريف مدينة تلكلخ بريف حمص.", 2),
    ],
)
def test_counts_without_a_figure(sentence: str, killed: int) -> None:
    r = one(sentence)
    assert r.fatalities is not None and r.fatalities.value == killed


def test_word_written_with_taa_marbuta_is_not_a_recount_cue() -> None:
    # `بعدة قذائف` (with several shells) is not `بعد` (after): the shelling is the news
    r = one("استهدف الجيش بعدة قذائف مدفعية أطراف بلدة نوى بريف درعا الغربي عصر اليوم.")
    assert (r.event_type, r.sub_event_type) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert admin1(r) == "Daraa"
    assert r.notes != "recounted"


def test_shelling_verb_in_the_past_tense() -> None:
    r = one("قصفت قوات الاحتلال بثلاث قذائف، أمس الأربعاء، محيط بلدة نوى بريف درعا الغربي.")
    assert r.sub_event_type == "Shelling/artillery/missile attack"
    assert r.event_date == date(2025, 12, 10)


def test_no_arrest_announced_is_no_arrest() -> None:
    reports = extract_events(article("ولم تعلن الشرطة توقيف أي مشتبه به في مدينة حماة حتى مساء اليوم."))
    assert reports == []
