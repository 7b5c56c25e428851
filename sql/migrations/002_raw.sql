-- raw.crawl_run — grain: one crawl of one outlet for one window.
CREATE TABLE raw.crawl_run (
    crawl_run_id  bigserial PRIMARY KEY,
    outlet        text        NOT NULL,
    window_start  timestamptz,
    window_end    timestamptz,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    status        text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed', 'empty')),
    error         text,
    stats         jsonb       NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE raw.crawl_run IS 'Grain: one crawl of one outlet for one time window. stats holds listed/new/fetched/stored/skipped/failed counts by reason.';
COMMENT ON COLUMN raw.crawl_run.status IS 'running, ok, failed (error says why) or empty (finished but found nothing new: an alert for outlets that usually publish).';

-- raw.page — grain: one distinct content version of one URL. A changed page is a new row; old rows stay.
CREATE TABLE raw.page (
    page_id       bigserial PRIMARY KEY,
    outlet        text        NOT NULL,
    url           text        NOT NULL,
    final_url     text        NOT NULL,
    http_status   int         NOT NULL,
    fetched_at    timestamptz NOT NULL,
    content_type  text,
    encoding      text,
    content_hash  text        NOT NULL,
    body_gz       bytea       NOT NULL,
    body_bytes    int         NOT NULL,
    hints         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    crawl_run_id  bigint      REFERENCES raw.crawl_run,
    UNIQUE (url, content_hash)
);
CREATE INDEX page_outlet_fetched ON raw.page (outlet, fetched_at);
COMMENT ON TABLE raw.page IS 'Grain: one distinct content version of one canonical URL, stored (gzip) before any parsing so every later stage can be re-run.';
COMMENT ON COLUMN raw.page.url IS 'Canonical URL (tracking parameters stripped): the article identity.';
COMMENT ON COLUMN raw.page.final_url IS 'URL the fetch ended at after redirects.';
COMMENT ON COLUMN raw.page.content_hash IS 'SHA-256 of the uncompressed body.';
COMMENT ON COLUMN raw.page.body_gz IS 'gzip-compressed response body, bytes as received.';
COMMENT ON COLUMN raw.page.hints IS 'What the discovery channel (feed, API, listing, ingest file) said about the page: title, published, ...';
