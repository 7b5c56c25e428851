-- load_batch: the next staged events waiting for load (stage_seq above the watermark), in
-- staging order, at most %(limit)s of them (all when null), and whether core holds each one
-- already, decided before anything is written. Lives until the transaction ends.
DROP TABLE IF EXISTS load_batch;
CREATE TEMP TABLE load_batch ON COMMIT DROP AS
SELECT waiting.event_uid, waiting.stage_seq, f.event_uid IS NOT NULL AS in_core
FROM (
    SELECT e.event_uid, e.stage_seq
    FROM staging.event e
    WHERE e.stage_seq > (SELECT loaded_through FROM staging.load_watermark)
    ORDER BY e.stage_seq
    LIMIT %(limit)s
) AS waiting
LEFT JOIN core.fact_event f USING (event_uid);
ALTER TABLE load_batch ADD PRIMARY KEY (event_uid);
ANALYZE load_batch;
