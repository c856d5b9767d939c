-- Remove the daily rows the delta touches (insert_daily writes them again, changed). A join
-- (DELETE … USING; agg_delta has one row per key and day) rather than a correlated EXISTS:
-- several times faster on a large daily table.
DELETE FROM daily_actuals
USING agg_delta x
WHERE x.city = daily_actuals.city AND x.pledge_id = daily_actuals.pledge_id
  AND x.source = daily_actuals.source AND x.funding_source = daily_actuals.funding_source
  AND x.day = daily_actuals.day
