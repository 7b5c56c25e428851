-- core.fact_event ← staging.event: the batch's events core already holds, rewritten only when
-- a value changed, so loading an event again with nothing new leaves its row (and updated_at)
-- as it was.
UPDATE core.fact_event f
SET (
    event_date, time_precision, disorder_type, event_type, sub_event_type, actor1, assoc_actor_1,
    inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, country, admin1,
    admin2, admin3, location, location_ar, pcode, latitude, longitude, geo_precision, fatalities,
    fatalities_min, fatalities_max, injured, injured_min, injured_max, arrested, arrested_min,
    arrested_max, aggregate, source_count, article_count, confidence, notes, first_reported_at
) = (
    e.event_date, e.time_precision, e.disorder_type, e.event_type, e.sub_event_type, e.actor1,
    e.assoc_actor_1, e.inter1, e.actor2, e.assoc_actor_2, e.inter2, e.interaction,
    e.civilian_targeting, e.country, e.admin1, e.admin2, e.admin3, e.location, e.location_ar,
    e.pcode, e.latitude, e.longitude, e.geo_precision, e.fatalities, e.fatalities_min,
    e.fatalities_max, e.injured, e.injured_min, e.injured_max, e.arrested, e.arrested_min,
    e.arrested_max, e.aggregate, e.source_count, e.article_count, e.confidence, e.notes,
    e.first_reported_at
), updated_at = now()
FROM staging.event e
JOIN load_batch b USING (event_uid)
WHERE b.in_core
  AND f.event_uid = e.event_uid
  AND (
      f.event_date, f.time_precision, f.disorder_type, f.event_type, f.sub_event_type, f.actor1,
      f.assoc_actor_1, f.inter1, f.actor2, f.assoc_actor_2, f.inter2, f.interaction,
      f.civilian_targeting, f.country, f.admin1, f.admin2, f.admin3, f.location, f.location_ar,
      f.pcode, f.latitude, f.longitude, f.geo_precision, f.fatalities, f.fatalities_min,
      f.fatalities_max, f.injured, f.injured_min, f.injured_max, f.arrested, f.arrested_min,
      f.arrested_max, f.aggregate, f.source_count, f.article_count, f.confidence, f.notes,
      f.first_reported_at
  ) IS DISTINCT FROM (
      e.event_date, e.time_precision, e.disorder_type, e.event_type, e.sub_event_type, e.actor1,
      e.assoc_actor_1, e.inter1, e.actor2, e.assoc_actor_2, e.inter2, e.interaction,
      e.civilian_targeting, e.country, e.admin1, e.admin2, e.admin3, e.location, e.location_ar,
      e.pcode, e.latitude, e.longitude, e.geo_precision, e.fatalities, e.fatalities_min,
      e.fatalities_max, e.injured, e.injured_min, e.injured_max, e.arrested, e.arrested_min,
      e.arrested_max, e.aggregate, e.source_count, e.article_count, e.confidence, e.notes,
      e.first_reported_at
  );
