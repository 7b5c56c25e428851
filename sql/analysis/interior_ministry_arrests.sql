-- Question: which arrests did the Interior Ministry announce, where, and how many people were
-- arrested?
-- Grain: one arrest event (sub_event_type Arrests) by the police (ACLED name "Police Forces of
-- Syria (2024-)", which covers the Interior Ministry and its security forces) that at least one
-- reporting article attributes to the ministry: its evidence sentence, title or body names
-- الداخلية (either spelling of the final ta marbuta), as in "أعلنت وزارة الداخلية". Arrests
-- only credited to "الأمن الداخلي" patrols without naming the ministry are not included.
-- All dates (no window); newest first.
WITH params AS (
    SELECT 'Police Forces of Syria (2024-)'::text AS police_actor,
           'الداخلي[ةه]'::text                      AS ministry_pattern
),

arrests AS (
    SELECT e.*
    FROM core.fact_event e
    WHERE e.sub_event_type = 'Arrests'
      AND e.actor1 = (SELECT police_actor FROM params)
),

announcing_reports AS (
    SELECT r.event_uid, r.outlet, r.evidence
    FROM core.event_report r
    JOIN staging.article a USING (article_id)
    WHERE r.event_uid IN (SELECT event_uid FROM arrests)
      AND (r.evidence ~ (SELECT ministry_pattern FROM params)
           OR a.title ~ (SELECT ministry_pattern FROM params)
           OR a.body ~ (SELECT ministry_pattern FROM params))
),

announced AS (
    SELECT event_uid,
           string_agg(DISTINCT outlet, ', ' ORDER BY outlet) AS announcing_outlets,
           min(evidence)                                     AS evidence
    FROM announcing_reports
    GROUP BY event_uid
)

SELECT e.event_date,
       e.admin1,
       e.location,
       e.location_ar,
       e.actor2                AS arrested_group,
       e.arrested,
       e.arrested_min,
       e.arrested_max,
       e.source_count,
       an.announcing_outlets,
       an.evidence,
       e.event_uid
FROM arrests e
JOIN announced an USING (event_uid)
ORDER BY e.event_date DESC, e.event_uid;
