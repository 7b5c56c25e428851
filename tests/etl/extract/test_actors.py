"""Actor dictionary matching and ACLED interaction codes."""

from __future__ import annotations

import pytest

from etl.extract.actors import ActorMention, find_actors, interaction_code, load_actors

IS = "Islamic State"
POLICE = "Police Forces of Syria (2024-)"
ARMY = "Military Forces of Syria (2024-)"


def names(text: str) -> list[str]:
    return [m.name for m in find_actors(text)]


def test_dictionary_loads_and_is_cached() -> None:
    d = load_actors()
    assert load_actors() is d
    entry = d.lookup("قسد")
    assert entry is not None and entry.inter == 2
    assert d.lookup("الدفاع المدني") is None  # an ignore-phrase


@pytest.mark.parametrize(
    "text",
    [
        "تبنى داعش الهجوم",
        "هاجمت خلية تابعة لتنظيم الدولة حاجزاً",
        "اعتقال عناصر من خلايا التنظيم",
        "بيان لتنظيم الدولة الإسلامية",
        "أعلنت الداخلية تفكيك خلية لداعـ ـش",
        "عناصر من داعـــش",
        "وأكّد أنّ الدّولة الإسلاميّة تبنّت",
    ],
)
def test_islamic_state_aliases(text: str) -> None:
    assert IS in names(text)


def test_obfuscated_offsets() -> None:
    text = "سنتكوم تعلن ضربات ضد داعـ ـش في البادية"
    ms = find_actors(text)
    assert [m.name for m in ms] == ["Military Forces of the United States", IS]
    assert ms[1].surface == "داعـ ـش" == text[ms[1].start : ms[1].end]


def test_cell_phrase_merges_into_one_mention() -> None:
    ms = find_actors("قتلت خلية تابعة لتنظيم داعش مدنياً")
    assert [m.name for m in ms] == [IS, "Civilians (Syria)"]
    assert ms[0].surface == "خلية تابعة لتنظيم داعش"


def test_government_bodies_and_units() -> None:
    ms = find_actors("نفذت قوى الأمن الداخلي بالتعاون مع جهاز الاستخبارات العامة ووزارة الدفاع عملية")
    assert [(m.name, m.inter, m.unit) for m in ms] == [
        (POLICE, 1, "Interior Ministry"),
        (POLICE, 1, "General Intelligence"),
        (ARMY, 1, "Defense Ministry"),
    ]
    assert find_actors("انتشر عناصر الأمن العام")[0].unit == "General Security"
    assert names("اشتباك مع الجيش العربي السوري") == [ARMY]


def test_longest_alias_wins() -> None:
    assert names("قصف الجيش الإسرائيلي مواقع") == ["Military Forces of Israel (2022-)"]
    assert names("توغلت قوات الاحتلال في القنيطرة") == ["Military Forces of Israel (2022-)"]
    assert names("استهدفت طائرة مسيرة إسرائيلية سيارة") == ["Military Forces of Israel (2022-)"]
    assert names("هاجم مسلحون من العشائر") == ["Tribal Militia (Syria)"]
    assert names("أطلق مسلحون مجهولون النار") == ["Unidentified Armed Group (Syria)"]


def test_foreign_and_non_state_actors() -> None:
    text = (
        "وقالت القيادة المركزية الأمريكية إن التحالف الدولي دعم قسد والأسايش، "
        "فيما قصف الجيش التركي مواقع، ونفذت القوات الروسية دورية، واتهم حزب الله "
        "فلول النظام البائد والفصائل الدرزية"
    )
    assert [(m.name, m.inter) for m in find_actors(text)] == [
        ("Military Forces of the United States", 8),
        ("International Coalition Against the Islamic State", 8),
        ("SDF: Syrian Democratic Forces", 2),
        ("Asayish", 2),
        ("Military Forces of Turkey (2016-)", 8),
        ("Military Forces of Russia (2000-)", 8),
        ("Hezbollah", 3),
        ("Former Regime Loyalist Militia (Syria)", 2),
        ("Druze Militia (Syria)", 4),
    ]


def test_druze_national_guard_and_tribes() -> None:
    assert names("هاجم الحرس الوطني في السويداء") == ["Druze Militia (Syria)"]
    assert names("دخل أبناء العشائر القرية") == ["Tribal Militia (Syria)"]


def test_civilians_and_protesters() -> None:
    ms = find_actors("فرقت الشرطة المحتجين وأصيب طفل وامرأة")
    assert [(m.name, m.inter) for m in ms] == [
        (POLICE, 1),
        ("Protesters (Syria)", 6),
        ("Civilians (Syria)", 7),
        ("Civilians (Syria)", 7),
    ]


def test_ignore_phrases_hide_aliases() -> None:
    assert names("قال الدفاع المدني إن فرقه انتشلت الجثث") == []
    assert names("ندوة عن السلم الأهلي والمجتمع المدني") == []


def test_clitics_and_offsets() -> None:
    text = "وبحسب مصادر، فإن للأمن العام وللجيش دوراً، وبقسد"
    ms = find_actors(text)
    assert [m.name for m in ms] == [POLICE, ARMY, "SDF: Syrian Democratic Forces"]
    for m in ms:
        assert text[m.start : m.end] == m.surface
    assert ms[2].surface == "قسد"


def test_mention_type() -> None:
    m = find_actors("داعش")[0]
    assert isinstance(m, ActorMention) and (m.start, m.end) == (0, 4)


@pytest.mark.parametrize(
    ("inter1", "inter2", "code"),
    [
        (1, 7, 17),
        (7, 1, 17),
        (2, 1, 12),
        (8, 2, 28),
        (1, 1, 11),
        (6, 1, 16),
        (2, None, 20),
        (None, 7, 70),
        (None, None, None),
    ],
)
def test_interaction_code(inter1: int | None, inter2: int | None, code: int | None) -> None:
    assert interaction_code(inter1, inter2) == code


def test_interaction_code_rejects_unknown_inter() -> None:
    with pytest.raises(ValueError):
        interaction_code(9, 1)
