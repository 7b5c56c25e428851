-- Question: on which events do outlets' casualty figures disagree the most?
-- Grain: one event where outlets give different death tolls or numbers of injured (each
-- outlet's latest figure, see marts.source_agreement), ranked by the gap between the highest
-- and lowest death toll, then the gap in injured, then the relative gap. Arrest-count
-- disagreements alone are not casualties and are left out. All dates; top `top_n` events.
WITH params AS (
    SELECT 20 AS top_n
),

casualty_disagreements AS (
    SELECT s.*,
           coalesce(s.injured_max - s.injured_min, 0) AS injured_spread
    FROM marts.source_agreement s
    WHERE s.disagree_fatalities OR s.disagree_injured
)

SELECT event_uid,
       event_date,
       event_type,
       admin1,
       location,
       outlets,
       fatalities,
       fatalities_min,
       fatalities_max,
       coalesce(fatalities_spread, 0) AS fatalities_spread,
       fatalities_relative_spread,
       injured_min,
       injured_max,
       injured_spread,
       figures
FROM casualty_disagreements
ORDER BY coalesce(fatalities_spread, 0) DESC,
         injured_spread DESC,
         fatalities_relative_spread DESC NULLS LAST,
         event_uid
LIMIT (SELECT top_n FROM params);
