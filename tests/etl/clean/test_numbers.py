import pytest

from etl.clean.numbers import dual_count, find_counts, parse_count
from etl.models import Count


def values(text, **kw):
    return [(m.count.value, m.count.approximate, m.count.lower_bound) for m in find_counts(text, **kw)]


@pytest.mark.parametrize(
    "phrase, value",
    [
        ("3", 3),
        ("٧", 7),
        ("۱۵", 15),
        ("١٢٬٥٠٠", 12500),
        ("12,500", 12500),
        ("٣٫٥ مليون", 3_500_000),
        ("2.5 مليون", 2_500_000),
        ("10 آلاف", 10_000),
        ("واحد", 1),
        ("اثنين", 2),
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("أربعة", 4),
        ("ثماني", 8),
        ("عشرة", 10),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("ثلاثة عشر", 13),
        ("خمس عشرة", 15),
        ("عشرون", 20),
        ("خمسة وعشرين", 25),
        ("خمسة و عشرين", 25),
        ("ثلاث وأربعون", 43),
        ("مئة", 100),
        ("مائة وعشرون", 120),
        ("مئة وعشرة", 110),
        ("مئتين", 200),
        ("ثلاثمئة", 300),
        ("ثلاث مئة", 300),
        ("خمسمائة وستون", 560),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10_000),
        ("خمسة وعشرين ألف", 25_000),
        ("مئة ألف", 100_000),
        ("ألف ومئتين", 1200),
        ("ثلاثة آلاف وخمسمئة", 3500),
        ("مليون", 1_000_000),
    ],
)
def test_parse_count_values(phrase, value):
    count = parse_count(phrase)
    assert count is not None
    assert count.value == value
    assert not count.approximate and not count.lower_bound


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("نحو 25 عنصراً", Count(25, approximate=True, text="نحو 25")),
        ("قرابة ثلاثين مدنياً", Count(30, approximate=True, text="قرابة ثلاثين")),
        ("حوالي ٤٠ شخصاً", Count(40, approximate=True, text="حوالي ٤٠")),
        ("ما يقارب مئتي عائلة", Count(200, approximate=True, text="ما يقارب مئتي")),
        ("قرابة الـ 30 نازحاً", Count(30, approximate=True, text="قرابة الـ 30")),
        ("أكثر من 100 ذخيرة", Count(100, lower_bound=True, text="أكثر من 100")),
        ("ما لا يقل عن عشرة أشخاص", Count(10, lower_bound=True, text="ما لا يقل عن عشرة")),
        ("ما يزيد عن 70 موقعاً", Count(70, lower_bound=True, text="ما يزيد عن 70")),
        ("عشرات الجرحى", Count(20, lower_bound=True, text="عشرات")),
        ("أصيب العشرات بجروح", Count(20, lower_bound=True, text="العشرات")),
        ("مئات المعتقلين", Count(200, lower_bound=True, text="مئات")),
        ("نزوح آلاف العائلات", Count(2000, lower_bound=True, text="آلاف")),
        ("عشرات الآلاف من النازحين", Count(20_000, lower_bound=True, text="عشرات الآلاف")),
        ("بضعة عناصر", Count(3, approximate=True, text="بضعة")),
    ],
)
def test_hedges(phrase, expected):
    assert parse_count(phrase) == expected


def test_hedge_after_the_noun():
    assert values("قُتل ثمانية أشخاص على الأقل في التفجير") == [(8, False, True)]
    assert values("دمرت 15 موقعاً تقريباً") == [(15, True, False)]
    assert values("اعتقال عشرة أشخاص أو أكثر") == [(10, False, True)]


def test_offsets_point_into_original_text():
    text = "أسفر القصف عن مقتل خمسةٍ وعشرينَ مدنياً، وإصابة نحو ٤٠ آخرين."
    found = find_counts(text)
    assert [m.count.value for m in found] == [25, 40]
    for m in found:
        assert text[m.start : m.end] == m.count.text
    assert found[0].count.text == "خمسةٍ وعشرينَ"
    assert found[1].count.text == "نحو ٤٠"


def test_several_counts_in_a_sentence():
    text = "قتل 3 عناصر من الأمن العام وأصيب سبعة آخرون، واعتقلت القوات أكثر من عشرين مشتبهاً"
    assert values(text) == [(3, False, False), (7, False, False), (20, False, True)]


@pytest.mark.parametrize(
    "text",
    [
        "في 19/12/2025 عند الساعة 03:24",
        "ارتفعت الأسعار بنسبة 50 بالمئة",
        "تراجع بنسبة ٣٠ في المئة",
        "نسبة 12% من السكان",
        "منذ عام 2011 وحتى سنة 2024",
        "انتهت المباراة 1-0",
        "لم يصب أحد بأذى",
        "قال أحد السكان",
        "ضبط كمية من المخدرات",
        "اندلعت الاشتباكات في 19 كانون الأول",
        "الأحد 14 ديسمبر 2025",
        "ديسمبر 16, 2025",
        "في 26 من تشرين الثاني",
        "بين 20 و29 من الشهر الجاري",
    ],
)
def test_not_counts(text):
    assert find_counts(text) == []


def test_day_numbers_next_to_counts_are_not_confused():
    text = "قُتل 19 شخصاً في 19 كانون الأول، وأصيب 5 من عناصر الأمن"
    assert [m.count.value for m in find_counts(text)] == [19, 5]
    assert find_counts(text)[0].start == text.index("19")


def test_bare_decimal_is_not_a_count():
    assert find_counts("بلغت الحرارة 3.5 درجة") == []


def test_dual_nouns():
    assert values("مقتل شخصين وإصابة عنصرين") == [(2, False, False), (2, False, False)]
    assert values("استشهاد طفلتين") == [(2, False, False)]
    assert values("شنت الطائرات غارتين على البلدة") == [(2, False, False)]
    found = find_counts("مقتل شخصين اثنين")
    assert len(found) == 1 and found[0].count.text == "شخصين اثنين"


@pytest.mark.parametrize(
    "word, expected",
    [
        ("شخصين", 2),
        ("عنصران", 2),
        ("والطفلين", 2),
        ("لامرأتين", 2),
        ("بسيارتين", 2),
        ("جنديين", 2),
        ("مدنيان", 2),
        ("مدنيين", None),  # civilians, not "two civilians"
        ("مواطنين", None),
        ("مسلحين", None),
        ("شخص", None),
        ("أشخاص", None),
    ],
)
def test_dual_count(word, expected):
    assert dual_count(word) == expected


def test_ordinals_only_on_request():
    assert find_counts("للمرة الثالثة خلال أسبوع") == []
    found = find_counts("للمرة الثالثة خلال أسبوع", include_ordinals=True)
    assert [(m.count.value, m.ordinal) for m in found] == [(3, True)]
    assert parse_count("الحادي والعشرين").value == 21
    assert parse_count("الحادي عشر").value == 11
    assert parse_count("العاشرة").value == 10


def test_no_count_in_plain_text():
    assert parse_count("أعلنت وزارة الداخلية السورية") is None
    assert find_counts("") == []


def test_clitic_on_first_number_word():
    assert values("وثلاثة مدنيين وبخمسة صواريخ") == [(3, False, False), (5, False, False)]


def test_large_text_is_fast_enough():
    text = "قتل خمسة وعشرون شخصاً وأصيب نحو ٤٠ آخرين في قصف على ريف إدلب. " * 2000
    found = find_counts(text)
    assert len(found) == 4000
