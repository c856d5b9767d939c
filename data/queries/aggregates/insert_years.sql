-- Sum the monthly totals of every year the delta touches into yearly_totals again (after
-- insert_months: a year left with no record has no row; joined with the touched years, made
-- distinct, like insert_months).
INSERT INTO yearly_totals (city, pledge_id, source, funding_source, year, records, amount_krw, first_day, last_day)
SELECT m.city, m.pledge_id, m.source, m.funding_source, year(m.month),
       sum(m.records), sum(m.amount_krw), min(m.first_day), max(m.last_day)
FROM monthly_totals m
JOIN (SELECT DISTINCT city, pledge_id, source, funding_source, year FROM agg_delta) x
  ON x.city = m.city AND x.pledge_id = m.pledge_id AND x.source = m.source
 AND x.funding_source = m.funding_source AND x.year = year(m.month)
GROUP BY m.city, m.pledge_id, m.source, m.funding_source, year(m.month)
