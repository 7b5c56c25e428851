"""A small handwritten warehouse for the SQL tests: ten events, eighteen articles, seven outlets.

Rows go straight into staging.article, core.fact_event and core.event_report with SQL, so the
tests pin the views and analysis queries, not the extraction that would normally fill them.
Expected values used by the tests (latest non-aggregate event_date: 2025-12-20):

- ev-e1 2025-12-20 Idlib / Saraqib (17 km from Idlib city): IS IED on the army. sana 3 killed
  4 injured (08:00), enab_baladi 3 (10:30) then 4 (16:00), syria_tv 5 (14:00).
- ev-e2 2025-12-13 Idlib / Binnish (8 km): Interior Ministry announces 4 IS arrests. sana 4
  (06:00), enab_baladi 4 (07:00), halab_today 5 (09:00).
- ev-e3 2025-12-13 Idlib / Maarat al-Numan (32 km): patrol arrests 3; ministry not named.
- ev-e4 2025-11-05 Idlib / Ariha (13 km): gunmen kill 2 civilians; enab_baladi only.
- ev-e5 2025-10-15 Idlib / Jisr al-Shughur (31 km): clash, sana 6 (12:00) vs shaam 4 (11:00).
- ev-e6 2025-12-01 Deir ez-Zor: IS attack kills 2 SDF; north_press, sohr, sana all say 2.
- ev-e7 2025-11-20 Deir ez-Zor: IS landmine injures 3 SDF; north_press only.
- ev-e8 2025-08-01 Idlib city: IS cell kills 1 security member (outside the 90-day window).
- ev-e9 2025-12-20 aggregate monthly tally of 150 deaths (must be excluded everywhere).
- ev-e10 2025-12-18 Damascus protest; its only article has no publication time.
"""

from __future__ import annotations

import pytest

from etl.load.dimensions import seed_actors, seed_places

OUTLETS = [
    ("sana", "SANA", "sana.sy", True),
    ("enab_baladi", "Enab Baladi", "enabbaladi.net", True),
    ("syria_tv", "Syria TV", "syria.tv", True),
    ("halab_today", "Halab Today", "halabtodaytv.net", True),
    ("shaam", "Shaam Network", "shaam.org", True),
    ("north_press", "North Press Agency", "npasyria.com", True),
    ("sohr", "Syrian Observatory for Human Rights", "syriahr.com", True),
    ("leaflets", "Leaflets (ingested files)", None, False),
]

# article_id, event_uid, outlet, published_at, fatalities, injured, arrested, title, evidence
REPORTS = [
    (1, "ev-e1", "sana", "2025-12-20 08:00+00", 3, 4, None,
     "استشهاد ثلاثة عناصر من الجيش بانفجار عبوة ناسفة قرب سراقب",
     "استشهد ثلاثة عناصر من الجيش العربي السوري وأصيب أربعة آخرون بانفجار عبوة ناسفة زرعها تنظيم داعش "
     "على طريق سراقب بريف إدلب الشرقي صباح اليوم."),
    (2, "ev-e1", "enab_baladi", "2025-12-20 10:30+00", 3, None, None,
     "مقتل ثلاثة جنود بعبوة ناسفة في ريف إدلب",
     "قتل ثلاثة جنود من الجيش السوري بانفجار عبوة ناسفة استهدفت سيارتهم قرب مدينة سراقب، وتبنى تنظيم "
     "الدولة الإسلامية الهجوم."),
    (3, "ev-e1", "syria_tv", "2025-12-20 14:00+00", 5, None, None,
     "ارتفاع حصيلة تفجير سراقب إلى خمسة قتلى",
     "ارتفعت حصيلة انفجار العبوة الناسفة قرب سراقب إلى خمسة قتلى من عناصر الجيش، بحسب مصدر عسكري."),
    (18, "ev-e1", "enab_baladi", "2025-12-20 16:00+00", 4, None, None,
     "ارتفاع عدد قتلى انفجار سراقب إلى أربعة",
     "توفي جندي رابع متأثرا بجروحه التي أصيب بها في انفجار العبوة الناسفة قرب سراقب."),
    (4, "ev-e2", "sana", "2025-12-13 06:00+00", None, None, 4,
     "الداخلية: القبض على خلية لداعش في بنش",
     "أعلنت وزارة الداخلية السورية القبض على أربعة عناصر من خلية تابعة لتنظيم داعش في بلدة بنش بريف إدلب."),
    (5, "ev-e2", "enab_baladi", "2025-12-13 07:00+00", None, None, 4,
     "القبض على أربعة من تنظيم الدولة في بنش",
     "قالت وزارة الداخلية إن قوى الأمن الداخلي ألقت القبض على أربعة أشخاص يتبعون لتنظيم الدولة في بنش."),
    (6, "ev-e2", "halab_today", "2025-12-13 09:00+00", None, None, 5,
     "مداهمة في بنش واعتقال خمسة أشخاص",
     "ألقت قوات الأمن القبض على خمسة أشخاص بينهم أجنبي في مداهمة ببلدة بنش شمال إدلب."),
    (7, "ev-e3", "syria_tv", "2025-12-13 11:00+00", None, None, 3,
     "دورية تضبط عبوتين ناسفتين قرب معرة النعمان",
     "ألقت دورية للأمن الداخلي القبض على ثلاثة أشخاص كانوا يقلون عبوتين ناسفتين قرب جسر على الطريق "
     "الدولي في معرة النعمان."),
    (8, "ev-e4", "enab_baladi", "2025-11-05 18:00+00", 2, None, None,
     "مقتل مدنيين برصاص مجهولين في أريحا",
     "قتل مدنيان برصاص مسلحين مجهولين أطلقوا النار على سيارتهما في مدينة أريحا جنوبي إدلب."),
    (9, "ev-e5", "sana", "2025-10-15 12:00+00", 6, None, None,
     "اشتباكات مع فلول النظام البائد قرب جسر الشغور",
     "استشهد ستة عناصر من الجيش في اشتباكات مع مجموعة من فلول النظام البائد في ريف جسر الشغور."),
    (10, "ev-e5", "shaam", "2025-10-15 11:00+00", 4, None, None,
     "مقتل أربعة عناصر من الجيش في ريف جسر الشغور",
     "قتل أربعة عناصر من الجيش السوري خلال اشتباكات مع مسلحين من فلول النظام قرب جسر الشغور."),
    (11, "ev-e6", "north_press", "2025-12-01 09:00+00", 2, None, None,
     "مقتل عنصرين من قسد بهجوم لداعش في دير الزور",
     "قتل عنصران من قوات سوريا الديمقراطية بهجوم لخلايا تنظيم داعش على حاجز في ريف دير الزور."),
    (12, "ev-e6", "sohr", "2025-12-01 10:00+00", 2, None, None,
     "هجوم لخلايا التنظيم في دير الزور",
     "مقتل عنصرين من قسد بهجوم نفذته خلايا التنظيم على نقطة عسكرية في دير الزور."),
    (13, "ev-e6", "sana", "2025-12-01 15:00+00", 2, None, None,
     "مقتل عنصرين من قسد في دير الزور",
     "قتل عنصران من قسد في هجوم لتنظيم داعش بريف دير الزور."),
    (14, "ev-e7", "north_press", "2025-11-20 20:00+00", None, 3, None,
     "إصابة ثلاثة عناصر من قسد بانفجار لغم",
     "أصيب ثلاثة عناصر من قسد بانفجار لغم زرعه تنظيم داعش في ريف دير الزور الشرقي."),
    (15, "ev-e8", "enab_baladi", "2025-08-01 16:00+00", 1, None, None,
     "مقتل عنصر من الأمن العام في إدلب",
     "قتل عنصر من الأمن العام بهجوم لخلية من تنظيم داعش في مدينة إدلب."),
    (16, "ev-e9", "sohr", "2025-12-20 23:00+00", 150, None, None,
     "الحصيلة الشهرية للضحايا",
     "وثق المرصد مقتل 150 شخصا في عموم سوريا خلال الشهر الجاري."),
    (17, "ev-e10", "sana", None, None, None, None,
     "وقفة احتجاجية في دمشق",
     "تظاهر عشرات الأشخاص في ساحة الأمويين بدمشق للمطالبة بتحسين الخدمات."),
]

# event_uid, event_date, disorder_type, event_type, sub_event_type, actor1, inter1, actor2, inter2,
# civilian_targeting, admin1, admin2, admin3, location, location_ar, pcode, lat, lon, geo_precision,
# fatalities, fatalities_min, fatalities_max, injured, arrested, arrested_min, arrested_max, aggregate
IS, ARMY, POLICE, SDF = ("Islamic State", "Military Forces of Syria (2024-)", "Police Forces of Syria (2024-)",
                         "SDF: Syrian Democratic Forces")
PV, SD = "Political violence", "Strategic developments"
EVENTS = [
    ("ev-e1", "2025-12-20", PV, "Explosions/Remote violence", "Remote explosive/landmine/IED", IS, 2, ARMY, 1,
     False, "Idlib", "Idlib", "Saraqab", "Saraqib", "سراقب", "GN164816", 35.86447, 36.80591, 1,
     3, 3, 5, 4, None, None, None, False),
    ("ev-e2", "2025-12-13", SD, "Strategic developments", "Arrests", POLICE, 1, IS, 2,
     False, "Idlib", "Idlib", "Bennsh", "Binnish", "بنش", "GN171451", 35.95664, 36.7138, 1,
     None, None, None, None, 4, 4, 5, False),
    ("ev-e3", "2025-12-13", SD, "Strategic developments", "Arrests", POLICE, 1, None, None,
     False, "Idlib", "Maarrat al-Nu'man", "Ma'arrat An Nu'man", "Ma‘arrat an Nu‘mān", "معرة النعمان",
     "GN167611", 35.6483, 36.67693, 1, None, None, None, None, 3, 3, 3, False),
    ("ev-e4", "2025-11-05", PV, "Violence against civilians", "Attack", "Unidentified Armed Group (Syria)", 3,
     "Civilians (Syria)", 7, True, "Idlib", "Ariha", "Ariha", "Arīḩā", "أريحا", "GN172994", 35.81374, 36.60964, 1,
     2, 2, 2, None, None, None, None, False),
    ("ev-e5", "2025-10-15", PV, "Battles", "Armed clash", ARMY, 1, "Former Regime Loyalist Militia (Syria)", 2,
     False, "Idlib", "Jisr al-Shughur", "Jisr-Ash-Shugur", "Jisr ash Shughūr", "جسر الشغور", "GN169023",
     35.81418, 36.31983, 2, 6, 4, 6, None, None, None, None, False),
    ("ev-e6", "2025-12-01", PV, "Battles", "Armed clash", IS, 2, SDF, 2,
     False, "Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor", "دير الزور", "GN170794",
     35.33588, 40.14084, 2, 2, 2, 2, None, None, None, None, False),
    ("ev-e7", "2025-11-20", PV, "Explosions/Remote violence", "Remote explosive/landmine/IED", IS, 2, SDF, 2,
     False, "Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor", "دير الزور", "GN170794",
     35.33588, 40.14084, 2, 0, None, None, 3, None, None, None, False),
    ("ev-e8", "2025-08-01", PV, "Battles", "Armed clash", IS, 2, POLICE, 1,
     False, "Idlib", "Idlib", "Idleb", "Idlib", "إدلب", "GN169389", 35.93062, 36.63393, 1,
     1, 1, 1, None, None, None, None, False),
    ("ev-e9", "2025-12-20", PV, "Battles", "Armed clash", None, None, None, None,
     False, None, None, None, None, None, None, None, None, 3,
     150, 150, 150, None, None, None, None, True),
    ("ev-e10", "2025-12-18", "Demonstrations", "Protests", "Peaceful protest", "Protesters (Syria)", 6, None, None,
     False, "Damascus", "Damascus", "Damascus", "Damascus", "دمشق", "GN170654", 33.5102, 36.29128, 1,
     0, None, None, None, None, None, None, False),
]


def load_fixture_rows(conn) -> None:
    """Insert the outlets, articles, events and reports above, plus crawl runs, and commit."""
    with conn.cursor() as cur:
        for outlet, name, domain, spider in OUTLETS:
            cur.execute(
                "INSERT INTO core.dim_outlet (outlet, display_name, domain, has_spider) VALUES (%s, %s, %s, %s)",
                (outlet, name, domain, spider),
            )
        for article_id, _, outlet, published, _, _, _, title, evidence in REPORTS:
            body = f"{title}\n\n{evidence}\n\nوتأتي هذه الحادثة في سياق التطورات الأمنية في المنطقة."
            cur.execute(
                """INSERT INTO staging.article (article_id, url, outlet, title, body, published_at, language,
                                                content_hash)
                   VALUES (%s, %s, %s, %s, %s, %s, 'ar', md5(%s))""",
                (article_id, f"https://{outlet}.example/{article_id}", outlet, title, body, published, body),
            )
        for row in EVENTS:
            uid = row[0]
            reports = [r for r in REPORTS if r[1] == uid]
            published = [r[3] for r in reports if r[3]]
            cur.execute(
                """INSERT INTO core.fact_event (
                       event_uid, event_date, time_precision, disorder_type, event_type, sub_event_type,
                       actor1, inter1, actor2, inter2, civilian_targeting, admin1, admin2, admin3, location,
                       location_ar, pcode, latitude, longitude, geo_precision, fatalities, fatalities_min,
                       fatalities_max, injured, arrested, arrested_min, arrested_max, aggregate,
                       source_count, article_count, confidence, first_reported_at)
                   VALUES (%s, %s, 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                           %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0.9, %s)""",
                (*row, len({r[2] for r in reports}), len(reports), min(published) if published else None),
            )
        event_by_uid = {row[0]: row for row in EVENTS}
        for article_id, uid, outlet, published, killed, injured, arrested, title, evidence in REPORTS:
            event = event_by_uid[uid]
            start = len(title) + 2  # the evidence paragraph follows the title and a blank line
            cur.execute(
                """INSERT INTO core.event_report (
                       article_id, report_index, event_uid, url, outlet, published_at, event_type,
                       sub_event_type, event_date, time_precision, location, location_ar, pcode, admin1,
                       geo_precision, actor1, actor2, fatalities, injured, arrested, evidence,
                       evidence_start, evidence_end, confidence)
                   VALUES (%s, 0, %s, %s, %s, %s, %s, %s, %s, 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                           %s, %s, %s, 0.9)""",
                (article_id, uid, f"https://{outlet}.example/{article_id}", outlet, published, event[3],
                 event[4], event[1], event[13], event[14], event[15], event[10], event[18], event[5],
                 event[7], killed, injured, arrested, evidence, start, start + len(evidence)),
            )
        # Crawls relative to now(): sana crawled fine 2 hours ago; syria_tv's last crawl failed
        # an hour ago, its last good one was 30 hours ago.
        cur.execute(
            """INSERT INTO raw.crawl_run (outlet, started_at, finished_at, status, error) VALUES
               ('sana', now() - interval '2 hours', now() - interval '110 minutes', 'ok', NULL),
               ('syria_tv', now() - interval '30 hours', now() - interval '29 hours', 'ok', NULL),
               ('syria_tv', now() - interval '1 hour', now() - interval '55 minutes', 'failed', 'HTTP 503')"""
        )
    conn.commit()


@pytest.fixture
def warehouse(conn):
    """A migrated database with the gazetteer, actor dictionary and the handwritten events."""
    seed_places(conn)
    seed_actors(conn)
    load_fixture_rows(conn)
    return conn
