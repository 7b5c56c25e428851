-- Grain: one pipeline run, the 10 most recent.
SELECT run_id, kind, status, started_at, finished_at, window_start, window_end, error
FROM ops.pipeline_run
ORDER BY run_id DESC
LIMIT 10;
