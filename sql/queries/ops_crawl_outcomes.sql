-- The latest crawl of each outlet for one window (raw.crawl_run), for the run metrics.
-- Used for outlets whose crawl task left no result (it failed): the row says why.
--
-- Parameters: since, until (timestamptz, the crawl window), outlets (text[]).
SELECT DISTINCT ON (outlet) outlet, status, error, stats
FROM raw.crawl_run
WHERE window_start = %(since)s::timestamptz
  AND window_end = %(until)s::timestamptz
  AND outlet = ANY(%(outlets)s::text[])
ORDER BY outlet, crawl_run_id DESC;
