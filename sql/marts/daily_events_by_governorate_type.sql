-- marts.daily_events_by_governorate_type — grain: one day x one governorate x one event type
-- (only combinations with at least one event). Aggregate tallies (fact_event.aggregate) and
-- events without a known day are left out: they are not single incidents on a given day.
-- Example: events and deaths per governorate over the last 30 days of data
-- SELECT admin1, sum(events) AS events, sum(fatalities) AS fatalities
-- FROM marts.daily_events_by_governorate_type
-- WHERE event_date > (SELECT max(event_date) FROM marts.daily_events_by_governorate_type) - 30
-- GROUP BY admin1
-- ORDER BY events DESC;
DROP VIEW IF EXISTS marts.daily_events_by_governorate_type CASCADE;
CREATE VIEW marts.daily_events_by_governorate_type AS
WITH events AS (
    SELECT e.event_date,
           coalesce(e.admin1, 'Unknown') AS admin1,
           e.event_type,
           e.fatalities,
           e.injured,
           e.arrested,
           e.civilian_targeting,
           e.source_count,
           e.article_count
    FROM core.fact_event e
    WHERE NOT e.aggregate
      AND e.event_date IS NOT NULL
),

daily AS (
    SELECT event_date,
           admin1,
           event_type,
           count(*)::int                                       AS events,
           coalesce(sum(fatalities), 0)::int                   AS fatalities,
           coalesce(sum(injured), 0)::int                      AS injured,
           coalesce(sum(arrested), 0)::int                     AS arrested,
           count(*) FILTER (WHERE civilian_targeting)::int     AS civilian_targeting_events,
           sum(article_count)::int                             AS articles
    FROM events
    GROUP BY event_date, admin1, event_type
)

SELECT d.event_date,
       c.week_start,
       c.month_start,
       d.admin1,
       d.event_type,
       d.events,
       d.fatalities,
       d.injured,
       d.arrested,
       d.civilian_targeting_events,
       d.articles
FROM daily d
JOIN core.dim_date c ON c.day = d.event_date;

COMMENT ON VIEW marts.daily_events_by_governorate_type IS 'Grain: one day x one governorate (admin1) x one ACLED event type, for days with at least one event. Excludes aggregate tallies and undated events.';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.event_date IS 'Day the events happened.';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.week_start IS 'Monday of the ISO week of event_date, for weekly roll-ups.';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.month_start IS 'First day of the month of event_date, for monthly roll-ups.';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.admin1 IS 'Governorate; Unknown when the events could not be placed.';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.event_type IS 'ACLED event type.';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.events IS 'Number of deduplicated events.';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.fatalities IS 'Sum of the events'' canonical fatalities (unknown counted as 0).';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.injured IS 'Sum of the events'' canonical injured (unknown counted as 0).';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.arrested IS 'Sum of the events'' canonical arrests (unknown counted as 0).';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.civilian_targeting_events IS 'Events in which civilians were the target.';
COMMENT ON COLUMN marts.daily_events_by_governorate_type.articles IS 'Articles reporting the events (sum of article_count).';
