-- marts.outlet_coverage — grain: one outlet (every outlet in core.dim_outlet, plus any outlet
-- that appears only in reports). Which events it reports, and how fast: for each event the
-- outlet with the earliest published report is "first" (ties: every tied outlet is first) and
-- every other outlet's lag is the hours between that first report and its own first report.
-- Reports without a publication time take no part in the latency figures.
-- Example: who breaks news first on shared stories
-- SELECT outlet, events_reported, shared_events, shared_events_first, first_share, median_lag_hours
-- FROM marts.outlet_coverage
-- WHERE shared_events > 0
-- ORDER BY first_share DESC NULLS LAST, shared_events DESC;
DROP VIEW IF EXISTS marts.outlet_coverage CASCADE;
CREATE VIEW marts.outlet_coverage AS
WITH outlet_event AS (
    -- One row per (outlet, event): an outlet's follow-up articles do not count as new coverage.
    SELECT r.outlet,
           r.event_uid,
           min(r.published_at) AS published_at,
           count(*)            AS reports
    FROM core.event_report r
    GROUP BY r.event_uid, r.outlet
),

event_sources AS (
    SELECT event_uid,
           count(*)          AS outlets,
           min(published_at) AS first_published_at
    FROM outlet_event
    GROUP BY event_uid
),

latency AS (
    SELECT oe.outlet,
           oe.event_uid,
           oe.reports,
           es.outlets,
           oe.published_at IS NOT NULL                              AS timed,
           oe.published_at = es.first_published_at                  AS is_first,
           extract(epoch FROM oe.published_at - es.first_published_at) / 3600.0 AS lag_hours
    FROM outlet_event oe
    JOIN event_sources es USING (event_uid)
),

type_mix AS (
    SELECT outlet,
           string_agg(event_type || ': ' || events, '; ' ORDER BY events DESC, event_type) AS event_types
    FROM (
        SELECT oe.outlet, e.event_type, count(*) AS events
        FROM outlet_event oe
        JOIN core.fact_event e USING (event_uid)
        GROUP BY oe.outlet, e.event_type
    ) counted
    GROUP BY outlet
),

per_outlet AS (
    SELECT outlet,
           count(*)::int                                               AS events_reported,
           sum(reports)::int                                           AS reports,
           count(*) FILTER (WHERE outlets = 1)::int                    AS exclusive_events,
           count(*) FILTER (WHERE outlets > 1)::int                    AS shared_events,
           count(*) FILTER (WHERE is_first AND outlets > 1)::int       AS shared_events_first,
           count(*) FILTER (WHERE NOT is_first)::int                   AS events_followed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_hours) FILTER (WHERE NOT is_first)
                                                                       AS median_lag_hours,
           avg(lag_hours) FILTER (WHERE NOT is_first)                  AS avg_lag_hours,
           max(lag_hours) FILTER (WHERE NOT is_first)                  AS max_lag_hours
    FROM latency
    GROUP BY outlet
),

outlets AS (
    SELECT outlet, display_name FROM core.dim_outlet
    UNION
    SELECT DISTINCT r.outlet, r.outlet FROM core.event_report r
    WHERE NOT EXISTS (SELECT FROM core.dim_outlet o WHERE o.outlet = r.outlet)
)

SELECT o.outlet,
       o.display_name,
       coalesce(p.events_reported, 0)                       AS events_reported,
       coalesce(p.reports, 0)                               AS reports,
       coalesce(p.exclusive_events, 0)                      AS exclusive_events,
       coalesce(p.shared_events, 0)                         AS shared_events,
       coalesce(p.shared_events_first, 0)                   AS shared_events_first,
       round((p.shared_events_first::numeric / nullif(p.shared_events, 0)), 3) AS first_share,
       coalesce(p.events_followed, 0)                       AS events_followed,
       round(p.median_lag_hours::numeric, 2)                AS median_lag_hours,
       round(p.avg_lag_hours::numeric, 2)                   AS avg_lag_hours,
       round(p.max_lag_hours::numeric, 2)                   AS max_lag_hours,
       t.event_types
FROM outlets o
LEFT JOIN per_outlet p USING (outlet)
LEFT JOIN type_mix t USING (outlet);

COMMENT ON VIEW marts.outlet_coverage IS 'Grain: one outlet. What it reports (events, exclusives, mix of event types) and first-to-report latency on events other outlets also reported.';
COMMENT ON COLUMN marts.outlet_coverage.outlet IS 'Outlet key (core.dim_outlet.outlet).';
COMMENT ON COLUMN marts.outlet_coverage.display_name IS 'Outlet name (the key itself when the outlet is missing from core.dim_outlet).';
COMMENT ON COLUMN marts.outlet_coverage.events_reported IS 'Distinct events the outlet reported.';
COMMENT ON COLUMN marts.outlet_coverage.reports IS 'Event reports (article x event) from the outlet; above events_reported when it wrote follow-ups.';
COMMENT ON COLUMN marts.outlet_coverage.exclusive_events IS 'Events no other outlet reported.';
COMMENT ON COLUMN marts.outlet_coverage.shared_events IS 'Events at least one other outlet also reported.';
COMMENT ON COLUMN marts.outlet_coverage.shared_events_first IS 'Shared events where this outlet published first (ties count for every tied outlet).';
COMMENT ON COLUMN marts.outlet_coverage.first_share IS 'shared_events_first / shared_events (0-1); null without shared events.';
COMMENT ON COLUMN marts.outlet_coverage.events_followed IS 'Events where another outlet had published earlier (the outlet followed).';
COMMENT ON COLUMN marts.outlet_coverage.median_lag_hours IS 'Median hours between the first report of an event and this outlet''s first report, over events_followed.';
COMMENT ON COLUMN marts.outlet_coverage.avg_lag_hours IS 'Mean of the same lag, in hours.';
COMMENT ON COLUMN marts.outlet_coverage.max_lag_hours IS 'Longest lag behind the first report, in hours.';
COMMENT ON COLUMN marts.outlet_coverage.event_types IS 'Events reported per ACLED event type, most frequent first (e.g. Battles: 4; Protests: 1).';
