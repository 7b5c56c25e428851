-- Events core holds that no report is assigned to any more (a rebuild merged them away, or
-- their reports were re-extracted into other events), with whatever reports still point at
-- them. An event merely missing its staged row (just upgraded, or re-extraction pending
-- dedup) still has reports and stays until dedup stages it again.
CREATE TEMP TABLE orphan_event ON COMMIT DROP AS
SELECT f.event_uid
FROM core.fact_event f
WHERE NOT EXISTS (SELECT 1 FROM staging.event e WHERE e.event_uid = f.event_uid)
  AND NOT EXISTS (SELECT 1 FROM staging.event_candidate c WHERE c.event_uid = f.event_uid);
DELETE FROM core.event_report r USING orphan_event o WHERE r.event_uid = o.event_uid;
DELETE FROM core.fact_event f USING orphan_event o WHERE f.event_uid = o.event_uid;
