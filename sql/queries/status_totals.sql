-- Grain: the whole warehouse, one row.
SELECT (SELECT count(*) FROM raw.page)             AS raw_pages,
       (SELECT count(*) FROM staging.article)      AS articles,
       (SELECT count(*) FROM staging.quarantine)   AS quarantined,
       (SELECT count(*) FROM core.fact_event)      AS events,
       (SELECT count(*) FROM core.fact_event WHERE source_count >= 2) AS multi_source_events,
       (SELECT count(*) FROM core.event_report)    AS reports,
       (SELECT count(DISTINCT outlet) FROM core.event_report) AS outlets_with_events;
