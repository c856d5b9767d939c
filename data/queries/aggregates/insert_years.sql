-- Sum the monthly totals of every year the delta touches into yearly_totals again (after
-- insert_months: a year left with no record has no row; joined with the touched years, made
-- distinct, like insert_months).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
INSERT INTO yearly_totals (city, pledge_id, source, funding_source, year, records, amount_krw, first_day, last_day)
SELECT m.city, m.pledge_id, m.source, m.funding_source, year(m.month),
       sum(m.records), sum(m.amount_krw), min(m.first_day), max(m.last_day)
FROM monthly_totals m
JOIN (SELECT DISTINCT city, pledge_id, source, funding_source, year FROM agg_delta) x
  ON x.city = m.city AND x.pledge_id = m.pledge_id AND x.source = m.source
 AND x.funding_source = m.funding_source AND x.year = year(m.month)
WHERE ($city_lo IS NULL OR (m.city BETWEEN $city_lo AND $city_hi AND m.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
  AND m.month BETWEEN make_date(year(CAST($day_lo AS DATE)), 1, 1) AND make_date(year(CAST($day_hi AS DATE)), 12, 31)
GROUP BY m.city, m.pledge_id, m.source, m.funding_source, year(m.month)
