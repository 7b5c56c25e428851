-- core.fact_event ← staging.event: the batch's events core does not hold yet. (Not an upsert:
-- a bulk load runs this with the table's keys and indexes dropped; load_batch.in_core was
-- decided before, so the statement never reads the table it is filling.)
INSERT INTO core.fact_event (
    event_uid, event_date, time_precision, disorder_type, event_type, sub_event_type, actor1,
    assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, country,
    admin1, admin2, admin3, location, location_ar, pcode, latitude, longitude, geo_precision,
    fatalities, fatalities_min, fatalities_max, injured, injured_min, injured_max, arrested,
    arrested_min, arrested_max, aggregate, source_count, article_count, confidence, notes,
    first_reported_at
)
SELECT
    e.event_uid, e.event_date, e.time_precision, e.disorder_type, e.event_type, e.sub_event_type,
    e.actor1, e.assoc_actor_1, e.inter1, e.actor2, e.assoc_actor_2, e.inter2, e.interaction,
    e.civilian_targeting, e.country, e.admin1, e.admin2, e.admin3, e.location, e.location_ar,
    e.pcode, e.latitude, e.longitude, e.geo_precision, e.fatalities, e.fatalities_min,
    e.fatalities_max, e.injured, e.injured_min, e.injured_max, e.arrested, e.arrested_min,
    e.arrested_max, e.aggregate, e.source_count, e.article_count, e.confidence, e.notes,
    e.first_reported_at
FROM staging.event e
JOIN load_batch b USING (event_uid)
WHERE NOT b.in_core;
