"""1,000+ hostile pages archived with store_raw_page, then clean_stage and extract_stage: no crash,
every page is either an article or quarantined with a reason, and no page needed the catch-all."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from etl import pipeline
from etl.load.raw_pages import store_raw_page
from etl.models import RawPage
from tests.databases import rows, scalar

from .hostile import OUTLETS, generate

pytestmark = pytest.mark.slow

SEED = 20261126


def test_hostile_pages_are_each_an_article_or_quarantined_with_a_reason(conn):
    pages = generate(SEED)
    assert len(pages) >= 1000
    fetched = datetime(2025, 12, 14, tzinfo=UTC)
    family_of = {}
    for i, hostile in enumerate(pages):
        page = RawPage(outlet=OUTLETS[i % len(OUTLETS)], url=f"https://hostile.example/{hostile.family}/{i}",
                       final_url=f"https://hostile.example/{hostile.family}/{i}", status=hostile.status,
                       fetched_at=fetched, body=hostile.body, content_type=hostile.content_type,
                       encoding=hostile.encoding, hints={"family": hostile.family})
        page_id, is_new = store_raw_page(conn, page)
        assert is_new
        family_of[page_id] = hostile.family
    conn.commit()
    assert scalar(conn, "SELECT count(*) FROM raw.page") == len(pages)  # all stored, binary or not

    clean = pipeline.clean_stage(conn, batch_size=100)
    extract = pipeline.extract_stage(conn, batch_size=100)

    articles = dict(rows(conn, "SELECT page_id, 'article' FROM staging.article"))
    quarantined = dict(rows(conn, "SELECT page_id, reason || ': ' || coalesce(detail, '') "
                                  "FROM staging.quarantine"))
    assert not set(articles) & set(quarantined), "a page is both an article and quarantined"
    assert set(articles) | set(quarantined) == set(family_of), "a page is neither"
    assert sum(clean.counts.values()) == len(pages) == len(articles) + len(quarantined)
    assert all(reason.split(":")[0] for reason in quarantined.values())
    caught = {family_of[p]: r for p, r in quarantined.items() if r.startswith("clean_error")}
    assert not caught, f"pages that only the catch-all saved: {caught}"
    assert extract.counts["articles"] == len(articles)

    by_family: dict[str, Counter] = {}
    for page_id, family in family_of.items():
        outcome = "article" if page_id in articles else quarantined[page_id].split(":")[0]
        by_family.setdefault(family, Counter())[outcome] += 1
    assert set(by_family["empty"]) <= {"empty_body", "no_body"}
    assert "article" not in by_family["binary"] and "article" not in by_family["http_error"]
    assert by_family["enormous"]["too_large"] >= 1
    assert by_family["article"] == Counter(article=by_family["article"].total())
    assert by_family["lying_charset"]["article"] > 0 and by_family["control_chars"]["article"] > 0
