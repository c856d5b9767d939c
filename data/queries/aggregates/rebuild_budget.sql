-- Fill budget_grid from the cards and yearly_totals (after aggregates/rebuild_years), in the order
-- the recompute reads it. Params: $city TEXT|NULL, $pledge_id TEXT|NULL (one pledge's rows:
-- aggregates.refresh_card, after delete_budget_card).
INSERT INTO budget_grid (city, pledge_id, phase, year, funding_source, planned, year_records, year_amount)
SELECT city, pledge_id, phase, year, funding_source, planned, year_records, year_amount
FROM ({{aggregates/budget_rows}}) b
ORDER BY city, pledge_id, phase, year NULLS FIRST, funding_source
