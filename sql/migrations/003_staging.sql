-- staging.article — grain: one cleaned version of one article (url, content_hash).
CREATE TABLE staging.article (
    article_id    bigserial PRIMARY KEY,
    page_id       bigint REFERENCES raw.page,
    url           text        NOT NULL,
    outlet        text        NOT NULL,
    version       int         NOT NULL DEFAULT 1,
    title         text        NOT NULL,
    body          text        NOT NULL,
    published_at  timestamptz,
    language      text        NOT NULL,
    dateline      text,
    content_hash  text        NOT NULL,
    cleaned_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (url, content_hash)
);
CREATE INDEX article_published ON staging.article (published_at);
CREATE INDEX article_outlet ON staging.article (outlet, published_at);
COMMENT ON TABLE staging.article IS 'Grain: one cleaned version of one article. body is the original text (paragraphs separated by blank lines); evidence offsets point into it.';
COMMENT ON COLUMN staging.article.version IS '1 for the first version of a URL, incremented when the outlet changes the article.';
COMMENT ON COLUMN staging.article.published_at IS 'Publication time in UTC (outlet time zone applied); null when unknown.';
COMMENT ON COLUMN staging.article.dateline IS 'Place named in the dateline (e.g. إدلب from إدلب-سانا), a location hint.';

-- staging.quarantine — grain: one input that could not become an article, per reason.
CREATE TABLE staging.quarantine (
    quarantine_id bigserial PRIMARY KEY,
    page_id       bigint REFERENCES raw.page,
    url           text        NOT NULL,
    outlet        text        NOT NULL,
    reason        text        NOT NULL,
    detail        text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (url, reason, detail)
);
COMMENT ON TABLE staging.quarantine IS 'Grain: one rejected input and the reason (empty_body, not_arabic, not_html, too_large, ...). Nothing is dropped silently.';
