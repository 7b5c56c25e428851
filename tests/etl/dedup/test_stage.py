"""Dedup against a real warehouse: nights, late reports, rebuild, article links."""

from __future__ import annotations

from datetime import timedelta

from psycopg2.extras import Json

from etl.dedup import dedup_pending, event_uid_for, link_articles, rebuild
from etl.models import EventReport, content_hash, report_to_json
from tests.etl.dedup.factories import ARIHA, DAY, report

BODY = "قالت مصادر محلية إن دورية أمنية نفذت حملة مداهمات في {place} واعتقلت {n} أشخاص بتهمة حيازة أسلحة"


def _store(conn, reports: list[EventReport], body: str | None = None) -> int:
    """One staging.article (from the first report's url/outlet/published) with its candidates."""
    first = reports[0]
    body = body or " ".join(e.sentence for r in reports for e in r.evidence)
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO staging.article (url, outlet, title, body, published_at, language, content_hash)
               VALUES (%s, %s, %s, %s, %s, 'ar', %s) RETURNING article_id""",
            (first.article_url, first.outlet, "خبر", body, first.published, content_hash("خبر\n\n" + body)),
        )
        article_id = cur.fetchone()[0]
        for r in reports:
            cur.execute("INSERT INTO staging.event_candidate (article_id, report_index, report) VALUES (%s, %s, %s)",
                        (article_id, r.report_index, Json(report_to_json(r))))
    conn.commit()
    return article_id


def _assignments(conn) -> dict[tuple[str, int], str | None]:
    with conn.cursor() as cur:
        cur.execute("""SELECT a.url, c.report_index, c.event_uid FROM staging.event_candidate c
                       JOIN staging.article a USING (article_id)""")
        return {(url, index): uid for url, index, uid in cur.fetchall()}


def _night_one(conn) -> list[EventReport]:
    reports = [
        report("https://a.example/1", "a", "اعتقلت قوات الأمن خمسة شبان في سراقب", arrested=5),
        report("https://b.example/2", "b", "حملة مداهمات في مدينة سراقب تنتهي بتوقيف خمسة أشخاص", arrested=5),
        report("https://c.example/3", "c", "توقيف خمسة مطلوبين في أريحا", arrested=5, place=ARIHA),
    ]
    for r in reports:
        _store(conn, [r])
    return reports


def _night_two(conn) -> list[EventReport]:
    later = DAY + timedelta(days=1)
    late = report("https://d.example/4", "d", "الأمن العام يوقف خمسة شبان بسراقب", arrested=5)
    late.published = late.published + timedelta(days=1)
    two_in_one = [
        report("https://e.example/5", "e", "مقتل شخصين بانفجار لغم في أريحا", place=ARIHA, day=later,
               event_type="Explosions/Remote violence", sub="Remote explosive/landmine/IED", killed=2),
        report("https://e.example/5", "e", "وكانت قوات الأمن أوقفت خمسة أشخاص في أريحا", place=ARIHA,
               arrested=5, index=1),
    ]
    for r in two_in_one:
        r.published = late.published + timedelta(hours=1)
    _store(conn, [late])
    _store(conn, two_in_one)
    return [late, *two_in_one]


def test_report_a_night_later_attaches_to_the_old_event(conn):
    night_one = _night_one(conn)
    first = dedup_pending(conn)
    assert (first.reports, first.new_events, first.merged_into_existing) == (3, 2, 0)
    saraqib_uid = event_uid_for(night_one[0])
    ariha_uid = event_uid_for(night_one[2])
    assert first.touched == {saraqib_uid, ariha_uid}

    _night_two(conn)
    second = dedup_pending(conn)
    assert (second.reports, second.new_events, second.merged_into_existing) == (3, 1, 2)
    got = _assignments(conn)
    assert got[("https://d.example/4", 0)] == saraqib_uid  # the late report joins the old event
    assert got[("https://e.example/5", 1)] == ariha_uid
    assert got[("https://e.example/5", 0)] not in (saraqib_uid, ariha_uid)
    assert got[("https://a.example/1", 0)] == got[("https://b.example/2", 0)] == saraqib_uid

    assert dedup_pending(conn).reports == 0  # nothing pending: nothing changes
    assert _assignments(conn) == got


def test_rebuild_gives_the_incremental_clusters_and_uids(conn):
    _night_one(conn)
    dedup_pending(conn)
    _night_two(conn)
    dedup_pending(conn)
    incremental = _assignments(conn)
    stats = rebuild(conn)
    # Replayed night by night: night two's two late reports join night one's events again.
    assert stats.reports == 6 and stats.merged_into_existing == 2
    assert _assignments(conn) == incremental


def test_link_articles_exact_and_near_copies(conn):
    body = BODY.format(place="سراقب", n="خمسة") + " وأضافت أن الحملة استمرت حتى ساعات المساء وشملت عدة أحياء"
    original = _store(conn, [report("https://sana.example/1", "sana", "اعتقال خمسة أشخاص في سراقب")], body)
    copy = _store(conn, [report("https://x.example/copy", "x", "اعتقال خمسة أشخاص في سراقب")], body)
    edited = _store(conn, [report("https://y.example/edit", "y", "اعتقال خمسة أشخاص في سراقب")],
                    body.replace("قالت مصادر محلية", "أفادت مصادر محلية") + " بحسب ناشطين")
    other = _store(conn, [report("https://z.example/other", "z", "مظاهرة في درعا", place=ARIHA)],
                   "خرج العشرات في مظاهرة وسط مدينة درعا للمطالبة بتحسين الخدمات وإعادة التيار الكهربائي")
    assert link_articles(conn, [copy, edited, other]) == 2
    conn.commit()
    with conn.cursor() as cur:
        cur.execute("SELECT article_id, duplicate_of, kind FROM core.article_link ORDER BY article_id")
        rows = cur.fetchall()
    assert rows == [(copy, original, "exact"), (edited, original, "near")]
    assert link_articles(conn, [copy, edited]) == 0  # already linked: nothing new, nothing deleted


def test_dedup_pending_links_pending_articles_once(conn):
    body = BODY.format(place="أريحا", n="ثلاثة")
    _store(conn, [report("https://a.example/1", "a", "اعتقال ثلاثة في أريحا", place=ARIHA)], body)
    _store(conn, [report("https://b.example/2", "b", "اعتقال ثلاثة في أريحا", place=ARIHA)], body)
    assert dedup_pending(conn).article_links == 1
    assert dedup_pending(conn).article_links == 0


def test_rebuild_replays_runs_so_a_backdated_late_article_keeps_its_incremental_event(conn):
    """Night 1 sees a later-published report; night 2 brings an earlier-published one of the same
    incident. Incrementally the late one joins night 1's event; a rebuild must not refound the
    event on the earlier-published report (which would change a published event_uid)."""
    newer = report("https://a.example/new", "a", "اعتقلت قوات الأمن خمسة شبان في سراقب", arrested=5)
    newer.published = newer.published + timedelta(hours=20)
    _store(conn, [newer])
    dedup_pending(conn)
    older = report("https://b.example/old", "b", "حملة مداهمات في مدينة سراقب تنتهي بتوقيف خمسة أشخاص", arrested=5)
    _store(conn, [older])
    dedup_pending(conn)
    incremental = _assignments(conn)
    assert incremental[("https://b.example/old", 0)] == incremental[("https://a.example/new", 0)] \
        == event_uid_for(newer)

    rebuild(conn)
    assert _assignments(conn) == incremental
    assert rebuild(conn).reports == 2 and _assignments(conn) == incremental


def _staged(conn) -> dict[str, tuple]:
    with conn.cursor() as cur:
        cur.execute("SELECT event_uid, source_count, arrested, arrested_min, arrested_max, location, stage_seq "
                    "FROM staging.event")
        return {row[0]: row[1:] for row in cur.fetchall()}


def test_every_assigned_event_is_staged_with_its_canonical_values(conn):
    night_one = _night_one(conn)
    stats = dedup_pending(conn)
    saraqib, ariha = event_uid_for(night_one[0]), event_uid_for(night_one[2])
    staged = _staged(conn)
    assert stats.staged == 2
    assert {uid: row[:5] for uid, row in staged.items()} == {
        saraqib: (2, 5, 5, 5, night_one[0].place.name_en), ariha: (1, 5, 5, 5, ARIHA.name_en)}

    _night_two(conn)
    dedup_pending(conn)
    again = _staged(conn)
    assert again[saraqib][0] == 3  # the late report's outlet joined: restaged
    assert again[saraqib][-1] > staged[saraqib][-1]  # with a new place in the load queue
    assert again[ariha][0] == 2
    assert len(again) == 3


def test_events_without_a_staged_row_are_restaged_and_rows_without_reports_dropped(conn):
    _night_one(conn)
    _night_two(conn)
    dedup_pending(conn)
    before = {uid: row[:-1] for uid, row in _staged(conn).items()}
    with conn.cursor() as cur:  # a warehouse from before staging.event, plus a stale row
        cur.execute("DELETE FROM staging.event")
        cur.execute("INSERT INTO staging.event (event_uid, time_precision, disorder_type, event_type, "
                    "sub_event_type, civilian_targeting, country, aggregate, source_count, article_count, notes) "
                    "VALUES ('gone', 1, 'x', 'x', 'x', false, 'Syria', false, 0, 0, '')")
    conn.commit()
    assert dedup_pending(conn).staged == len(before)
    assert {uid: row[:-1] for uid, row in _staged(conn).items()} == before


def test_rebuild_restages_every_event(conn):
    _night_one(conn)
    dedup_pending(conn)
    _night_two(conn)
    dedup_pending(conn)
    before = _staged(conn)
    rebuild(conn)
    after = _staged(conn)
    assert {uid: row[:-1] for uid, row in after.items()} == {uid: row[:-1] for uid, row in before.items()}
    assert min(row[-1] for row in after.values()) > max(row[-1] for row in before.values())
