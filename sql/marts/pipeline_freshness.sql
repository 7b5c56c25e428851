-- marts.pipeline_freshness — grain: one outlet (from core.dim_outlet, crawl runs, articles or
-- reports). When the pipeline last crawled it, when its latest article was published, its
-- latest event, and how long ago each was. "Ago" is relative to now(): this view is for
-- monitoring, so a stale outlet must look stale even when nothing new was loaded.
-- Example: crawled outlets whose last good crawl is more than a day old
-- SELECT outlet, last_crawl_status, hours_since_successful_crawl, hours_since_article
-- FROM marts.pipeline_freshness
-- WHERE has_spider AND (hours_since_successful_crawl > 24 OR hours_since_successful_crawl IS NULL)
-- ORDER BY hours_since_successful_crawl DESC NULLS FIRST;
DROP VIEW IF EXISTS marts.pipeline_freshness CASCADE;
CREATE VIEW marts.pipeline_freshness AS
WITH outlets AS (
    SELECT outlet FROM core.dim_outlet
    UNION
    SELECT outlet FROM raw.crawl_run
    UNION
    SELECT outlet FROM staging.article
    UNION
    SELECT outlet FROM core.event_report
),

crawls AS (
    SELECT outlet,
           max(started_at)                                    AS last_crawl_started_at,
           max(finished_at) FILTER (WHERE status IN ('ok', 'empty')) AS last_crawl_succeeded_at,
           count(*) FILTER (WHERE started_at > now() - interval '7 days')::int AS crawls_last_7_days,
           count(*) FILTER (WHERE status = 'failed' AND started_at > now() - interval '7 days')::int
                                                              AS failed_crawls_last_7_days
    FROM raw.crawl_run
    GROUP BY outlet
),

last_crawl AS (
    SELECT DISTINCT ON (outlet) outlet, status AS last_crawl_status
    FROM raw.crawl_run
    ORDER BY outlet, started_at DESC, crawl_run_id DESC
),

articles AS (
    SELECT outlet,
           max(published_at) AS last_article_published_at,
           max(cleaned_at)   AS last_article_cleaned_at
    FROM staging.article
    GROUP BY outlet
),

events AS (
    SELECT r.outlet,
           max(r.event_date)   AS last_event_date,
           max(r.published_at) AS last_event_reported_at
    FROM core.event_report r
    GROUP BY r.outlet
)

SELECT o.outlet,
       d.display_name,
       d.has_spider,
       c.last_crawl_started_at,
       l.last_crawl_status,
       c.last_crawl_succeeded_at,
       coalesce(c.crawls_last_7_days, 0)                                           AS crawls_last_7_days,
       coalesce(c.failed_crawls_last_7_days, 0)                                    AS failed_crawls_last_7_days,
       a.last_article_published_at,
       a.last_article_cleaned_at,
       e.last_event_date,
       e.last_event_reported_at,
       round((extract(epoch FROM now() - c.last_crawl_started_at) / 3600)::numeric, 1)     AS hours_since_crawl,
       round((extract(epoch FROM now() - c.last_crawl_succeeded_at) / 3600)::numeric, 1)   AS hours_since_successful_crawl,
       round((extract(epoch FROM now() - a.last_article_published_at) / 3600)::numeric, 1) AS hours_since_article,
       round((extract(epoch FROM now() - e.last_event_reported_at) / 3600)::numeric, 1)    AS hours_since_event_report,
       (current_date - e.last_event_date)                                         AS days_since_event
FROM outlets o
LEFT JOIN core.dim_outlet d USING (outlet)
LEFT JOIN crawls c USING (outlet)
LEFT JOIN last_crawl l USING (outlet)
LEFT JOIN articles a USING (outlet)
LEFT JOIN events e USING (outlet);

COMMENT ON VIEW marts.pipeline_freshness IS 'Grain: one outlet. Last crawl, last article, last event and the hours since each (relative to now()), for spotting outlets that went silent or whose crawls fail.';
COMMENT ON COLUMN marts.pipeline_freshness.outlet IS 'Outlet key.';
COMMENT ON COLUMN marts.pipeline_freshness.display_name IS 'Outlet name; null when the outlet is not in core.dim_outlet.';
COMMENT ON COLUMN marts.pipeline_freshness.has_spider IS 'True when the outlet is crawled nightly; file-only outlets are expected to have no crawls.';
COMMENT ON COLUMN marts.pipeline_freshness.last_crawl_started_at IS 'Start of the latest crawl of the outlet, whatever its outcome.';
COMMENT ON COLUMN marts.pipeline_freshness.last_crawl_status IS 'Status of that latest crawl: running, ok, failed or empty.';
COMMENT ON COLUMN marts.pipeline_freshness.last_crawl_succeeded_at IS 'End of the latest crawl that finished ok or empty.';
COMMENT ON COLUMN marts.pipeline_freshness.crawls_last_7_days IS 'Crawls started in the last 7 days.';
COMMENT ON COLUMN marts.pipeline_freshness.failed_crawls_last_7_days IS 'Of those, crawls that failed.';
COMMENT ON COLUMN marts.pipeline_freshness.last_article_published_at IS 'Publication time of the outlet''s newest stored article.';
COMMENT ON COLUMN marts.pipeline_freshness.last_article_cleaned_at IS 'When the pipeline last cleaned an article of the outlet.';
COMMENT ON COLUMN marts.pipeline_freshness.last_event_date IS 'Latest event day among the outlet''s event reports.';
COMMENT ON COLUMN marts.pipeline_freshness.last_event_reported_at IS 'Publication time of the outlet''s newest article that reported an event.';
COMMENT ON COLUMN marts.pipeline_freshness.hours_since_crawl IS 'Hours from last_crawl_started_at to now.';
COMMENT ON COLUMN marts.pipeline_freshness.hours_since_successful_crawl IS 'Hours from last_crawl_succeeded_at to now.';
COMMENT ON COLUMN marts.pipeline_freshness.hours_since_article IS 'Hours from last_article_published_at to now.';
COMMENT ON COLUMN marts.pipeline_freshness.hours_since_event_report IS 'Hours from last_event_reported_at to now.';
COMMENT ON COLUMN marts.pipeline_freshness.days_since_event IS 'Days from last_event_date to today.';
