"""Invariants every text function keeps on arbitrary input: no exceptions, spans point home."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.clean.dateline import split_dateline
from etl.clean.dates import find_dates, parse_published
from etl.clean.language import detect_language
from etl.clean.normalize import match_form, searchable, to_ascii_digits
from etl.clean.numbers import find_counts
from etl.clean.sentences import split_sentences

PIECES = st.sampled_from(
    list("ابتجحدرسعفقكلمنهوية ءأإآىةـًَُّ٠١٢٣٤٥٦٧٨٩0123456789.,،؛؟!«»“”\"()/-:\n ٬٫%")
    + ["كانون الأول", "أمس", "الثلاثاء", "نحو", "عشرات", "ألف", "و", "من", "الشهر", "الماضي", "د.ا.ع.ش"]
)
TEXT = st.lists(PIECES, max_size=40).map("".join)
PUB = datetime(2025, 12, 30, 9, 0, tzinfo=UTC)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_spans_point_into_the_given_text(text):
    for m in find_counts(text, include_ordinals=True):
        assert text[m.start : m.end] == m.count.text
    for d in find_dates(text, PUB):
        assert text[d.start : d.end] == d.text
        assert d.precision in (1, 2, 3)
    for e in split_sentences(text):
        assert text[e.start : e.end] == e.sentence
    previous_end = 0
    for d in find_dates(text, PUB):
        assert d.start >= previous_end
        previous_end = d.end


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_folds_and_helpers_never_raise(text):
    assert len(to_ascii_digits(text)) == len(text)
    folded = searchable(text)
    assert folded.span(0, len(folded.text))[1] == len(text)
    assert "  " not in match_form(text)
    assert detect_language(text) in {"ar", "en", "fr", "other", "unknown"}
    place, rest = split_dateline(text)
    assert place is None or place.strip() == place
    parse_published(text)
