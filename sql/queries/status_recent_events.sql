-- Grain: one deduplicated incident; the 15 most recent, most-reported first within a day.
SELECT event_date, sub_event_type, admin1, location, fatalities, injured, arrested,
       source_count AS outlets, article_count AS articles, event_uid
FROM core.fact_event
WHERE NOT aggregate
ORDER BY event_date DESC NULLS LAST, source_count DESC, event_uid
LIMIT 15;
