-- Data-quality check: an outlet that usually publishes returned zero articles in the window.
--
-- Alerts when a crawl silently broke (changed markup, blocked crawler, dead feed): the crawl
-- "succeeds" but nothing arrives. An outlet counts as "usually publishing" when
--   * its catalogue entry says so (scrapers/outlets.toml usually_publishes; the caller passes
--     those keys as outlets), and
--   * it had articles on at least min_active_days distinct days (Damascus calendar) of the
--     trailing_days days before the window.
-- The second condition keeps a fresh warehouse (no history yet) from alerting.
--
-- Parameters: since, until (timestamptz, the window [since, until)), outlets (text[]),
--             trailing_days (int), min_active_days (int).
-- Returns one row per silent outlet; no rows means the check passed.
WITH history AS (
    SELECT outlet,
           count(DISTINCT (published_at AT TIME ZONE 'Asia/Damascus')::date) AS active_days,
           count(DISTINCT url)                                              AS trailing_articles
    FROM staging.article
    WHERE outlet = ANY(%(outlets)s::text[])
      AND published_at >= %(since)s::timestamptz - make_interval(days => %(trailing_days)s)
      AND published_at <  %(since)s::timestamptz
    GROUP BY outlet
), in_window AS (
    SELECT outlet, count(DISTINCT url) AS articles
    FROM staging.article
    WHERE published_at >= %(since)s::timestamptz AND published_at < %(until)s::timestamptz
    GROUP BY outlet
)
SELECT h.outlet, h.active_days, h.trailing_articles
FROM history h
LEFT JOIN in_window w USING (outlet)
WHERE h.active_days >= %(min_active_days)s
  AND coalesce(w.articles, 0) = 0
ORDER BY h.outlet;
