-- Remove the budget_grid rows (phase 'term') of every year and funding source whose executions the
-- delta touches (insert_budget writes them again); joined with the touched keys, made distinct.
DELETE FROM budget_grid
USING (SELECT DISTINCT city, pledge_id, year, funding_source FROM agg_delta WHERE source = 'executions') x
WHERE x.city = budget_grid.city AND x.pledge_id = budget_grid.pledge_id AND budget_grid.phase = 'term'
  AND x.year = budget_grid.year AND x.funding_source = budget_grid.funding_source
