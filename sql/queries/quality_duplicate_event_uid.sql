-- Data-quality check: an event_uid appearing more than once in the export view.
--
-- core.fact_event has event_uid as its primary key, so a duplicate here means a join in
-- marts.events_acled fans out (e.g. a dimension gained a second row per key). Exports and
-- downstream joins on event_uid would then double-count incidents.
--
-- Parameters: none.
-- Returns one row per duplicated event_uid; no rows means the check passed.
SELECT event_uid, count(*) AS copies
FROM marts.events_acled
GROUP BY event_uid
HAVING count(*) > 1
ORDER BY copies DESC, event_uid;
