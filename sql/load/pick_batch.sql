-- load_batch: the next staged events waiting for load (stage_seq above the watermark), in
-- staging order, at most %(limit)s of them (all when null). Lives until the transaction ends.
DROP TABLE IF EXISTS load_batch;
CREATE TEMP TABLE load_batch ON COMMIT DROP AS
SELECT e.event_uid, e.stage_seq
FROM staging.event e
WHERE e.stage_seq > (SELECT loaded_through FROM staging.load_watermark)
ORDER BY e.stage_seq
LIMIT %(limit)s;
ALTER TABLE load_batch ADD PRIMARY KEY (event_uid);
ANALYZE load_batch;
