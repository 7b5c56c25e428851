-- Grain: one deduplicated incident in ACLED's column order plus our extras (export --format acled-csv).
-- Parameters: %(since)s, %(until)s (event_date bounds, inclusive; null = open).
SELECT * FROM marts.events_acled
WHERE (%(since)s::date IS NULL OR event_date >= %(since)s::date)
  AND (%(until)s::date IS NULL OR event_date <= %(until)s::date)
ORDER BY event_date NULLS LAST, event_uid;
