import re

import pytest

from etl.clean.normalize import deobfuscate, display_form, match_form, searchable, to_ascii_digits


@pytest.mark.parametrize(
    "text, expected",
    [
        ("هاجم عناصر من داعـ ـش حاجزاً", "داعش"),
        ("خلية تابعة لـ د.ا.ع.ش في البادية", "داعش"),
        ("فلول دا_عش في ريف حمص", "داعش"),
        ("اعتقال قيادي في د ا ع ش", "داعش"),
        ("هجوم لعناصر داعــــــــش", "داعش"),
        ("مقاتلو داااااعش", "داعش"),
        ("اشتباكات مع ق.س.د شرق حلب", "قسد"),
        ("قوات قـ ـسد في دير الزور", "قسد"),
        ("رموز نظام الأ سد البائد", "الاسد"),
        ("عناصر هيـ ـئة تحـ ـرير الشـ ـام", "هيئه تحرير الشام"),
        ("مقـ ـتل ثلاثة مدنيين", "مقتل"),
        ("خلايا الدو.اعش", "الدواعش"),
    ],
)
def test_obfuscated_words_are_rejoined(text, expected):
    folded = match_form(text)
    assert expected in folded
    # nothing of the broken-up form survives
    assert not re.search(r"[._]|\b\w\b \b\w\b", folded)


def test_legitimately_doubled_letters_are_kept():
    assert match_form("دمرت مخابئ للأسلحة") == "دمرت مخابئ للاسلحه"
    assert match_form("نقل إرهابيي التنظيم") == "نقل ارهابيي التنظيم"


def test_obfuscation_with_clitic_keeps_clitic():
    assert match_form("ضربة جوية ضد و.د.ا.ع.ش") == "ضربه جويه ضد وداعش"
    assert "لداعش" in match_form("خلية تابعة لـداعـ ـش")


def test_ordinary_text_is_not_joined():
    text = "قُتل شاب في تل أبيض و هو عائد إلى منزله"
    assert match_form(text) == "قتل شاب في تل ابيض و هو عائد الي منزله"
    # a lexicon word next to an ordinary word stays apart
    assert match_form("داعش ضرب") == "داعش ضرب"
    assert match_form("قسد سيطرت") == "قسد سيطرت"


def test_match_form_folds_letters_diacritics_and_digits():
    assert match_form("مُسَلَّحونَ إِرهابيّونَ في إدلب") == "مسلحون ارهابيون في ادلب"
    assert match_form("مقتل ٣ أشخاص في قرية ۱۲") == "مقتل 3 اشخاص في قريه 12"
    assert match_form("مستشفى   الرازي\n\nفي حلب") == "مستشفي الرازي في حلب"
    assert match_form("د\u200cاعش") == "داعش"


def test_display_form_keeps_wording():
    text = "قُتل \u200fثلاثة مدنيين"
    assert display_form(text) == "قُتل ثلاثة مدنيين"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("١٢٣", "123"),
        ("۴۵۶", "456"),
        ("١٢٬٥٠٠ نازح", "12,500 نازح"),
        ("٣٫٥ مليون", "3.5 مليون"),
        ("٢،٥ مليار", "2.5 مليار"),
        ("٣،٥٠٠ شخص", "3,500 شخص"),
        ("قال، ٣ أشخاص", "قال، 3 أشخاص"),
        ("عام ٢٠٢٥، وفي", "عام 2025، وفي"),
    ],
)
def test_to_ascii_digits(text, expected):
    result = to_ascii_digits(text)
    assert result == expected
    assert len(result) == len(text)


def test_deobfuscate_leaves_text_without_fragments():
    assert deobfuscate("قصف مدفعي على بلدة") == "قصف مدفعي على بلدة"
    assert deobfuscate("") == ""


def test_searchable_maps_offsets_back():
    text = "أُصيب عنصراً من «داعـش» في إدلبَ ١٢ مرة"
    s = searchable(text)
    assert s.text == "اصيب عنصرا من «داعش» في ادلب 12 مره"
    for word, original in [("عنصرا", "عنصراً"), ("داعش", "داعـش"), ("ادلب", "إدلبَ"), ("12", "١٢")]:
        start = s.text.index(word)
        a, b = s.span(start, start + len(word))
        assert text[a:b] == original


def test_searchable_without_marks_is_identity_mapping():
    s = searchable("قصف على حلب")
    assert s.span(4, 7) == (4, 7)
