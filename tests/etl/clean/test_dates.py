from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from etl.clean.dates import DAY, MONTH, WEEK, find_dates, hijri_to_gregorian, parse_date, parse_published

# Tuesday 30 December 2025, 10:00 in Damascus.
PUB = datetime(2025, 12, 30, 7, 0, tzinfo=UTC)


def one(text, published=PUB):
    found = find_dates(text, published)
    assert len(found) == 1, found
    m = found[0]
    assert text[m.start : m.end] == m.text
    return m.date, m.precision


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وقع الهجوم في 16 ديسمبر 2025 على الطريق", date(2025, 12, 16)),
        ("وقع الهجوم في ١٦ ديسمبر ٢٠٢٥ على الطريق", date(2025, 12, 16)),
        ("نُفذت الضربة في ۱۶ دیسمبر ۲۰۲۵", date(2025, 12, 16)),
        ("بتاريخ 3 آب 2025", date(2025, 8, 3)),
        ("في 8 أغسطس 2025", date(2025, 8, 8)),
        ("في 8 اغسطس 2025", date(2025, 8, 8)),
        ("يوم 2 ابريل 2025", date(2025, 4, 2)),
        ("في 7 كانون الثاني 2026", date(2026, 1, 7)),
        ("مساء 4 شباط 2025", date(2025, 2, 4)),
        ("في 11 آذار من عام 2024", date(2024, 3, 11)),
        ("في 21 نيسان 2025", date(2025, 4, 21)),
        ("في 9 أيار 2025", date(2025, 5, 9)),
        ("في 30 حزيران 2025", date(2025, 6, 30)),
        ("في 14 تموز 2025", date(2025, 7, 14)),
        ("في 1 أيلول 2025", date(2025, 9, 1)),
        ("في 6 تشرين الأول 2025", date(2025, 10, 6)),
        ("في 27 تشرين الثاني 2025", date(2025, 11, 27)),
        ("الجمعة 19 كانون الأول/ديسمبر 2025", date(2025, 12, 19)),
        ("في 19 ديسمبر/كانون الأول 2025", date(2025, 12, 19)),
        ("حلب 13 ديسمبر كانون الأول 2025", date(2025, 12, 13)),
        ("16-كانون-الأول-2025", date(2025, 12, 16)),
        ("العاشر من كانون الأول 2025", date(2025, 12, 10)),
        ("في الحادي والعشرين من تشرين الثاني 2025", date(2025, 11, 21)),
        ("صدر القرار بتاريخ 2025-12-16", date(2025, 12, 16)),
        ("صدر القرار بتاريخ 16/12/2025", date(2025, 12, 16)),
        ("صدر القرار بتاريخ ١٦/١٢/٢٠٢٥", date(2025, 12, 16)),
        ("بتاريخ 16.12.2025", date(2025, 12, 16)),
        ("بتاريخ 2025/12/16", date(2025, 12, 16)),
    ],
)
def test_absolute_day_dates(text, expected):
    assert one(text, None) == (expected, DAY)


def test_day_month_without_year_uses_publication_year():
    assert one("اندلعت الاشتباكات في 19 كانون الأول") == (date(2025, 12, 19), DAY)
    # after publication this year → last year
    assert one("اندلعت الاشتباكات في 31 كانون الأول", datetime(2026, 1, 5, tzinfo=UTC)) == (
        date(2025, 12, 31),
        DAY,
    )
    assert find_dates("في 19 كانون الأول", None) == []


def test_current_and_past_month_words():
    assert one("الضربة التي بدأت في 19 كانون الأول الجاري") == (date(2025, 12, 19), DAY)
    assert one("منذ 8 تشرين الثاني الماضي") == (date(2025, 11, 8), DAY)
    assert one("في 29 من الشهر الجاري") == (date(2025, 12, 29), DAY)
    assert one("في 3 من الشهر الماضي") == (date(2025, 11, 3), DAY)
    assert one("مهمات جرت بين 20 و29 من الشهر الجاري") == (date(2025, 12, 20), MONTH)
    assert one("بين 20 و24 كانون الأول") == (date(2025, 12, 20), WEEK)


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("أعلنت الوزارة اليوم أن", date(2025, 12, 30), DAY),
        ("أعلنت الوزارة اليوم الثلاثاء", date(2025, 12, 30), DAY),
        ("أعلنت الوزارة، اليوم (الثلاثاء)، أن", date(2025, 12, 30), DAY),
        ("قُتل شاب أمس في درعا", date(2025, 12, 29), DAY),
        ("أمس الاثنين", date(2025, 12, 29), DAY),
        ("أول أمس", date(2025, 12, 28), DAY),
        ("أول من أمس", date(2025, 12, 28), DAY),
        ("أمس الأول", date(2025, 12, 28), DAY),
        ("الليلة الماضية", date(2025, 12, 29), DAY),
        ("فجر اليوم", date(2025, 12, 30), DAY),
        ("صباح أمس", date(2025, 12, 29), DAY),
        ("مساء أمس", date(2025, 12, 29), DAY),
        ("ليل أمس", date(2025, 12, 29), DAY),
        ("يوم الثلاثاء", date(2025, 12, 30), DAY),
        ("يوم الاثنين", date(2025, 12, 29), DAY),
        ("يوم الإثنين", date(2025, 12, 29), DAY),
        ("مساء السبت", date(2025, 12, 27), DAY),
        ("فجر الجمعة", date(2025, 12, 26), DAY),
        # a bare weekday that is the day after publication is that day (a lagging publication
        # date), not six days back; a past week's day is written `الأربعاء الماضي`
        ("يوم الأربعاء", date(2025, 12, 31), DAY),
        ("الأربعاء الماضي", date(2025, 12, 24), DAY),
        ("الأحد الماضي", date(2025, 12, 28), DAY),
        ("الثلاثاء الماضي", date(2025, 12, 23), DAY),
        ("الخميس المقبل", date(2026, 1, 1), DAY),
        ("غداً", date(2025, 12, 31), DAY),
        ("قبل يومين", date(2025, 12, 28), DAY),
        ("قبل ثلاثة أيام", date(2025, 12, 27), DAY),
        ("منذ 4 أيام", date(2025, 12, 26), DAY),
        ("قبل أيام", date(2025, 12, 27), WEEK),
        ("قبل أسبوع", date(2025, 12, 23), WEEK),
        ("الأسبوع الماضي", date(2025, 12, 23), WEEK),
        ("خلال الأسبوع الجاري", date(2025, 12, 30), WEEK),
        ("منتصف الشهر الماضي", date(2025, 11, 15), MONTH),
        ("نهاية الشهر الماضي", date(2025, 11, 30), MONTH),
        ("أواخر الشهر الماضي", date(2025, 11, 30), MONTH),
        ("مطلع الشهر", date(2025, 12, 1), MONTH),
        ("مطلع الشهر الجاري", date(2025, 12, 1), MONTH),
        ("خلال الشهر الماضي", date(2025, 11, 15), MONTH),
        ("منذ يوليو/تموز الماضي", date(2025, 7, 15), MONTH),
        ("في كانون الأول/ديسمبر", date(2025, 12, 15), MONTH),
        ("في آب الماضي", date(2025, 8, 15), MONTH),
        ("في شهر نيسان", date(2025, 4, 15), MONTH),
        ("منتصف تشرين الثاني", date(2025, 11, 15), MONTH),
        ("في أكتوبر 2024", date(2024, 10, 15), MONTH),
    ],
)
def test_relative_dates(text, expected, precision):
    assert one(text) == (expected, precision)


def test_relative_dates_use_syria_time():
    # 22:30 UTC on Monday 29th is already Tuesday 30th in Damascus.
    late = datetime(2025, 12, 29, 22, 30, tzinfo=UTC)
    assert one("قُتل مدني أمس", late) == (date(2025, 12, 29), DAY)
    assert one("يوم الثلاثاء", late) == (date(2025, 12, 30), DAY)
    # naive datetimes are already local
    assert one("أمس", datetime(2025, 12, 30, 1, 0)) == (date(2025, 12, 29), DAY)


def test_weekday_before_date_is_one_mention():
    found = find_dates("نفذ الجيش، الجمعة 19 كانون الأول/ديسمبر، عملية واسعة", PUB)
    assert [(m.date, m.text) for m in found] == [(date(2025, 12, 19), "الجمعة 19 كانون الأول/ديسمبر")]


def test_several_mentions_in_order():
    text = "أعلنت الوزارة، يوم الثلاثاء، أن الهجوم الذي وقع في 14 كانون الأول أسفر عن قتلى، وأن التحقيق بدأ أمس"
    found = find_dates(text, PUB)
    assert [m.date for m in found] == [date(2025, 12, 30), date(2025, 12, 14), date(2025, 12, 29)]
    assert [m.text for m in found] == ["يوم الثلاثاء", "14 كانون الأول", "أمس"]


@pytest.mark.parametrize(
    "text",
    [
        "في اليوم التالي للهجوم",
        "بمناسبة اليوم العالمي لحقوق الإنسان",
        "استمرت الاشتباكات حتى اليوم",
        "والده أب لثلاثة أطفال",
        "اشترى سيارة نيسان مستعملة",
        "قُتل عنصران من الأمن العام",
        "منذ عام 2011",
    ],
)
def test_not_dates(text):
    assert find_dates(text, PUB) == []


def test_relative_dates_need_publication():
    assert find_dates("قُتل مدني أمس يوم الاثنين", None) == []


def test_invalid_calendar_dates_are_skipped():
    # no such day: at most the month is read
    assert [(m.date, m.precision) for m in find_dates("في 31 شباط 2025", None)] == [(date(2025, 2, 15), MONTH)]
    assert find_dates("بتاريخ 2025-13-01", None) == []


@pytest.mark.parametrize(
    "hijri, gregorian",
    [
        ((1, 1, 1), date(622, 7, 19)),  # tabular epoch, proleptic Gregorian
        ((1447, 1, 1), date(2025, 6, 27)),  # Umm al-Qura says the 26th: tabular is off by one here
        ((1446, 9, 1), date(2025, 3, 1)),
        ((1447, 6, 15), date(2025, 12, 6)),
    ],
)
def test_hijri_to_gregorian(hijri, gregorian):
    assert hijri_to_gregorian(*hijri) == gregorian


def test_hijri_dates_in_text():
    assert one("الموافق 15 جمادى الآخرة 1447 هـ", None) == (date(2025, 12, 6), DAY)
    assert one("في الأول من رمضان 1446هـ", None) == (date(2025, 3, 1), DAY)
    assert one("خلال شهر رمضان 1446", None) == (date(2025, 3, 15), MONTH)
    # a name, not a month
    assert find_dates("قال رمضان الأحمد إن", None) == []


def test_parse_date_returns_first_or_none():
    m = parse_date("أمس وقبل أسبوع", PUB)
    assert m is not None and m.date == date(2025, 12, 29)
    assert parse_date("لا تاريخ هنا", PUB) is None


SYRIA = timezone(timedelta(hours=3))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-12-16T10:30:00+03:00", datetime(2025, 12, 16, 10, 30, tzinfo=SYRIA)),
        ("2025-12-16T07:30:00Z", datetime(2025, 12, 16, 7, 30, tzinfo=UTC)),
        ("2025-12-16T10:30:00", datetime(2025, 12, 16, 10, 30, tzinfo=SYRIA)),
        ("2025-12-16 10:30", datetime(2025, 12, 16, 10, 30, tzinfo=SYRIA)),
        ("2025-12-16", datetime(2025, 12, 16, tzinfo=SYRIA)),
        ("Tue, 16 Dec 2025 10:30:00 +0300", datetime(2025, 12, 16, 10, 30, tzinfo=SYRIA)),
        ("Tue, 16 Dec 2025 07:30:00 GMT", datetime(2025, 12, 16, 7, 30, tzinfo=UTC)),
        ("Tue, 16 Dec 2025 07:30:00 -0000", datetime(2025, 12, 16, 7, 30, tzinfo=UTC)),
        ("٨ أغسطس ٢٠٢٥", datetime(2025, 8, 8, tzinfo=SYRIA)),
        ("ديسمبر 16, 2025", datetime(2025, 12, 16, tzinfo=SYRIA)),
        ("December 16, 2025", datetime(2025, 12, 16, tzinfo=SYRIA)),
        ("16 كانون الأول 2025", datetime(2025, 12, 16, tzinfo=SYRIA)),
        ("16-كانون-الأول-2025", datetime(2025, 12, 16, tzinfo=SYRIA)),
        ("16/12/2025", datetime(2025, 12, 16, tzinfo=SYRIA)),
        ("الأحد 14 ديسمبر 2025 09:23 مساءً", datetime(2025, 12, 14, 21, 23, tzinfo=SYRIA)),
        ("14 ديسمبر 2025 - 09:23 ص", datetime(2025, 12, 14, 9, 23, tzinfo=SYRIA)),
        ("14/12/2025 21:23", datetime(2025, 12, 14, 21, 23, tzinfo=SYRIA)),
        ("١٤/١٢/٢٠٢٥ ٢١:٢٣", datetime(2025, 12, 14, 21, 23, tzinfo=SYRIA)),
    ],
)
def test_parse_published(value, expected):
    result = parse_published(value)
    assert result == expected
    assert result.tzinfo is UTC


def test_parse_published_other_zone_and_garbage():
    assert parse_published("2025-12-16 10:30", tz="Europe/Berlin") == datetime(2025, 12, 16, 9, 30, tzinfo=UTC)
    for value in ("", "   ", "غير معروف", "2025-02-30", "منذ ساعتين"):
        assert parse_published(value) is None


def test_named_weekday_wins_over_the_relative_word():
    # published Tuesday 30 Dec: `أمس الأحد` is Sunday 28, whatever `أمس` alone would say
    assert one("قتل شاب مساء أمس الأحد في المدينة") == (date(2025, 12, 28), DAY)
    assert one("وقع الانفجار أمس الاثنين") == (date(2025, 12, 29), DAY)
    assert one("أعلنت الشرطة اليوم الإثنين") == (date(2025, 12, 29), DAY)
