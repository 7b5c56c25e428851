-- Question: which events happened within 25 km of a given town?
-- Grain: one event whose coordinates lie within radius_km of the town, nearest first.
-- Parameters: edit the params CTE. `town` is matched against core.dim_place.name_ar or name_en
-- (case-insensitive); when several places share the name the most specific one wins (a town
-- before its subdistrict, district or governorate of the same name), so 'Idlib' or 'إدلب' means
-- Idlib city. Needs core.dim_place seeded (etl.load.dimensions.seed_places). Distance is the
-- haversine great-circle distance on a 6371.0088 km sphere. Events with geo_precision 3 sit on
-- a governorate's representative point and may not really be near the town; all dates; aggregate
-- tallies excluded.
WITH params AS (
    SELECT 'Idlib'::text AS town,
           25.0::float8  AS radius_km
),

town AS (
    SELECT p.pcode, p.name_en, p.name_ar, p.latitude, p.longitude
    FROM core.dim_place p
    CROSS JOIN params
    WHERE p.name_ar = params.town
       OR lower(p.name_en) = lower(params.town)
    ORDER BY p.level DESC, p.pcode
    LIMIT 1
),

distances AS (
    SELECT e.*,
           t.name_en AS town_en,
           2 * 6371.0088 * asin(sqrt(
               power(sin(radians(e.latitude - t.latitude) / 2), 2)
               + cos(radians(t.latitude)) * cos(radians(e.latitude))
                 * power(sin(radians(e.longitude - t.longitude) / 2), 2)
           )) AS distance_km
    FROM core.fact_event e
    CROSS JOIN town t
    WHERE e.latitude IS NOT NULL
      AND e.longitude IS NOT NULL
      AND NOT e.aggregate
)

SELECT town_en                   AS town,
       round(distance_km::numeric, 2) AS distance_km,
       event_date,
       event_type,
       sub_event_type,
       location,
       location_ar,
       geo_precision,
       actor1,
       actor2,
       fatalities,
       event_uid
FROM distances
WHERE distance_km <= (SELECT radius_km FROM params)
ORDER BY distance_km, event_date DESC, event_uid;
