-- Data-quality check: events with impossible values in core.fact_event.
--
--   * event_date in the future (later than today in Damascus; nothing can have happened yet),
--   * a negative count (deaths, injured, arrested, their min/max spread, source/article counts),
--   * a min above its max (fatalities_min > fatalities_max, ...),
--   * country Syria but coordinates outside Syria's bounding box
--     (latitude 32.3-37.4, longitude 35.5-42.4): a gazetteer or geocoding error.
-- The whole table is checked, not just the window: an impossible value must never be exported,
-- whenever it got in.
--
-- Parameters: none.
-- Returns one row per (event, problem); no rows means the check passed.
SELECT event_uid, 'event_date ' || event_date || ' is in the future' AS problem
FROM core.fact_event
WHERE event_date > (now() AT TIME ZONE 'Asia/Damascus')::date

UNION ALL
SELECT event_uid, 'negative count' AS problem
FROM core.fact_event
WHERE least(fatalities, fatalities_min, fatalities_max, injured, injured_min, injured_max,
            arrested, arrested_min, arrested_max, source_count, article_count) < 0

UNION ALL
SELECT event_uid, 'count minimum above its maximum' AS problem
FROM core.fact_event
WHERE fatalities_min > fatalities_max OR injured_min > injured_max OR arrested_min > arrested_max

UNION ALL
SELECT event_uid,
       'country Syria but coordinates ' || latitude || ', ' || longitude || ' are outside Syria' AS problem
FROM core.fact_event
WHERE country = 'Syria'
  AND (latitude NOT BETWEEN 32.3 AND 37.4 OR longitude NOT BETWEEN 35.5 AND 42.4)

ORDER BY event_uid, problem;
