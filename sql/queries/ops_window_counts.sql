-- What the warehouse holds for one window, per outlet: articles published in it and the
-- events their reports belong to. Unlike a stage's counts (what one run did), these do not
-- depend on how many times the night was run, so a re-run records the same values.
--
-- Parameters: since, until (timestamptz, the window [since, until)).
SELECT a.outlet,
       count(DISTINCT a.url)       AS articles,
       count(DISTINCT r.event_uid) AS events
FROM staging.article a
LEFT JOIN core.event_report r USING (article_id)
WHERE a.published_at >= %(since)s::timestamptz AND a.published_at < %(until)s::timestamptz
GROUP BY a.outlet
ORDER BY a.outlet;
