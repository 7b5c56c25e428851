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
COMMENT ON COLUMN marts.events_acled.event_id_cnty IS 'ACLED event id: SYR followed by core.fact_event.event_seq.';
COMMENT ON COLUMN marts.events_acled.event_date IS 'Day the incident happened.';
COMMENT ON COLUMN marts.events_acled.year IS 'Year of event_date.';
COMMENT ON COLUMN marts.events_acled.time_precision IS '1 exact day, 2 week, 3 month.';
COMMENT ON COLUMN marts.events_acled.disorder_type IS 'ACLED disorder type.';
COMMENT ON COLUMN marts.events_acled.event_type IS 'ACLED event type.';
COMMENT ON COLUMN marts.events_acled.sub_event_type IS 'ACLED sub-event type.';
COMMENT ON COLUMN marts.events_acled.actor1 IS 'Initiating actor (ACLED name).';
COMMENT ON COLUMN marts.events_acled.assoc_actor_1 IS 'Actors associated with actor1, semicolon-separated.';
COMMENT ON COLUMN marts.events_acled.inter1 IS 'ACLED inter code of actor1.';
COMMENT ON COLUMN marts.events_acled.actor2 IS 'Other actor (target or opponent).';
COMMENT ON COLUMN marts.events_acled.assoc_actor_2 IS 'Actors associated with actor2, semicolon-separated.';
COMMENT ON COLUMN marts.events_acled.inter2 IS 'ACLED inter code of actor2.';
COMMENT ON COLUMN marts.events_acled.interaction IS 'ACLED interaction code from inter1 and inter2.';
COMMENT ON COLUMN marts.events_acled.civilian_targeting IS '''Civilian targeting'' when civilians were targeted, else empty.';
COMMENT ON COLUMN marts.events_acled.iso IS 'ISO 3166 numeric country code (760).';
COMMENT ON COLUMN marts.events_acled.region IS 'ACLED region (Middle East).';
COMMENT ON COLUMN marts.events_acled.country IS 'Country (Syria).';
COMMENT ON COLUMN marts.events_acled.admin1 IS 'Governorate.';
COMMENT ON COLUMN marts.events_acled.admin2 IS 'District.';
COMMENT ON COLUMN marts.events_acled.admin3 IS 'Subdistrict.';
COMMENT ON COLUMN marts.events_acled.location IS 'Most specific place (English).';
COMMENT ON COLUMN marts.events_acled.latitude IS 'WGS84 latitude of location.';
COMMENT ON COLUMN marts.events_acled.longitude IS 'WGS84 longitude of location.';
COMMENT ON COLUMN marts.events_acled.geo_precision IS '1 the town, 2 near a town / district, 3 governorate or region.';
COMMENT ON COLUMN marts.events_acled.source IS 'Reporting outlets (display names), semicolon-separated.';
COMMENT ON COLUMN marts.events_acled.source_scale IS 'ACLED source scale (National).';
COMMENT ON COLUMN marts.events_acled.notes IS 'Short description of the event.';
COMMENT ON COLUMN marts.events_acled.fatalities IS 'Canonical death toll (0 when none reported).';
COMMENT ON COLUMN marts.events_acled.tags IS '''aggregate'' for tallies over many incidents, else empty.';
COMMENT ON COLUMN marts.events_acled."timestamp" IS 'Unix time of the event''s last change.';
COMMENT ON COLUMN marts.events_acled.event_uid IS 'Stable event identifier (core.fact_event.event_uid).';
COMMENT ON COLUMN marts.events_acled.source_urls IS 'URLs of the reporting articles, space-separated.';
COMMENT ON COLUMN marts.events_acled.source_count IS 'Distinct outlets reporting the event.';
COMMENT ON COLUMN marts.events_acled.article_count IS 'Distinct articles reporting the event.';
COMMENT ON COLUMN marts.events_acled.injured IS 'Canonical number of injured.';
COMMENT ON COLUMN marts.events_acled.arrested IS 'Canonical number of arrests.';
