-- marts.fatalities_by_month_actor — grain: one calendar month x one actor (actor1 or actor2 of
-- at least one event that month). An event's fatalities are counted once for each of its two
-- actors, so do not sum this view across actors: that double-counts. Aggregate tallies and
-- undated events are left out.
-- Example: the deadliest actors per month (as either side)
-- SELECT month_start, actor, events, fatalities, fatalities_low, fatalities_high
-- FROM marts.fatalities_by_month_actor
-- ORDER BY month_start DESC, fatalities DESC
-- LIMIT 20;
DROP VIEW IF EXISTS marts.fatalities_by_month_actor CASCADE;
CREATE VIEW marts.fatalities_by_month_actor AS
WITH events AS (
    SELECT e.event_uid,
           date_trunc('month', e.event_date)::date AS month_start,
           e.actor1,
           e.actor2,
           e.fatalities,
           e.fatalities_min,
           e.fatalities_max,
           e.civilian_targeting
    FROM core.fact_event e
    WHERE NOT e.aggregate
      AND e.event_date IS NOT NULL
),

-- One row per (event, actor, side). An actor on both sides of one event (infighting) keeps
-- both rows here and is de-duplicated per event below.
involvement AS (
    SELECT event_uid, month_start, actor1 AS actor, 1 AS side, fatalities, fatalities_min,
           fatalities_max, civilian_targeting
    FROM events
    WHERE actor1 IS NOT NULL
    UNION ALL
    SELECT event_uid, month_start, actor2 AS actor, 2 AS side, fatalities, fatalities_min,
           fatalities_max, civilian_targeting
    FROM events
    WHERE actor2 IS NOT NULL
),

per_event AS (
    SELECT event_uid,
           month_start,
           actor,
           bool_or(side = 1)                AS as_actor1,
           bool_or(side = 2)                AS as_actor2,
           max(fatalities)                  AS fatalities,
           max(fatalities_min)              AS fatalities_min,
           max(fatalities_max)              AS fatalities_max,
           bool_or(civilian_targeting)      AS civilian_targeting
    FROM involvement
    GROUP BY event_uid, month_start, actor
),

monthly AS (
    SELECT month_start,
           actor,
           count(*)::int                                                 AS events,
           count(*) FILTER (WHERE as_actor1)::int                        AS events_as_actor1,
           count(*) FILTER (WHERE as_actor2)::int                        AS events_as_actor2,
           count(*) FILTER (WHERE fatalities > 0)::int                   AS fatal_events,
           coalesce(sum(fatalities), 0)::int                             AS fatalities,
           coalesce(sum(coalesce(fatalities_min, fatalities)), 0)::int   AS fatalities_low,
           coalesce(sum(coalesce(fatalities_max, fatalities)), 0)::int   AS fatalities_high,
           coalesce(sum(fatalities) FILTER (WHERE as_actor1 AND civilian_targeting), 0)::int
                                                                         AS civilian_targeting_fatalities
    FROM per_event
    GROUP BY month_start, actor
)

SELECT m.month_start,
       m.actor,
       a.inter_code,
       m.events,
       m.events_as_actor1,
       m.events_as_actor2,
       m.fatal_events,
       m.fatalities,
       m.fatalities_low,
       m.fatalities_high,
       m.civilian_targeting_fatalities
FROM monthly m
LEFT JOIN core.dim_actor a ON a.actor = m.actor;

COMMENT ON VIEW marts.fatalities_by_month_actor IS 'Grain: one month x one actor involved (as actor1 or actor2) in at least one event that month. Fatalities of an event count for each of its actors: never sum across actors. Excludes aggregate tallies and undated events.';
COMMENT ON COLUMN marts.fatalities_by_month_actor.month_start IS 'First day of the month of the events.';
COMMENT ON COLUMN marts.fatalities_by_month_actor.actor IS 'ACLED-style actor name (core.dim_actor.actor).';
COMMENT ON COLUMN marts.fatalities_by_month_actor.inter_code IS 'ACLED inter code of the actor from core.dim_actor; null when the actor is not in the dictionary.';
COMMENT ON COLUMN marts.fatalities_by_month_actor.events IS 'Events the actor took part in that month (either side).';
COMMENT ON COLUMN marts.fatalities_by_month_actor.events_as_actor1 IS 'Of those, events where the actor was actor1 (initiator).';
COMMENT ON COLUMN marts.fatalities_by_month_actor.events_as_actor2 IS 'Of those, events where the actor was actor2 (target or opponent).';
COMMENT ON COLUMN marts.fatalities_by_month_actor.fatal_events IS 'Events with at least one reported death.';
COMMENT ON COLUMN marts.fatalities_by_month_actor.fatalities IS 'Sum of the events'' canonical fatalities (deaths on any side).';
COMMENT ON COLUMN marts.fatalities_by_month_actor.fatalities_low IS 'Sum of the lowest toll any source gave per event.';
COMMENT ON COLUMN marts.fatalities_by_month_actor.fatalities_high IS 'Sum of the highest toll any source gave per event.';
COMMENT ON COLUMN marts.fatalities_by_month_actor.civilian_targeting_fatalities IS 'Fatalities of events in which this actor (as actor1) targeted civilians.';
