-- The batch is in core: move the watermark past it.
UPDATE staging.load_watermark
SET loaded_through = (SELECT max(stage_seq) FROM load_batch),
    loaded_at = now();
