-- Question: how many attacks were attributed to the Islamic State (ISIS/Daesh) each month, and
-- how many people did they kill and injure?
-- Grain: one calendar month with at least one attack.
-- "Attributed" means the Islamic State is actor1 (the side that initiated the event), as ACLED
-- codes it; events where IS is only the target (e.g. arrests of IS cells, actor2) are not
-- attacks. Arrests and other strategic developments, protests and riots are left out, and so
-- are aggregate tallies. All months in the warehouse (no time window).
WITH params AS (
    SELECT 'Islamic State'::text AS actor
),

attacks AS (
    SELECT e.event_uid,
           date_trunc('month', e.event_date)::date AS month_start,
           e.event_type,
           e.fatalities,
           e.injured,
           e.civilian_targeting
    FROM core.fact_event e
    WHERE e.actor1 = (SELECT actor FROM params)
      AND e.event_type IN ('Battles', 'Explosions/Remote violence', 'Violence against civilians')
      AND NOT e.aggregate
      AND e.event_date IS NOT NULL
)

SELECT month_start,
       count(*)                                                           AS attacks,
       count(*) FILTER (WHERE event_type = 'Explosions/Remote violence')  AS explosions,
       count(*) FILTER (WHERE civilian_targeting)                         AS attacks_on_civilians,
       coalesce(sum(fatalities), 0)                                       AS fatalities,
       coalesce(sum(injured), 0)                                          AS injured
FROM attacks
GROUP BY month_start
ORDER BY month_start;
