-- Question: which events were reported by at least three different outlets (the best
-- corroborated incidents)?
-- Grain: one event reported by >= min_outlets distinct outlets (edit in params).
-- Outlets are counted from core.event_report, one per outlet however many articles it wrote.
-- All dates; most widely reported first.
WITH params AS (
    SELECT 3 AS min_outlets
),

coverage AS (
    SELECT r.event_uid,
           count(DISTINCT r.outlet)                                    AS outlets,
           count(DISTINCT r.article_id)                                AS articles,
           string_agg(DISTINCT r.outlet, ', ' ORDER BY r.outlet)       AS outlet_list,
           min(r.published_at)                                         AS first_published_at,
           max(r.published_at)                                         AS last_published_at
    FROM core.event_report r
    GROUP BY r.event_uid
)

SELECT e.event_uid,
       e.event_date,
       e.event_type,
       e.sub_event_type,
       e.admin1,
       e.location,
       e.actor1,
       e.actor2,
       e.fatalities,
       e.arrested,
       c.outlets,
       c.articles,
       c.outlet_list,
       round((extract(epoch FROM c.last_published_at - c.first_published_at) / 3600)::numeric, 1)
           AS hours_first_to_last_report
FROM coverage c
JOIN core.fact_event e USING (event_uid)
WHERE c.outlets >= (SELECT min_outlets FROM params)
ORDER BY c.outlets DESC, e.event_date DESC, e.event_uid;
