-- marts.source_agreement — grain: one event whose outlets disagree on at least one count
-- (fatalities, injured or arrested). Each outlet's figure is the one in its latest report that
-- gives a figure, because outlets revise tolls upward as news comes in and their last word is
-- what they stand by; min/max are then taken across outlets, from core.event_report.
-- Example: the widest disagreements on death tolls
-- SELECT event_date, admin1, location, fatalities_min, fatalities_max, figures
-- FROM marts.source_agreement
-- WHERE disagree_fatalities
-- ORDER BY fatalities_spread DESC, fatalities_relative_spread DESC
-- LIMIT 20;
DROP VIEW IF EXISTS marts.source_agreement CASCADE;
CREATE VIEW marts.source_agreement AS
WITH reports AS (
    SELECT r.event_uid,
           r.outlet,
           r.published_at,
           r.article_id,
           r.report_index,
           r.fatalities,
           r.injured,
           r.arrested
    FROM core.event_report r
),

-- The latest figure per (event, outlet) for each count, ignoring reports silent on it.
outlet_figures AS (
    SELECT event_uid,
           outlet,
           (array_agg(fatalities ORDER BY published_at DESC NULLS LAST, article_id DESC, report_index DESC)
                FILTER (WHERE fatalities IS NOT NULL))[1] AS fatalities,
           (array_agg(injured ORDER BY published_at DESC NULLS LAST, article_id DESC, report_index DESC)
                FILTER (WHERE injured IS NOT NULL))[1]    AS injured,
           (array_agg(arrested ORDER BY published_at DESC NULLS LAST, article_id DESC, report_index DESC)
                FILTER (WHERE arrested IS NOT NULL))[1]   AS arrested
    FROM reports
    GROUP BY event_uid, outlet
),

spread AS (
    SELECT event_uid,
           count(*)::int                                   AS outlets,
           count(fatalities)::int                          AS outlets_with_fatalities,
           min(fatalities)                                 AS fatalities_min,
           max(fatalities)                                 AS fatalities_max,
           min(injured)                                    AS injured_min,
           max(injured)                                    AS injured_max,
           min(arrested)                                   AS arrested_min,
           max(arrested)                                   AS arrested_max,
           string_agg(
               outlet || coalesce(': ' || nullif(concat_ws(', ',
                   'killed ' || fatalities, 'injured ' || injured, 'arrested ' || arrested), ''), ''),
               '; ' ORDER BY outlet)                       AS figures
    FROM outlet_figures
    GROUP BY event_uid
),

disagreements AS (
    SELECT *
    FROM spread
    WHERE fatalities_max > fatalities_min
       OR injured_max > injured_min
       OR arrested_max > arrested_min
)

SELECT e.event_uid,
       e.event_date,
       e.event_type,
       e.sub_event_type,
       e.admin1,
       e.location,
       e.actor1,
       e.actor2,
       d.outlets,
       d.outlets_with_fatalities,
       e.fatalities,
       d.fatalities_min,
       d.fatalities_max,
       d.fatalities_max - d.fatalities_min                         AS fatalities_spread,
       round((d.fatalities_max - d.fatalities_min)::numeric / nullif(d.fatalities_max, 0), 3)
                                                                    AS fatalities_relative_spread,
       e.injured,
       d.injured_min,
       d.injured_max,
       e.arrested,
       d.arrested_min,
       d.arrested_max,
       (d.fatalities_max > d.fatalities_min) IS TRUE               AS disagree_fatalities,
       (d.injured_max > d.injured_min) IS TRUE                     AS disagree_injured,
       (d.arrested_max > d.arrested_min) IS TRUE                   AS disagree_arrested,
       d.figures
FROM disagreements d
JOIN core.fact_event e USING (event_uid);

COMMENT ON VIEW marts.source_agreement IS 'Grain: one event on which outlets disagree about at least one count (fatalities, injured, arrested). Per outlet, the figure of its latest report that gives one; min/max across outlets.';
COMMENT ON COLUMN marts.source_agreement.event_uid IS 'Event (core.fact_event.event_uid).';
COMMENT ON COLUMN marts.source_agreement.event_date IS 'Day of the event.';
COMMENT ON COLUMN marts.source_agreement.event_type IS 'ACLED event type.';
COMMENT ON COLUMN marts.source_agreement.sub_event_type IS 'ACLED sub-event type.';
COMMENT ON COLUMN marts.source_agreement.admin1 IS 'Governorate.';
COMMENT ON COLUMN marts.source_agreement.location IS 'Most specific place (English).';
COMMENT ON COLUMN marts.source_agreement.actor1 IS 'Initiating actor.';
COMMENT ON COLUMN marts.source_agreement.actor2 IS 'Other actor.';
COMMENT ON COLUMN marts.source_agreement.outlets IS 'Outlets reporting the event.';
COMMENT ON COLUMN marts.source_agreement.outlets_with_fatalities IS 'Outlets that gave a death toll.';
COMMENT ON COLUMN marts.source_agreement.fatalities IS 'Canonical toll of the event (core.fact_event.fatalities).';
COMMENT ON COLUMN marts.source_agreement.fatalities_min IS 'Lowest toll given by an outlet (its latest figure).';
COMMENT ON COLUMN marts.source_agreement.fatalities_max IS 'Highest toll given by an outlet (its latest figure).';
COMMENT ON COLUMN marts.source_agreement.fatalities_spread IS 'fatalities_max - fatalities_min; 0 when outlets agree on deaths.';
COMMENT ON COLUMN marts.source_agreement.fatalities_relative_spread IS 'fatalities_spread / fatalities_max (0-1); null when no death is reported.';
COMMENT ON COLUMN marts.source_agreement.injured IS 'Canonical number of injured.';
COMMENT ON COLUMN marts.source_agreement.injured_min IS 'Lowest number of injured given by an outlet.';
COMMENT ON COLUMN marts.source_agreement.injured_max IS 'Highest number of injured given by an outlet.';
COMMENT ON COLUMN marts.source_agreement.arrested IS 'Canonical number of arrests.';
COMMENT ON COLUMN marts.source_agreement.arrested_min IS 'Lowest number of arrests given by an outlet.';
COMMENT ON COLUMN marts.source_agreement.arrested_max IS 'Highest number of arrests given by an outlet.';
COMMENT ON COLUMN marts.source_agreement.disagree_fatalities IS 'True when outlets give different death tolls.';
COMMENT ON COLUMN marts.source_agreement.disagree_injured IS 'True when outlets give different numbers of injured.';
COMMENT ON COLUMN marts.source_agreement.disagree_arrested IS 'True when outlets give different numbers of arrests.';
COMMENT ON COLUMN marts.source_agreement.figures IS 'Each outlet''s figures, e.g. enab: killed 4; sana: killed 3, injured 5.';
