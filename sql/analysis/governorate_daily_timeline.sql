-- Question: what happened in one governorate, day by day, over the last 90 days?
-- Grain: one calendar day of the window, days without events included (events = 0), so the
-- result charts directly as a timeline.
-- Parameters: edit the params CTE. `governorate` is the English admin1 name as in
-- core.fact_event.admin1 (e.g. Idlib, Aleppo, Deir ez-Zor). Window: the `window_days` days
-- ending on the governorate's latest event_date (not now()), so old snapshots and the demo
-- data work. Aggregate tallies excluded.
WITH params AS (
    SELECT 'Idlib'::text AS governorate,
           90            AS window_days
),

events AS (
    SELECT e.*
    FROM core.fact_event e
    WHERE e.admin1 = (SELECT governorate FROM params)
      AND NOT e.aggregate
      AND e.event_date IS NOT NULL
),

bounds AS (
    SELECT max(event_date) - (SELECT window_days FROM params) + 1 AS earliest,
           max(event_date)                                        AS latest
    FROM events
),

days AS (
    SELECT d.day
    FROM core.dim_date d
    CROSS JOIN bounds b
    WHERE d.day BETWEEN b.earliest AND b.latest
),

daily AS (
    SELECT event_date,
           count(*)                                   AS events,
           coalesce(sum(fatalities), 0)               AS fatalities,
           coalesce(sum(injured), 0)                  AS injured,
           coalesce(sum(arrested), 0)                 AS arrested,
           string_agg(sub_event_type || coalesce(' in ' || location, '')
                      || coalesce(' (' || nullif(fatalities, 0) || ' killed)', ''),
                      '; ' ORDER BY event_uid)        AS what_happened
    FROM events
    GROUP BY event_date
)

SELECT d.day,
       coalesce(y.events, 0)     AS events,
       coalesce(y.fatalities, 0) AS fatalities,
       coalesce(y.injured, 0)    AS injured,
       coalesce(y.arrested, 0)   AS arrested,
       y.what_happened
FROM days d
LEFT JOIN daily y ON y.event_date = d.day
ORDER BY d.day;
