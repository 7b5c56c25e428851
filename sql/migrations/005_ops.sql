-- ops.pipeline_run — grain: one invocation of the pipeline (demo, run, ingest, DAG run, reprocess).
CREATE TABLE ops.pipeline_run (
    run_id        bigserial PRIMARY KEY,
    kind          text        NOT NULL,
    window_start  timestamptz,
    window_end    timestamptz,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    status        text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'partial', 'failed')),
    error         text,
    stats         jsonb       NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE ops.pipeline_run IS 'Grain: one pipeline invocation. stats: articles, quarantined, reports, events_new, events_merged, per-outlet crawl outcomes.';

-- ops.task_metric — grain: one named metric of one task of one run.
CREATE TABLE ops.task_metric (
    run_id        bigint NOT NULL REFERENCES ops.pipeline_run,
    task          text   NOT NULL,
    outlet        text   NOT NULL DEFAULT '',
    metric        text   NOT NULL,
    value         double precision NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, task, outlet, metric)
);
COMMENT ON TABLE ops.task_metric IS 'Grain: one metric (fetched, new, events, merged, loaded, seconds) of one task, per outlet where relevant, of one run.';
