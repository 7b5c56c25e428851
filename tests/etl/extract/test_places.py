"""Place finding and resolution on sentences written for these tests."""

from __future__ import annotations

import time

import pytest

from etl.extract.places import (
    Gazetteer,
    admin1_pcode_from_english,
    find_places,
    governorate_of,
    load_gazetteer,
    place_agreement,
    place_by_pcode,
    resolve_place,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def names(text: str, gaz: Gazetteer) -> list[str]:
    return [m.place.name_en for m in find_places(text, gaz)]


def only(text: str, gaz: Gazetteer):
    ms = find_places(text, gaz)
    assert len(ms) == 1, [(m.surface, m.place.name_en) for m in ms]
    return ms[0]


# --- loading ---------------------------------------------------------------------------------


def test_loader_is_cached_and_indexes_gazetteer(gaz: Gazetteer) -> None:
    assert load_gazetteer() is gaz
    assert len(gaz) > 900
    assert {e.pcode for e in gaz.candidates("سراقب")} == {"SY070003", "GN164816"}
    # alias prefixes are stripped: `ناحية حرمون` → حرمون; `منطقة كوباني` → كوباني
    assert "SY0206" in {e.pcode for e in gaz.candidates("كوباني")}
    # the district alias `ريف دمشق` is dropped: ريف دمشق is the governorate only
    assert [e.pcode for e in gaz.candidates("ريف دمشق")] == ["SY03"]


def test_place_by_pcode_fills_hierarchy(gaz: Gazetteer) -> None:
    p = place_by_pcode(gaz, "GN164816")
    assert (p.admin1, p.admin2, p.admin3, p.admin1_pcode) == ("Idlib", "Idlib", "Saraqab", "SY07")
    assert p.geo_precision == 1 and p.level == 4 and p.latitude and p.longitude
    gov = governorate_of(p, gaz)
    assert gov is not None and gov.pcode == "SY07" and gov.geo_precision == 3


def test_admin1_english_spellings(gaz: Gazetteer) -> None:
    assert admin1_pcode_from_english(gaz, "Rural Damascus") == "SY03"
    assert admin1_pcode_from_english(gaz, "Idleb") == "SY07"
    assert admin1_pcode_from_english(gaz, "idlib") == "SY07"
    assert admin1_pcode_from_english(gaz, "Latakia") == "SY06"
    assert admin1_pcode_from_english(gaz, "Atlantis") is None


# --- clitics and place words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("انفجرت عبوة ناسفة بسراقب صباح اليوم", "سراقب"),
        ("وفي سراقب، أصيب رجلان بجروح", "سراقب"),
        ("وسراقب شهدت قصفاً متقطعاً", "سراقب"),
        ("نقلت الجثة فسراقب هادئة", "سراقب"),
        ("وصلت التعزيزات لسراقب مساءً", "سراقب"),
        ("وبـسراقب وقع الحادث", "سراقب"),
    ],
)
def test_clitics_on_town_name(gaz: Gazetteer, text: str, surface: str) -> None:
    m = only(text, gaz)
    assert m.surface == surface
    assert text[m.start : m.end] == surface
    assert m.place.pcode == "GN164816" and m.place.geo_precision == 1


def test_detached_clitic_and_diacritics(gaz: Gazetteer) -> None:
    text = "توجهت الدورية لـ حمص ثم وَبِسَراقِب"
    ms = find_places(text, gaz)
    assert [m.place.name_en for m in ms] == ["Homs", "Saraqib"]
    assert text[ms[1].start : ms[1].end] == "سَراقِب"


def test_place_word_lamadina(gaz: Gazetteer) -> None:
    m = only("عاد الهدوء لمدينة حمص بعد حظر التجول", gaz)
    assert m.surface == "حمص" and m.place_type == "مدينه"
    assert m.place.pcode == "GN169577" and m.place.admin1 == "Homs" and m.place.geo_precision == 1


def test_lam_lam_article(gaz: Gazetteer) -> None:
    assert names("وصل وفد للرقة وآخر للاذقية", gaz) == ["Ar Raqqah", "Latakia"]


def test_muhafaza_means_governorate(gaz: Gazetteer) -> None:
    m = only("أعلنت محافظة حمص حظر تجول", gaz)
    assert m.place.pcode == "SY04" and m.place.level == 1 and m.place.geo_precision == 3


# --- countryside and directions ------------------------------------------------------------------


def test_countryside_with_direction(gaz: Gazetteer) -> None:
    text = "استهدف هجوم دورية بريف حلب الجنوبي"
    m = only(text, gaz)
    assert m.countryside and m.direction == "southern"
    assert m.surface == "ريف حلب الجنوبي" == text[m.start : m.end]
    assert m.place.pcode == "SY02" and m.place.admin1 == "Aleppo"
    assert m.place.geo_precision == 2 and m.place.qualifier == "southern countryside"


def test_compound_direction(gaz: Gazetteer) -> None:
    m = only("قصف مدفعي على ريف إدلب الشمالي الغربي", gaz)
    assert m.direction == "north-western" and m.place.admin1_pcode == "SY07"


def test_rif_dimashq_is_a_governorate_but_rif_homs_is_not(gaz: Gazetteer) -> None:
    rd = only("داهمت قوات الأمن منزلاً في ريف دمشق", gaz)
    assert rd.place.pcode == "SY03" and rd.place.geo_precision == 3 and not rd.countryside
    rh = only("داهمت قوات الأمن منزلاً في ريف حمص", gaz)
    assert rh.countryside and rh.place.pcode == "SY04" and rh.place.geo_precision == 2
    west = only("غارة على ريف دمشق الغربي", gaz)
    assert west.place.pcode == "SY03" and west.place.geo_precision == 2
    assert west.place.qualifier == "western countryside"


def test_countryside_of_a_town_stays_on_the_town(gaz: Gazetteer) -> None:
    m = only("اشتباكات في ريف منبج الشرقي", gaz)
    assert m.place.name_en == "Manbij" and m.place.geo_precision == 2
    assert m.place.qualifier == "eastern countryside of Manbij"


def test_countryside_of_the_governorate_word(gaz: Gazetteer) -> None:
    m = only("عملية أمنية في بلدات بريف محافظة حماة", gaz)
    assert m.countryside and m.place.pcode == "SY05"


def test_near_before_name(gaz: Gazetteer) -> None:
    m = only("عثر على جثة جنوب مدينة حمص", gaz)
    assert m.near == "south of" and m.place.geo_precision == 2 and m.place.name_en == "Homs"


# --- multi-word names, spellings, stop list ------------------------------------------------------


def test_longest_match_multiword(gaz: Gazetteer) -> None:
    assert names("قتل شخص في معرة النعمان", gaz) == ["Ma‘arrat an Nu‘mān"]
    assert names("وصلت قافلة إلى دير الزور", gaz) == ["Deir ez-Zor"]
    assert names("قصف على عين العرب", gaz) == ["‘Ayn al ‘Arab"]


def test_news_spellings(gaz: Gazetteer) -> None:
    assert names("في ديرالزور", gaz) == ["Deir ez-Zor"]
    assert names("في كوباني", gaz) == names("في عين العرب", gaz)
    assert names("في ادلب", gaz) == names("في إدلب", gaz) == ["Idlib"]
    assert names("في السويدا", gaz) == ["As-Suwayda"]


def test_common_words_are_not_towns(gaz: Gazetteer) -> None:
    assert names("فتح الباب أمام الحوار بعد الثورة السورية", gaz) == []
    assert names("خرجت مظاهرات سلمية تطالب بالسلام", gaz) == []
    assert names("هذا المشروع بصدد التنفيذ على المدى القصير", gaz) == []
    assert names("وقال دوماً إن الوضع مستقر", gaz) == []
    assert names("ذكرت قناة الميادين", gaz) == []


def test_common_word_towns_after_a_place_word(gaz: Gazetteer) -> None:
    assert names("سقطت قذيفة على مدينة الباب", gaz) == ["Al Bāb"]
    assert names("قتل شاب في بلدة صدد", gaz) == ["Şadad"]
    assert names("انفجار في الباب بريف حلب", gaz)[0] == "Al Bāb"


def test_neighbourhood_and_village_extras(gaz: Gazetteer) -> None:
    ms = find_places("قصف على حيي الشيخ مقصود والأشرفية في حلب", gaz)
    assert [m.place.name_en for m in ms] == ["Sheikh Maqsoud", "Ashrafieh (Aleppo)", "Aleppo"]
    assert ms[0].place.admin1 == "Aleppo" and ms[0].place.geo_precision == 1
    assert resolve_place(ms, gaz).name_en == "Sheikh Maqsoud"


# --- outside Syria --------------------------------------------------------------------------------


def test_outside_syria(gaz: Gazetteer) -> None:
    ms = find_places("وصل الوفد إلى بيروت قادماً من بغداد", gaz)
    assert [m.place.country for m in ms] == ["Lebanon", "Iraq"]
    assert all(m.outside_syria and m.place.level == 0 and m.place.admin1 is None for m in ms)
    golan = only("توغلت قوة في الجولان السوري المحتل", gaz)
    assert golan.outside_syria and golan.place.country != "Syria"


def test_syrian_place_preferred_over_abroad(gaz: Gazetteer) -> None:
    ms = find_places("أطلقت مسيرة من لبنان واستهدفت موقعاً في القصير بريف حمص", gaz)
    p = resolve_place(ms, gaz)
    assert p is not None and p.country == "Syria" and p.name_en == "Al Quşayr"
    abroad = resolve_place(find_places("انفجار في بيروت", gaz), gaz)
    assert abroad is not None and abroad.country == "Lebanon"


# --- ambiguity and resolution ----------------------------------------------------------------------


def test_ambiguous_name_resolved_by_article_context(gaz: Gazetteer) -> None:
    hama = find_places("قصف على بلدة صوران وقرب محردة", gaz)
    assert hama[0].place.admin1 == "Hama" and not hama[0].ambiguous
    aleppo = find_places("قصف على بلدة صوران قرب أعزاز", gaz)
    assert aleppo[0].place.admin1 == "Aleppo"


def test_ambiguous_name_without_context_falls_back(gaz: Gazetteer) -> None:
    m = only("قتل رجل في بلدة صوران", gaz)
    assert m.ambiguous and set(m.candidates) >= {"GN163913", "GN163915"}
    assert m.place.geo_precision == 3
    # the rest of the article decides
    ctx = find_places("وكانت قوات الأمن انتشرت في مدينة حماة", gaz)
    p = resolve_place([m], gaz, context=ctx)
    assert p is not None and p.admin1 == "Hama" and p.name_en == "Şūrān" and p.geo_precision == 1
    # so does the dateline
    p = resolve_place([m], gaz, dateline_hint="حلب")
    assert p is not None and p.admin1 == "Aleppo"


def test_most_specific_place_wins(gaz: Gazetteer) -> None:
    p = resolve_place(find_places("سيطر الجيش على مدينة دير حافر شرقي حلب", gaz), gaz)
    assert p is not None and p.name_en == "Dayr Ḩāfir" and p.geo_precision == 1
    p = resolve_place(find_places("هجوم على حاجز في الزربة بريف حلب الجنوبي", gaz), gaz)
    assert p is not None and p.name_en == "Az Zarbah" and p.admin2 == "Mount Simeon"


def test_destination_and_road_rank_last(gaz: Gazetteer) -> None:
    ms = find_places("استهدف كمين دورية على طريق دمشق – حلب قرب سراقب ونقل الجرحى إلى حماة", gaz)
    assert [m.on_road for m in ms] == [True, True, False, False]
    assert ms[-1].destination
    p = resolve_place(ms, gaz)
    assert p is not None and p.name_en == "Saraqib" and p.geo_precision == 2


def test_dateline_fallback(gaz: Gazetteer) -> None:
    p = resolve_place([], gaz, dateline_hint="إدلب")
    assert p is not None and p.pcode == "SY07" and p.geo_precision == 3
    assert resolve_place([], gaz) is None
    assert resolve_place([], gaz, dateline_hint="سانا") is None


def test_context_when_sentence_names_no_place(gaz: Gazetteer) -> None:
    ctx = find_places("داهمت القوات بلدة تلبيسة بريف حمص الشمالي. وأوقفت الدورية مطلوبين في تلبيسة", gaz)
    p = resolve_place([], gaz, context=ctx)
    assert p is not None and p.pcode == "GN163779"


# --- agreement -------------------------------------------------------------------------------------


def test_place_agreement_hierarchy(gaz: Gazetteer) -> None:
    saraqib = place_by_pcode(gaz, "GN164816")
    saraqib_sub = place_by_pcode(gaz, "SY070003")
    idlib_city = place_by_pcode(gaz, "GN169389")
    idlib_gov = place_by_pcode(gaz, "SY07")
    aleppo = place_by_pcode(gaz, "GN170063")
    assert place_agreement(saraqib, saraqib) == 1.0
    assert place_agreement(saraqib, saraqib_sub) == pytest.approx(0.85)
    assert place_agreement(saraqib, idlib_gov) == pytest.approx(0.6)
    assert 0.35 <= place_agreement(saraqib, idlib_city) < 0.85  # same district, different towns
    assert place_agreement(saraqib, aleppo) == 0.0
    assert place_agreement(saraqib, None) == 0.0
    sm = place_by_pcode(gaz, "X-SHEIKH-MAQSOUD")
    assert place_agreement(sm, aleppo) == pytest.approx(0.9)
    beirut = place_by_pcode(gaz, "LB:beirut")
    assert place_agreement(beirut, beirut) == 1.0
    assert place_agreement(beirut, place_by_pcode(gaz, "LB")) == 0.5
    assert place_agreement(beirut, saraqib) == 0.0
    # symmetric
    assert place_agreement(idlib_gov, saraqib) == place_agreement(saraqib, idlib_gov)


def test_offsets_always_point_into_text(gaz: Gazetteer) -> None:
    text = "وقال مصدر: «قُتل مدنيّان في قصفٍ على بلدة تفتناز وبريف إدلب الشرقي، ونُقل جريح لمدينة حماة»"
    for m in find_places(text, gaz):
        assert text[m.start : m.end] == m.surface


def test_scanning_is_fast(gaz: Gazetteer) -> None:
    sentence = "قتل شخصان وأصيب آخرون في قصف استهدف بلدة سراقب بريف إدلب الشرقي صباح اليوم الأحد "
    text = sentence * 200
    t0 = time.perf_counter()
    ms = find_places(text, gaz)
    elapsed = time.perf_counter() - t0
    assert len(ms) == 400
    assert elapsed < 2.0


def test_outlet_reporter_and_common_words_are_not_places(gaz: Gazetteer) -> None:
    # `مراسل حلب اليوم` is the reporter of an outlet, `ورقة` is a sheet of paper
    assert names("وقال مراسل حلب اليوم إن الطريق أغلق", gaz) == []
    assert names("رفع الطلاب ورقة كتب عليها مطلبهم", gaz) == []
    assert names("في مدينة حلب", gaz) == ["Aleppo"]


def test_name_read_in_another_governorate_than_its_countryside_is_dropped(gaz: Gazetteer) -> None:
    # `X بريف Y`: X lies in Y's governorate; the Damascus camp called اليرموك is not it
    ms = find_places("سقطت قذائف على حوض اليرموك بريف درعا الغربي", gaz)
    assert [m.place.admin1 for m in ms] == ["Daraa"]


def test_compass_locator_after_a_place_only_locates_it(gaz: Gazetteer) -> None:
    # `ريف مدينة تلكلخ غربي حمص`: حمص only says where Tallkalakh lies
    assert names("في ريف مدينة تلكلخ غربي حمص", gaz) == ["Tallkalakh"]
    assert names("في مدينة حمص قرب تدمر", gaz) == ["Homs", "Tadmur"]
    assert names("بمدينة كفرزيتا", gaz) == ["Kafr Zaytā"]
