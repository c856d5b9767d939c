-- The bounds of what the delta touches (agg_delta, delta.sql): its first and last city, pledge and
-- day. Every upkeep step (data/aggregates.MERGE_STEPS) reads and deletes only the stored rows within
-- them, besides its join with the delta: constants DuckDB pushes down into the scan, so that on
-- PostgreSQL the extension asks for one pledge's rows (an index, migration 013) instead of copying
-- a whole aggregate table across (32 s for 1,000 rows at 10M records). On the file only the days
-- bound the steps: they skip the row groups of other days (migration 012). The same rows as the
-- join alone: each touched key lies within its delta's bounds. No params.
SELECT min(city) AS city_lo, max(city) AS city_hi, min(pledge_id) AS pledge_lo, max(pledge_id) AS pledge_hi,
       min(day) AS day_lo, max(day) AS day_hi
FROM agg_delta
