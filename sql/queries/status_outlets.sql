-- Grain: one outlet. Articles, quarantined pages and events per outlet, and its last crawl.
WITH articles AS (
    SELECT outlet, count(*) AS articles, max(published_at) AS latest_article
    FROM staging.article GROUP BY outlet
), quarantined AS (
    SELECT outlet, count(*) AS quarantined FROM staging.quarantine GROUP BY outlet
), events AS (
    SELECT outlet, count(DISTINCT event_uid) AS events FROM core.event_report GROUP BY outlet
), last_crawl AS (
    SELECT DISTINCT ON (outlet) outlet, status AS last_crawl_status, started_at AS last_crawl_at, error
    FROM raw.crawl_run ORDER BY outlet, started_at DESC
)
SELECT o.outlet, coalesce(a.articles, 0) AS articles, coalesce(q.quarantined, 0) AS quarantined,
       coalesce(e.events, 0) AS events, a.latest_article, c.last_crawl_status, c.last_crawl_at, c.error
FROM (SELECT outlet FROM core.dim_outlet UNION SELECT outlet FROM raw.crawl_run) o
LEFT JOIN articles a USING (outlet)
LEFT JOIN quarantined q USING (outlet)
LEFT JOIN events e USING (outlet)
LEFT JOIN last_crawl c USING (outlet)
ORDER BY events DESC, articles DESC, outlet;
