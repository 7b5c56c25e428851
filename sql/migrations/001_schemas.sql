-- Layers of the warehouse, one schema each:
--   raw      fetched pages exactly as received, and crawl runs
--   staging  cleaned articles (versioned) and quarantined inputs
--   core     dimensions and the deduplicated event fact with its per-source reports
--   marts    views answering analysts' questions (sql/marts/*.sql)
--   ops      pipeline runs, metrics, migration history
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS marts;
CREATE SCHEMA IF NOT EXISTS ops;

COMMENT ON SCHEMA raw IS 'Fetched pages exactly as received, before any parsing; crawl runs.';
COMMENT ON SCHEMA staging IS 'Cleaned articles (one row per article version) and quarantined inputs.';
COMMENT ON SCHEMA core IS 'Dimensions, deduplicated events (fact_event) and what each source reported (event_report).';
COMMENT ON SCHEMA marts IS 'Read-only views answering analysts'' questions.';
COMMENT ON SCHEMA ops IS 'Pipeline runs, per-task and per-outlet metrics, migration history.';
COMMENT ON TABLE ops.schema_migration IS 'Grain: one row per applied migration file.';
