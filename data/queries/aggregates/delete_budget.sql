-- Remove the budget_grid rows (phase 'term') of every year and funding source whose executions the
-- delta touches (insert_budget writes them again); joined with the touched keys, made distinct.
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
DELETE FROM budget_grid
USING (SELECT DISTINCT city, pledge_id, year, funding_source FROM agg_delta WHERE source = 'executions') x
WHERE x.city = budget_grid.city AND x.pledge_id = budget_grid.pledge_id AND budget_grid.phase = 'term'
  AND x.year = budget_grid.year AND x.funding_source = budget_grid.funding_source
  AND ($city_lo IS NULL OR (budget_grid.city BETWEEN $city_lo AND $city_hi AND budget_grid.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
  AND budget_grid.year BETWEEN year(CAST($day_lo AS DATE)) AND year(CAST($day_hi AS DATE))
