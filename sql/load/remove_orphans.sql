-- Events core holds that dedup no longer stages (a rebuild merged them away, or their reports
-- were re-extracted into other events), with whatever reports still point at them.
DELETE FROM core.event_report r
WHERE NOT EXISTS (SELECT 1 FROM staging.event e WHERE e.event_uid = r.event_uid);
DELETE FROM core.fact_event f
WHERE NOT EXISTS (SELECT 1 FROM staging.event e WHERE e.event_uid = f.event_uid);
