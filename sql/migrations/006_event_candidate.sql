-- staging.event_candidate — grain: one event report extracted from one article version, before
-- and after deduplication. event_uid is null until dedup assigns the report to an event.
CREATE TABLE staging.event_candidate (
    article_id    bigint  NOT NULL REFERENCES staging.article ON DELETE CASCADE,
    report_index  int     NOT NULL,
    report        jsonb   NOT NULL,
    event_uid     text,
    extracted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (article_id, report_index)
);
CREATE INDEX event_candidate_pending ON staging.event_candidate (article_id) WHERE event_uid IS NULL;
COMMENT ON TABLE staging.event_candidate IS 'Grain: one event report extracted from one article version (the serialised EventReport). event_uid is set by dedup; load turns assigned candidates into core.event_report rows.';

-- staging.article.extracted_at: when extraction last ran on the article (null = pending).
ALTER TABLE staging.article ADD COLUMN extracted_at timestamptz;
CREATE INDEX article_pending_extraction ON staging.article (article_id) WHERE extracted_at IS NULL;
COMMENT ON COLUMN staging.article.extracted_at IS 'When event extraction last ran on this article version; null means pending.';

-- Access paths for "which pages still need cleaning".
CREATE INDEX article_page ON staging.article (page_id);
CREATE INDEX quarantine_page ON staging.quarantine (page_id);
