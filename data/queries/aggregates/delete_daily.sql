-- Remove the daily rows the delta touches (insert_daily writes them again, changed). A join
-- (DELETE … USING; agg_delta has one row per key and day) rather than a correlated EXISTS:
-- several times faster on a large daily table.
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
DELETE FROM daily_actuals
USING agg_delta x
WHERE x.city = daily_actuals.city AND x.pledge_id = daily_actuals.pledge_id
  AND x.source = daily_actuals.source AND x.funding_source = daily_actuals.funding_source
  AND x.day = daily_actuals.day
  AND ($city_lo IS NULL OR (daily_actuals.city BETWEEN $city_lo AND $city_hi AND daily_actuals.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
  AND daily_actuals.day BETWEEN $day_lo AND $day_hi
