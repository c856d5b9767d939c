-- Sum the daily rows of every month the delta touches into monthly_totals again (a join with the
-- touched months, made distinct: a correlated EXISTS here decorrelates into a grouping of every
-- daily row, ~50 times slower at national scale). In month order (migration 012).
-- Params: $city_lo, $city_hi, $pledge_lo, $pledge_hi TEXT|NULL, $day_lo, $day_hi DATE: the delta's bounds
-- (delta_bounds.sql; the city and pledge bounds NULL on the DuckDB file: data/aggregates.py).
INSERT INTO monthly_totals (city, pledge_id, source, funding_source, month, records, amount_krw, first_day, last_day)
SELECT d.city, d.pledge_id, d.source, d.funding_source, CAST(date_trunc('month', d.day) AS DATE),
       sum(d.records), sum(d.amount_krw), min(d.day), max(d.day)
FROM daily_actuals d
JOIN (SELECT DISTINCT city, pledge_id, source, funding_source, month FROM agg_delta) x
  ON x.city = d.city AND x.pledge_id = d.pledge_id AND x.source = d.source
 AND x.funding_source = d.funding_source AND x.month = CAST(date_trunc('month', d.day) AS DATE)
WHERE ($city_lo IS NULL OR (d.city BETWEEN $city_lo AND $city_hi AND d.pledge_id BETWEEN $pledge_lo AND $pledge_hi))
  AND d.day BETWEEN CAST(date_trunc('month', CAST($day_lo AS DATE)) AS DATE) AND last_day(CAST($day_hi AS DATE))
GROUP BY d.city, d.pledge_id, d.source, d.funding_source, CAST(date_trunc('month', d.day) AS DATE)
ORDER BY CAST(date_trunc('month', d.day) AS DATE), d.city, d.pledge_id, d.source, d.funding_source
