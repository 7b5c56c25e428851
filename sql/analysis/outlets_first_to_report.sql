-- Question: which outlets break news first, and by how much do they beat the next outlet?
-- Grain: one outlet that reported at least one event also reported by another outlet.
-- Per event, each outlet's first article counts (follow-ups do not); the outlet with the
-- earliest publication time is first (ties: every tied outlet). median_lead_hours: how far
-- ahead of the runner-up it was when first; median_lag_hours: how far behind the first report
-- it was when it followed. Reports without a publication time are ignored. All dates;
-- marts.outlet_coverage has similar figures per outlet with exclusives included.
WITH outlet_event AS (
    SELECT r.event_uid, r.outlet, min(r.published_at) AS published_at
    FROM core.event_report r
    WHERE r.published_at IS NOT NULL
    GROUP BY r.event_uid, r.outlet
),

ranked AS (
    SELECT oe.*,
           rank() OVER w                        AS arrival,
           count(*) OVER (PARTITION BY event_uid) AS outlets,
           lead(published_at) OVER w            AS next_published_at,
           min(published_at) OVER w             AS first_published_at
    FROM outlet_event oe
    WINDOW w AS (PARTITION BY event_uid ORDER BY published_at)
),

shared AS (
    SELECT *
    FROM ranked
    WHERE outlets > 1
)

SELECT outlet,
       count(*)                                          AS shared_events,
       count(*) FILTER (WHERE arrival = 1)               AS first_reports,
       round(count(*) FILTER (WHERE arrival = 1)::numeric / count(*), 3) AS first_share,
       round((percentile_cont(0.5) WITHIN GROUP (
                  ORDER BY extract(epoch FROM next_published_at - published_at) / 3600)
              FILTER (WHERE arrival = 1))::numeric, 2)   AS median_lead_hours,
       round((percentile_cont(0.5) WITHIN GROUP (
                  ORDER BY extract(epoch FROM published_at - first_published_at) / 3600)
              FILTER (WHERE arrival > 1))::numeric, 2)   AS median_lag_hours
FROM shared
GROUP BY outlet
ORDER BY first_reports DESC, first_share DESC, outlet;
