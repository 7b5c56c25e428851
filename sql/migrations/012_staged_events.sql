-- Dedup stages the canonical events it computes; load moves them into core with set-based SQL.
--
-- Before this migration the loader recomputed every event's canonical values in Python from the
-- staged JSON reports (work dedup had already done) and sent them back over COPY. Now dedup
-- writes staging.event in the same transaction as its assignments, and load is a handful of
-- INSERT ... SELECT statements (sql/load/) that never leave the server.

-- Event uids are opaque identifiers: byte-order collation makes their indexes, joins and sorts
-- cheaper than the database's linguistic default, and every column holding one must agree. The
-- mart views depend on these columns; migrate() re-creates them after any migration runs.
DROP VIEW IF EXISTS marts.events_acled, marts.daily_events_by_governorate_type, marts.fatalities_by_month_actor,
    marts.outlet_coverage, marts.pipeline_freshness, marts.source_agreement CASCADE;
ALTER TABLE core.event_report DROP CONSTRAINT event_report_event_uid_fkey;
ALTER TABLE core.fact_event ALTER COLUMN event_uid TYPE text COLLATE "C";
ALTER TABLE core.event_report ALTER COLUMN event_uid TYPE text COLLATE "C";
ALTER TABLE core.event_report ADD CONSTRAINT event_report_event_uid_fkey
    FOREIGN KEY (event_uid) REFERENCES core.fact_event;
ALTER TABLE staging.event_candidate ALTER COLUMN event_uid TYPE text COLLATE "C";

-- staging.event — grain: one deduplicated event, as the last dedup run computed it.
CREATE TABLE staging.event (
    event_uid           text COLLATE "C" PRIMARY KEY,
    event_date          date,
    time_precision      int  NOT NULL,
    disorder_type       text NOT NULL,
    event_type          text NOT NULL,
    sub_event_type      text NOT NULL,
    actor1              text,
    assoc_actor_1       text,
    inter1              int,
    actor2              text,
    assoc_actor_2       text,
    inter2              int,
    interaction         int,
    civilian_targeting  boolean NOT NULL,
    country             text NOT NULL,
    admin1              text,
    admin2              text,
    admin3              text,
    location            text,
    location_ar         text,
    pcode               text,
    latitude            double precision,
    longitude           double precision,
    geo_precision       int,
    fatalities          int,
    fatalities_min      int,
    fatalities_max      int,
    injured             int,
    injured_min         int,
    injured_max         int,
    arrested            int,
    arrested_min        int,
    arrested_max        int,
    aggregate           boolean NOT NULL,
    source_count        int NOT NULL,
    article_count       int NOT NULL,
    confidence          real,
    notes               text NOT NULL,
    first_reported_at   timestamptz,
    stage_seq           bigint NOT NULL UNIQUE,
    staged_at           timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE staging.event_stage_seq OWNED BY staging.event.stage_seq;
ALTER TABLE staging.event ALTER COLUMN stage_seq SET DEFAULT nextval('staging.event_stage_seq');
COMMENT ON TABLE staging.event IS 'Grain: one deduplicated event, as the last dedup run computed it: the canonical values core.fact_event gets (same column names). Written by dedup in the transaction that assigns reports; an event is waiting for load while its stage_seq is above staging.load_watermark.';
COMMENT ON COLUMN staging.event.stage_seq IS 'Staging order: a new number each time dedup (re)writes the event. Load takes events in this order.';
COMMENT ON COLUMN staging.event.staged_at IS 'When dedup last (re)computed this event.';

-- staging.load_watermark — grain: one row, the load stage's progress through staging.event.
CREATE TABLE staging.load_watermark (
    id              int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    loaded_through  bigint NOT NULL DEFAULT 0,
    loaded_at       timestamptz
);
INSERT INTO staging.load_watermark DEFAULT VALUES;
COMMENT ON TABLE staging.load_watermark IS 'Grain: a single row: how far load has moved staged events into core. Dedup runs one at a time, so stage_seq values commit in order and a watermark is enough (no per-row flag to update).';
COMMENT ON COLUMN staging.load_watermark.id IS 'Always 1.';
COMMENT ON COLUMN staging.load_watermark.loaded_through IS 'Every staged event with stage_seq up to this value is in core; set to 0 to load everything again.';
COMMENT ON COLUMN staging.load_watermark.loaded_at IS 'When the last batch committed.';

-- What each candidate says, as columns: computed by the server once, when the candidate is
-- written, so loads (and reloads after a rebuild) copy columns instead of parsing JSON.
-- Dates stay ISO text here (casting text to a date is not immutable) and are cast on load.
ALTER TABLE staging.event_candidate
    ADD COLUMN url               text    GENERATED ALWAYS AS (report->>'article_url') STORED,
    ADD COLUMN outlet            text    GENERATED ALWAYS AS (report->>'outlet') STORED,
    ADD COLUMN published_iso     text    GENERATED ALWAYS AS (report->>'published') STORED,
    ADD COLUMN event_type        text    GENERATED ALWAYS AS (report->>'event_type') STORED,
    ADD COLUMN sub_event_type    text    GENERATED ALWAYS AS (report->>'sub_event_type') STORED,
    ADD COLUMN event_date_iso    text    GENERATED ALWAYS AS (report->>'event_date') STORED,
    ADD COLUMN time_precision    int     GENERATED ALWAYS AS ((report->>'time_precision')::int) STORED,
    ADD COLUMN location          text    GENERATED ALWAYS AS (report->'place'->>'name_en') STORED,
    ADD COLUMN location_ar       text    GENERATED ALWAYS AS (report->'place'->>'name_ar') STORED,
    ADD COLUMN pcode             text    GENERATED ALWAYS AS (report->'place'->>'pcode') STORED,
    ADD COLUMN admin1            text    GENERATED ALWAYS AS (report->'place'->>'admin1') STORED,
    ADD COLUMN geo_precision     int     GENERATED ALWAYS AS ((report->'place'->>'geo_precision')::int) STORED,
    ADD COLUMN actor1            text    GENERATED ALWAYS AS (report->>'actor1') STORED,
    ADD COLUMN actor2            text    GENERATED ALWAYS AS (report->>'actor2') STORED,
    ADD COLUMN fatalities        int     GENERATED ALWAYS AS ((report->'fatalities'->>'value')::int) STORED,
    ADD COLUMN fatalities_approx boolean GENERATED ALWAYS AS (coalesce(
        (report->'fatalities'->>'approximate')::boolean OR (report->'fatalities'->>'lower_bound')::boolean,
        false)) STORED,
    ADD COLUMN injured           int     GENERATED ALWAYS AS ((report->'injured'->>'value')::int) STORED,
    ADD COLUMN arrested          int     GENERATED ALWAYS AS ((report->'arrested'->>'value')::int) STORED,
    ADD COLUMN evidence          text    GENERATED ALWAYS AS (coalesce(report->'evidence'->0->>'sentence', '')) STORED,
    ADD COLUMN evidence_start    int     GENERATED ALWAYS AS (coalesce((report->'evidence'->0->>'start')::int, 0)) STORED,
    ADD COLUMN evidence_end      int     GENERATED ALWAYS AS (coalesce((report->'evidence'->0->>'end')::int, 0)) STORED,
    ADD COLUMN confidence        real    GENERATED ALWAYS AS (round((report->>'confidence')::numeric, 3)::real) STORED;
COMMENT ON COLUMN staging.event_candidate.published_iso IS 'The report''s publication time as ISO text (cast to timestamptz on load).';
COMMENT ON COLUMN staging.event_candidate.event_date_iso IS 'The report''s event date as ISO text (cast to date on load).';

-- staging.event_report_row — grain: one assigned candidate, projected to core.event_report's
-- columns. The one definition of how a stored report becomes a warehouse row: the loader and
-- the row-by-row benchmark baseline both read it.
CREATE VIEW staging.event_report_row AS
SELECT article_id, report_index, event_uid, url, outlet, published_iso::timestamptz AS published_at,
       event_type, sub_event_type, event_date_iso::date AS event_date, time_precision, location,
       location_ar, pcode, admin1, geo_precision, actor1, actor2, fatalities, fatalities_approx, injured,
       arrested, evidence, evidence_start, evidence_end, confidence
FROM staging.event_candidate
WHERE event_uid IS NOT NULL;
COMMENT ON VIEW staging.event_report_row IS 'Grain: one assigned candidate (article version x report), projected from its JSON to the columns of core.event_report. Load reads it; so does the row-by-row benchmark baseline.';

-- Same-named columns mean the same thing as in core: they take core's descriptions.
DO $$
DECLARE
    pair record;
BEGIN
    FOR pair IN
        SELECT t.attrelid::regclass AS target, t.attname, col_description(s.attrelid, s.attnum) AS description
        FROM pg_attribute t
        JOIN pg_attribute s ON s.attname = t.attname AND s.attnum > 0 AND NOT s.attisdropped
        WHERE (t.attrelid, s.attrelid) IN (('staging.event'::regclass, 'core.fact_event'::regclass),
                                           ('staging.event_report_row'::regclass, 'core.event_report'::regclass),
                                           ('staging.event_candidate'::regclass, 'core.event_report'::regclass))
          AND coalesce(col_description(t.attrelid, t.attnum), '') = ''
          AND t.attnum > 0 AND NOT t.attisdropped
    LOOP
        EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', pair.target, pair.attname, pair.description);
    END LOOP;
END
$$;
COMMENT ON COLUMN staging.event.event_uid IS 'The event (staging.event_candidate.event_uid of its reports).';

GRANT SELECT, INSERT, UPDATE, DELETE ON staging.event, staging.load_watermark TO etl;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE staging.event_stage_seq TO etl;
GRANT SELECT ON staging.event_report_row TO etl;
