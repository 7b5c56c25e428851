-- Forget an earlier record of the same run (kind and window) before recording it again, so a
-- re-run night leaves one ops.pipeline_run row per interval, not one per attempt.
--
-- Parameters: kind (text), since, until (timestamptz).
DELETE FROM ops.task_metric
WHERE run_id IN (SELECT run_id FROM ops.pipeline_run
                 WHERE kind = %(kind)s AND window_start = %(since)s::timestamptz
                   AND window_end = %(until)s::timestamptz);
DELETE FROM ops.pipeline_run
WHERE kind = %(kind)s AND window_start = %(since)s::timestamptz AND window_end = %(until)s::timestamptz;
