-- Access paths of the mart views and analysis queries (sql/marts, sql/analysis).
CREATE INDEX IF NOT EXISTS crawl_run_outlet_started ON raw.crawl_run (outlet, started_at DESC);
CREATE INDEX IF NOT EXISTS event_report_outlet_event ON core.event_report (outlet, event_uid) INCLUDE (published_at);
CREATE INDEX IF NOT EXISTS fact_event_actor1_date ON core.fact_event (actor1, event_date);
CREATE INDEX IF NOT EXISTS fact_event_actor2_date ON core.fact_event (actor2, event_date);
CREATE INDEX IF NOT EXISTS fact_event_sub_type_date ON core.fact_event (sub_event_type, event_date);
COMMENT ON INDEX raw.crawl_run_outlet_started IS 'marts.pipeline_freshness: latest crawl per outlet.';
COMMENT ON INDEX core.event_report_outlet_event IS 'marts.outlet_coverage and the first-to-report query: one outlet''s reports per event with their publication times.';
COMMENT ON INDEX core.fact_event_actor1_date IS 'Actor questions by period (fatalities_by_month_actor, isis_attacks_by_month).';
COMMENT ON INDEX core.fact_event_actor2_date IS 'Actor questions by period, actor on the receiving side.';
COMMENT ON INDEX core.fact_event_sub_type_date IS 'Sub-event-type questions by period (interior_ministry_arrests).';
