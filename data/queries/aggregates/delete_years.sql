-- Remove the yearly totals of every year the delta touches (insert_years sums them again);
-- joined with the touched years, made distinct (as delete_daily).
DELETE FROM yearly_totals
USING (SELECT DISTINCT city, pledge_id, source, funding_source, year FROM agg_delta) x
WHERE x.city = yearly_totals.city AND x.pledge_id = yearly_totals.pledge_id
  AND x.source = yearly_totals.source AND x.funding_source = yearly_totals.funding_source
  AND x.year = yearly_totals.year
