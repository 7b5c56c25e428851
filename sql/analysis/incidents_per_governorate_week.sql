-- Question: how many incidents, and how many deaths, did each governorate have per week over
-- the last 90 days?
-- Grain: one governorate x one ISO week (Monday start) with at least one incident.
-- Window: the 90 days ending on the latest event_date of an incident (not now()), so the
-- query gives the same answer on an old snapshot or on the demo data. Edit `window_days` in the
-- params CTE to change it. Aggregate tallies (fact_event.aggregate) are excluded: they are not
-- incidents.
WITH params AS (
    SELECT 90 AS window_days
),

events AS (
    SELECT e.event_uid, e.event_date, coalesce(e.admin1, 'Unknown') AS admin1, e.fatalities,
           e.civilian_targeting
    FROM core.fact_event e
    WHERE NOT e.aggregate
      AND e.event_date IS NOT NULL
),

bounds AS (
    SELECT max(event_date) AS latest,
           max(event_date) - (SELECT window_days FROM params) + 1 AS earliest
    FROM events
),

recent AS (
    SELECT ev.*, d.week_start
    FROM events ev
    CROSS JOIN bounds b
    JOIN core.dim_date d ON d.day = ev.event_date
    WHERE ev.event_date BETWEEN b.earliest AND b.latest
)

SELECT admin1,
       week_start,
       count(*)                                      AS incidents,
       coalesce(sum(fatalities), 0)                  AS fatalities,
       count(*) FILTER (WHERE civilian_targeting)    AS civilian_targeting_incidents
FROM recent
GROUP BY admin1, week_start
ORDER BY admin1, week_start;
