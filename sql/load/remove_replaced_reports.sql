-- The reports core holds for the batch's events, and any report (article version x index) now
-- assigned to one of them: insert_reports writes the batch's reports afresh. core.event_report
-- has no timestamps, so rewriting an unchanged report leaves the same row.
DELETE FROM core.event_report r
USING load_batch b
WHERE r.event_uid = b.event_uid;

DELETE FROM core.event_report r
USING staging.event_candidate c
JOIN load_batch b USING (event_uid)
WHERE r.article_id = c.article_id
  AND r.report_index = c.report_index;
