import pytest

from etl.clean.language import detect_language


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قُتل ثلاثة مدنيين في قصف مدفعي على ريف إدلب الجنوبي", "ar"),
        ("أعلنت القيادة المركزية الأمريكية (CENTCOM) تدمير 15 موقعاً لتنظيم ISIS", "ar"),
        ("The Syrian interior ministry said on Sunday that five suspects were arrested", "en"),
        ("Three civilians were killed in shelling on the southern countryside of Idlib", "en"),
        ("Le ministère syrien de l'Intérieur a annoncé dimanche l'arrestation de cinq suspects", "fr"),
        ("Des affrontements ont éclaté dans la ville et les forces de sécurité sont intervenues", "fr"),
        ("Сирийская армия объявила о взятии города", "other"),
        ("Suriye İçişleri Bakanlığı pazar günü beş şüphelinin gözaltına alındığını açıkladı", "other"),
        ("داعش ISIS داعش ISIS", "other"),
        ("", "unknown"),
        ("   \n\t ", "unknown"),
        ("2025-12-16 14:30", "unknown"),
        ("أ", "unknown"),
        ("حلب", "ar"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_large_text_is_sampled():
    text = "قصف على حلب وريفها. " * 300_000  # ~6 MB
    assert detect_language(text) == "ar"


def test_english_edition_with_arabic_quote():
    text = "The governor said the road was reopened. " * 5 + "«الطريق مفتوح»"
    assert detect_language(text) == "en"
