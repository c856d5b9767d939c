-- Remove the yearly totals of every year the delta touches (insert_years sums them again);
-- joined with the touched years, made distinct (as delete_daily).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
DELETE FROM yearly_totals
USING (SELECT DISTINCT city, pledge_id, source, funding_source, year FROM agg_delta) x
WHERE x.city = yearly_totals.city AND x.pledge_id = yearly_totals.pledge_id
  AND x.source = yearly_totals.source AND x.funding_source = yearly_totals.funding_source
  AND x.year = yearly_totals.year
  AND ($city_lo IS NULL OR (yearly_totals.city BETWEEN $city_lo AND $city_hi AND yearly_totals.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
  AND yearly_totals.year BETWEEN year(CAST($day_lo AS DATE)) AND year(CAST($day_hi AS DATE))
