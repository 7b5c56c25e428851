"""Article index: exact and near-duplicate copies found, different articles left alone."""

from __future__ import annotations

from etl.dedup import ArticleIndex
from etl.dedup.text import char_sketch, sketch_set, sketch_similarity

DISPATCH = ("أعلنت وزارة الداخلية أن وحدات الأمن العام نفذت عملية أمنية في مدينة سراقب بريف إدلب الشرقي "
            "أسفرت عن إلقاء القبض على خمسة أشخاص متورطين في عمليات سرقة وتهريب، وضبطت بحوزتهم أسلحة "
            "خفيفة وذخائر، وأحالتهم إلى القضاء المختص لاستكمال التحقيقات معهم")
OTHER = ("افتتحت مديرية التربية في حماة مدرسة جديدة في الحي الشمالي بعد انتهاء أعمال الترميم التي "
         "استمرت عدة أشهر بتمويل من منظمة محلية، وقالت المديرية إن المدرسة ستستقبل نحو أربعمئة طالب")


def test_exact_copy_found_by_hash_and_near_copy_by_text():
    index = ArticleIndex()
    index.add("sana", DISPATCH, content_hash="h1")
    index.add("other", OTHER, content_hash="h2")
    exact = index.query(DISPATCH, content_hash="h1")
    assert [(m.key, m.kind) for m in exact] == [("sana", "exact")]
    edited = DISPATCH.replace("أعلنت وزارة الداخلية", "قالت وزارة الداخلية السورية") + " بحسب البيان"
    near = index.query(edited, content_hash="h3")
    assert [(m.key, m.kind) for m in near] == [("sana", "near")] and 0.6 <= near[0].similarity < 1.0
    assert index.query("خبر قصير عن الطقس في اللاذقية اليوم مع أمطار غزيرة") == []
    assert len(index) == 2


def test_diacritics_and_spelling_variants_do_not_hide_a_copy():
    index = ArticleIndex()
    index.add("a", DISPATCH)
    folded = DISPATCH.replace("إدلب", "ادلب").replace("القبض", "القَبض")
    assert index.query(folded)[0].similarity == 1.0


def test_add_and_query_sees_only_earlier_articles():
    index = ArticleIndex()
    assert index.add_and_query(1, DISPATCH) == []
    assert [m.key for m in index.add_and_query(2, DISPATCH)] == [1]
    assert [m.key for m in index.add_and_query(3, "")] == []  # no words: nothing to compare


def test_char_sketch_similarity_is_exact_for_short_sentences():
    a = sketch_set(char_sketch("اعتقال خمسة أشخاص في سراقب", 4, 64))
    b = sketch_set(char_sketch("اعتقال خمسة أشخاص في سراقب", 4, 64))
    c = sketch_set(char_sketch("مظاهرة في درعا", 4, 64))
    assert sketch_similarity(a, b) == 1.0
    assert sketch_similarity(a, c) < 0.1
    assert sketch_similarity(a, frozenset()) == 0.0
