from datetime import UTC, datetime

from etl.load.raw_pages import iter_pages, known_urls, pages_by_id, store_raw_page
from etl.models import RawPage


def _page(body: bytes, url: str = "https://shaam.org/news/syria-news/a") -> RawPage:
    return RawPage(outlet="shaam", url=url, final_url=url + "?x=1", status=200,
                   fetched_at=datetime(2025, 12, 14, 9, 0, tzinfo=UTC), body=body,
                   hints={"title": "عنوان"})


def test_store_is_idempotent_and_versions_changed_content(conn):
    first, new1 = store_raw_page(conn, _page("نص أول".encode()))
    again, new2 = store_raw_page(conn, _page("نص أول".encode()))
    changed, new3 = store_raw_page(conn, _page("نص معدل".encode()))
    conn.commit()
    assert (new1, new2, new3) == (True, False, True)
    assert first == again != changed
    pages = pages_by_id(conn, [first, changed])
    assert [p.body.decode() for p in pages] == ["نص أول", "نص معدل"]
    assert pages[0].hints == {"title": "عنوان"} and pages[0].final_url.endswith("?x=1")
    assert known_urls(conn, "shaam") == {"https://shaam.org/news/syria-news/a"}


def test_iter_pages_filters_by_outlet(conn):
    store_raw_page(conn, _page(b"<p>1</p>", "https://a/1"))
    other = _page(b"<p>2</p>", "https://b/2")
    other.outlet = "sana"
    store_raw_page(conn, other)
    conn.commit()
    batches = list(iter_pages(conn, outlets=["sana"], batch_size=1))
    assert [[p.url for p in b] for b in batches] == [["https://b/2"]]
