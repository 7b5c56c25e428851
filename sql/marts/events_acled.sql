-- marts.events_acled — grain: one deduplicated incident, in ACLED's 31 columns (ACLED's order),
-- then our extras: event_uid, source_urls, source_count, article_count, injured, arrested.
-- This is the shape `syria-events export --format acled-csv` writes.
DROP VIEW IF EXISTS marts.events_acled CASCADE;
CREATE VIEW marts.events_acled AS
WITH sources AS (
    SELECT r.event_uid,
           string_agg(DISTINCT coalesce(o.display_name, r.outlet), '; ') AS source,
           string_agg(DISTINCT r.url, ' ') AS source_urls,
           string_agg(DISTINCT r.evidence, ' | ') AS evidence
    FROM core.event_report r
    LEFT JOIN core.dim_outlet o USING (outlet)
    GROUP BY r.event_uid
)
SELECT
    'SYR' || e.event_seq                                     AS event_id_cnty,
    e.event_date,
    extract(year FROM e.event_date)::int                     AS year,
    e.time_precision,
    e.disorder_type,
    e.event_type,
    e.sub_event_type,
    e.actor1,
    e.assoc_actor_1,
    e.inter1,
    e.actor2,
    e.assoc_actor_2,
    e.inter2,
    e.interaction,
    CASE WHEN e.civilian_targeting THEN 'Civilian targeting' ELSE '' END AS civilian_targeting,
    e.iso,
    'Middle East'::text                                      AS region,
    e.country,
    e.admin1,
    e.admin2,
    e.admin3,
    e.location,
    e.latitude,
    e.longitude,
    e.geo_precision,
    s.source,
    'National'::text                                         AS source_scale,
    e.notes,
    coalesce(e.fatalities, 0)                                AS fatalities,
    CASE WHEN e.aggregate THEN 'aggregate' ELSE '' END       AS tags,
    extract(epoch FROM e.updated_at)::bigint                 AS "timestamp",
    e.event_uid,
    s.source_urls,
    e.source_count,
    e.article_count,
    e.injured,
    e.arrested
FROM core.fact_event e
LEFT JOIN sources s USING (event_uid);
COMMENT ON VIEW marts.events_acled IS 'Grain: one deduplicated incident in ACLED''s 31-column shape plus event_uid, source_urls, source_count, article_count, injured, arrested.';
