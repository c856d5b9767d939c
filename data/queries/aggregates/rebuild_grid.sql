-- Fill indicator_grid from the cards and yearly_totals (after aggregates/rebuild_years), in the
-- order the recompute reads it. Params: $city TEXT|NULL, $pledge_id TEXT|NULL (one pledge's rows:
-- aggregates.refresh_card, after delete_grid).
INSERT INTO indicator_grid (city, pledge_id, indicator_id, period, term, label, starts, ends, source, original_target,
                            year_records, year_amount)
SELECT city, pledge_id, indicator_id, period, term, label, starts, ends, source, original_target, year_records, year_amount
FROM ({{aggregates/grid_rows}}) g
ORDER BY city, pledge_id, indicator_id, period
