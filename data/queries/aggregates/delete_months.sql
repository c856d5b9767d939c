-- Remove the monthly totals of every month the delta touches (insert_months sums them again);
-- joined with the touched months, made distinct (as delete_daily).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
DELETE FROM monthly_totals
USING (SELECT DISTINCT city, pledge_id, source, funding_source, month FROM agg_delta) x
WHERE x.city = monthly_totals.city AND x.pledge_id = monthly_totals.pledge_id
  AND x.source = monthly_totals.source AND x.funding_source = monthly_totals.funding_source
  AND x.month = monthly_totals.month
  AND ($city_lo IS NULL OR (monthly_totals.city BETWEEN $city_lo AND $city_hi AND monthly_totals.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
  AND monthly_totals.month BETWEEN CAST(date_trunc('month', CAST($day_lo AS DATE)) AS DATE) AND CAST($day_hi AS DATE)
