-- Dedup (etl/dedup/stage.py) looks up assigned candidates by event and by date window; load
-- (etl/load/events.py) reads an event's candidates by event_uid.
CREATE INDEX event_candidate_event ON staging.event_candidate (event_uid) WHERE event_uid IS NOT NULL;
CREATE INDEX event_candidate_event_date ON staging.event_candidate ((report->>'event_date'))
    WHERE event_uid IS NOT NULL;

-- staging.article.dedup_checked_at: when article dedup last compared the version (null = pending).
ALTER TABLE staging.article ADD COLUMN dedup_checked_at timestamptz;
CREATE INDEX article_pending_dedup ON staging.article (article_id) WHERE dedup_checked_at IS NULL;
COMMENT ON COLUMN staging.article.dedup_checked_at IS 'When article dedup last compared this version with stored articles (core.article_link); null means pending.';
COMMENT ON INDEX staging.event_candidate_event IS 'Dedup and load read the reports of given events.';
COMMENT ON INDEX staging.event_candidate_event_date IS 'Dedup loads assigned reports whose ISO event_date (text, sorts as a date) falls in a blocking window.';
