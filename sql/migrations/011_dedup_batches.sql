-- Which dedup run assigned each candidate, so `syria-events dedup --rebuild` can replay the runs
-- in the order they happened and reproduce the incremental clusters exactly, even when a
-- backdated article arrived after newer ones.
CREATE SEQUENCE staging.dedup_batch_seq;
COMMENT ON SEQUENCE staging.dedup_batch_seq IS 'Numbers dedup runs (one per dedup_pending call that assigned something).';
ALTER TABLE staging.event_candidate ADD COLUMN dedup_batch bigint;
COMMENT ON COLUMN staging.event_candidate.dedup_batch IS 'The dedup run that assigned event_uid (staging.dedup_batch_seq); null while pending. Rebuild replays runs in this order.';
