import pytest

from etl.clean.sentences import split_sentences


def sentences(text):
    found = split_sentences(text)
    for e in found:
        assert text[e.start : e.end] == e.sentence
        assert e.sentence == e.sentence.strip()
    return [e.sentence for e in found]


def test_basic_terminators():
    text = "قُتل شاب في درعا. وأصيب آخر بجروح! هل توقف القصف؟ لا؛ استمر حتى الصباح"
    assert sentences(text) == [
        "قُتل شاب في درعا.",
        "وأصيب آخر بجروح!",
        "هل توقف القصف؟",
        "لا؛",
        "استمر حتى الصباح",
    ]


def test_newlines_split_paragraphs():
    text = "إدلب-سانا\n\nنفذت الوحدات الأمنية عملية في سرمدا\nوأسفرت عن اعتقال خمسة"
    assert sentences(text) == ["إدلب-سانا", "نفذت الوحدات الأمنية عملية في سرمدا", "وأسفرت عن اعتقال خمسة"]


def test_no_split_inside_quotes():
    text = "وقال المحافظ: «الوضع تحت السيطرة. لا داعي للقلق». ثم غادر."
    assert sentences(text) == ["وقال المحافظ: «الوضع تحت السيطرة. لا داعي للقلق».", "ثم غادر."]
    text = "ونقلت الوكالة عن مصدر قوله “انسحبت القوات. والطريق مفتوح” دون تفاصيل."
    assert sentences(text) == [text]
    text = 'وأضاف البيان "تم ضبط الأسلحة. والتحقيق مستمر" في حين نفى الطرف الآخر.'
    assert sentences(text) == [text]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    text = "قال «إن الهجوم وقع فجراً. ثم انسحب المسلحون."
    assert sentences(text) == ["قال «إن الهجوم وقع فجراً.", "ثم انسحب المسلحون."]


@pytest.mark.parametrize(
    "text",
    [
        "ارتفع سعر الصرف إلى 11.5 ألف ليرة للدولار الواحد",
        "وصرح د. محمد الأحمد مدير المستشفى بأن الجرحى مستقرون",
        "وأشار م. خالد إلى أضرار في الشبكة",
        "هاجم عناصر د.ا.ع.ش حاجزاً للأمن العام",
        "نقلت وكالة sana.sy الخبر عن مصدر",
        "قال Dr. Smith إن الوضع مستقر",
    ],
)
def test_no_split_on_decimals_abbreviations_domains(text):
    assert sentences(text) == [text]


def test_offsets_with_leading_whitespace_and_ellipsis():
    text = "   قصف مدفعي على البلدة…   وتضررت منازل عدة.  "
    found = split_sentences(text)
    assert [(e.start, e.end) for e in found] == [(3, 24), (27, 44)]
    assert found[0].sentence == "قصف مدفعي على البلدة…"


def test_punctuation_only_pieces_dropped():
    assert sentences("... !!! ؟") == []
    assert sentences("") == []
    assert sentences("\n\n  \n") == []


def test_offsets_in_article_text():
    paragraphs = ["دمشق - نور خوام", "أعلنت الوزارة اعتقال خلية. وضبطت أسلحة؟"]
    text = "\n\n".join(paragraphs)
    found = split_sentences(text)
    assert [e.sentence for e in found] == ["دمشق - نور خوام", "أعلنت الوزارة اعتقال خلية.", "وضبطت أسلحة؟"]
    assert found[2].start == text.index("وضبطت")


def test_long_single_line_is_linear():
    import time

    text = "قال المصدر «إن الوضع هادئ. نسبياً» وأضاف د. أحمد أن 3.5 ألف نزحوا. " * 20_000  # ~1.3 MB, one line
    t = time.perf_counter()
    found = split_sentences(text)
    assert len(found) == 20_000
    assert time.perf_counter() - t < 5


def test_period_glued_to_the_next_word_still_ends_the_sentence():
    text = "أصيب شاب بجروح في حي الميدان.وأضاف المصدر أن الفاعل فر."
    assert sentences(text) == ["أصيب شاب بجروح في حي الميدان.", "وأضاف المصدر أن الفاعل فر."]
    # abbreviations and addresses with a glued period stay whole
    assert sentences("خلايا د.ا.ع.ش في البادية") == ["خلايا د.ا.ع.ش في البادية"]
    assert sentences("نشر موقع sana.sy الخبر") == ["نشر موقع sana.sy الخبر"]
