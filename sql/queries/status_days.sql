-- Grain: one publication day (Damascus time), last 30 days that have data.
SELECT (a.published_at AT TIME ZONE 'Asia/Damascus')::date AS day,
       count(DISTINCT a.article_id) AS articles,
       count(DISTINCT r.event_uid) AS events
FROM staging.article a
LEFT JOIN core.event_report r ON r.article_id = a.article_id
GROUP BY 1
ORDER BY 1 DESC NULLS LAST
LIMIT 30;
