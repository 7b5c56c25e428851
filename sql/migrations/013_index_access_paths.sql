-- Core keeps one index per access path that a mart view or analysis query takes, and no more:
-- every index is rebuilt by a bulk load and updated by every batch, so an index nothing reads
-- only slows loading. `make bench` times every mart and analysis query on 100k and 1M loaded
-- events with and without index paths; the before/after of this change is in bench/RESULTS.md.

-- No shipped query filters on event_type or actor2 alone: type questions go through
-- sub_event_type or a full aggregate, actor questions through actor1.
DROP INDEX IF EXISTS core.fact_event_type_date;
DROP INDEX IF EXISTS core.fact_event_actor2_date;

-- One index serves both report access paths: by event (joins, the foreign key to fact_event,
-- per-event aggregates) and per (event, outlet) with publication times, read index-only
-- (outlet_coverage, outlets_first_to_report).
DROP INDEX IF EXISTS core.event_report_event;
DROP INDEX IF EXISTS core.event_report_outlet_event;
CREATE INDEX IF NOT EXISTS event_report_event_outlet ON core.event_report (event_uid, outlet) INCLUDE (published_at);
COMMENT ON INDEX core.event_report_event_outlet IS 'Reports of an event (joins, the key to fact_event, per-event aggregates) and each outlet''s first publication per event, index-only (outlet_coverage, outlets_first_to_report).';

-- The rest of core's indexes and its provenance keys, for the data dictionary.
COMMENT ON INDEX core.fact_event_date IS 'Events in a period (incidents_per_governorate_week and other last-N-days questions).';
COMMENT ON INDEX core.fact_event_admin1_date IS 'One governorate over a period (governorate_daily_timeline, marts.daily_events_by_governorate_type filtered by governorate).';
COMMENT ON INDEX core.dim_place_admin1 IS 'The places of one governorate.';
COMMENT ON CONSTRAINT event_report_event_uid_fkey ON core.event_report IS 'Every report belongs to an event core holds.';
COMMENT ON CONSTRAINT event_report_article_id_fkey ON core.event_report IS 'Provenance: every report points at the article version it was read from.';
