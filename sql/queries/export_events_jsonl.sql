-- Grain: one deduplicated incident, as one JSON document with its reports nested (export --format jsonl).
-- Parameters: %(since)s, %(until)s (event_date bounds, inclusive; null = open).
SELECT jsonb_build_object(
           'event', to_jsonb(e),
           'reports', coalesce((
               SELECT jsonb_agg(to_jsonb(r) - 'event_uid' ORDER BY r.published_at NULLS LAST, r.url)
               FROM core.event_report r WHERE r.event_uid = e.event_uid), '[]'::jsonb)
       )::text
FROM marts.events_acled e
WHERE (%(since)s::date IS NULL OR e.event_date >= %(since)s::date)
  AND (%(until)s::date IS NULL OR e.event_date <= %(until)s::date)
ORDER BY e.event_date NULLS LAST, e.event_uid;
