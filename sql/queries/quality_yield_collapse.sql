-- Data-quality check: extraction yield collapsed.
--
-- Yield = event reports extracted per article (staging.event_candidate rows per extracted
-- staging.article version). A yield far below the trailing average means extraction broke
-- (a rule file failed to load, cleaning now returns boilerplate instead of the body, ...)
-- even though every task succeeded.
--
-- Fires when the window's yield is below ratio x the yield of the trailing_days days
-- before it, and both periods have enough articles for the ratio to mean something
-- (min_articles in the window, min_trailing_articles in the trailing period).
--
-- Parameters: since, until (timestamptz), trailing_days (int), ratio (float),
--             min_articles (int), min_trailing_articles (int).
-- Returns one row when the check fails; no rows means it passed.
WITH per_article AS (
    SELECT a.article_id,
           a.published_at >= %(since)s::timestamptz AS in_window,
           count(c.report_index)                    AS reports
    FROM staging.article a
    LEFT JOIN staging.event_candidate c USING (article_id)
    WHERE a.extracted_at IS NOT NULL               -- only articles extraction has seen
      AND a.published_at >= %(since)s::timestamptz - make_interval(days => %(trailing_days)s)
      AND a.published_at <  %(until)s::timestamptz
    GROUP BY a.article_id, a.published_at
), periods AS (
    SELECT in_window, count(*) AS articles, sum(reports) AS reports
    FROM per_article
    GROUP BY in_window
)
SELECT cur.articles                                   AS window_articles,
       cur.reports                                    AS window_reports,
       round(cur.reports::numeric / cur.articles, 3)   AS window_yield,
       hist.articles                                  AS trailing_articles,
       round(hist.reports::numeric / hist.articles, 3) AS trailing_yield
FROM periods cur
JOIN periods hist ON cur.in_window AND NOT hist.in_window
WHERE cur.articles >= %(min_articles)s
  AND hist.articles >= %(min_trailing_articles)s
  AND hist.reports > 0
  AND cur.reports::float / cur.articles < %(ratio)s * (hist.reports::float / hist.articles);
