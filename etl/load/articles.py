"""Loading cleaned articles and quarantined pages into staging."""

from __future__ import annotations

import psycopg2.extensions

from etl.models import Article, Quarantine

Connection = psycopg2.extensions.connection


def pending_page_ids(conn: Connection, limit: int | None = None) -> list[int]:
    """Archived pages that are neither cleaned into an article nor quarantined yet."""
    with conn.cursor() as cur:
        cur.execute(
            """SELECT p.page_id FROM raw.page p
               WHERE NOT EXISTS (SELECT 1 FROM staging.article a WHERE a.page_id = p.page_id)
                 AND NOT EXISTS (SELECT 1 FROM staging.quarantine q WHERE q.page_id = p.page_id)
               ORDER BY p.page_id LIMIT %s""",
            (limit,),
        )
        return [row[0] for row in cur.fetchall()]


def store_article(conn: Connection, article: Article) -> tuple[int, bool]:
    """Insert one article version; return (article_id, is_new). Same URL and text → existing row."""
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO staging.article (page_id, url, outlet, version, title, body, published_at,
                                            language, dateline, content_hash)
               SELECT %(page_id)s, %(url)s, %(outlet)s,
                      coalesce((SELECT max(version) FROM staging.article WHERE url = %(url)s), 0) + 1,
                      %(title)s, %(body)s, %(published)s, %(language)s, %(dateline)s, %(hash)s
               ON CONFLICT (url, content_hash) DO NOTHING
               RETURNING article_id""",
            {
                "page_id": article.raw_page_id, "url": article.url, "outlet": article.outlet,
                "title": article.title, "body": article.text, "published": article.published,
                "language": article.language, "dateline": article.dateline, "hash": article.content_hash,
            },
        )
        row = cur.fetchone()
        if row:
            return row[0], True
        cur.execute(
            "SELECT article_id FROM staging.article WHERE url = %s AND content_hash = %s",
            (article.url, article.content_hash),
        )
        return cur.fetchone()[0], False


def store_quarantine(conn: Connection, item: Quarantine) -> None:
    """Record why an input could not become an article (idempotent)."""
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO staging.quarantine (page_id, url, outlet, reason, detail)
               VALUES (%s, %s, %s, %s, %s)
               ON CONFLICT (url, reason, detail) DO UPDATE SET page_id = EXCLUDED.page_id""",
            (item.raw_page_id, item.url, item.outlet, item.reason, item.detail),
        )


def ensure_outlet(conn: Connection, outlet: str, display_name: str, domain: str | None, has_spider: bool) -> None:
    """Make sure an outlet is in core.dim_outlet (first sighting wins for names)."""
    with conn.cursor() as cur:
        cur.execute(
            """INSERT INTO core.dim_outlet (outlet, display_name, domain, has_spider)
               VALUES (%s, %s, %s, %s) ON CONFLICT (outlet) DO NOTHING""",
            (outlet, display_name, domain, has_spider),
        )


def articles_pending_extraction(conn: Connection, limit: int | None = None) -> list[Article]:
    """Latest Arabic article versions that extraction has not run on yet."""
    with conn.cursor() as cur:
        cur.execute(
            """SELECT a.article_id, a.page_id, a.url, a.outlet, a.title, a.body, a.published_at,
                      a.language, a.dateline
               FROM staging.article a
               WHERE a.extracted_at IS NULL AND a.language = 'ar'
                 AND a.version = (SELECT max(version) FROM staging.article b WHERE b.url = a.url)
               ORDER BY a.published_at NULLS LAST, a.url LIMIT %s""",
            (limit,),
        )
        return [_article(row) for row in cur.fetchall()]


def _article(row: tuple) -> Article:
    article_id, page_id, url, outlet, title, body, published, language, dateline = row
    return Article(url=url, outlet=outlet, title=title, paragraphs=body.split("\n\n"), published=published,
                   language=language, dateline=dateline, raw_page_id=page_id, id=article_id)

