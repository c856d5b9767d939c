-- Remove the monthly totals of every month the delta touches (insert_months sums them again).
DELETE FROM monthly_totals
WHERE EXISTS (SELECT 1 FROM agg_delta x WHERE x.city = monthly_totals.city AND x.pledge_id = monthly_totals.pledge_id
              AND x.source = monthly_totals.source AND x.funding_source = monthly_totals.funding_source
              AND x.month = monthly_totals.month)
