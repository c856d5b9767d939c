-- Remove the monthly totals of every month the delta touches (insert_months sums them again);
-- joined with the touched months, made distinct (as delete_daily).
DELETE FROM monthly_totals
USING (SELECT DISTINCT city, pledge_id, source, funding_source, month FROM agg_delta) x
WHERE x.city = monthly_totals.city AND x.pledge_id = monthly_totals.pledge_id
  AND x.source = monthly_totals.source AND x.funding_source = monthly_totals.funding_source
  AND x.month = monthly_totals.month
