-- Sum the daily rows of every month the delta touches into monthly_totals again (a join with the
-- touched months, made distinct: a correlated EXISTS here decorrelates into a grouping of every
-- daily row, ~50 times slower at national scale). In month order (migration 012).
INSERT INTO monthly_totals (city, pledge_id, source, funding_source, month, records, amount_krw, first_day, last_day)
SELECT d.city, d.pledge_id, d.source, d.funding_source, CAST(date_trunc('month', d.day) AS DATE),
       sum(d.records), sum(d.amount_krw), min(d.day), max(d.day)
FROM daily_actuals d
JOIN (SELECT DISTINCT city, pledge_id, source, funding_source, month FROM agg_delta) x
  ON x.city = d.city AND x.pledge_id = d.pledge_id AND x.source = d.source
 AND x.funding_source = d.funding_source AND x.month = CAST(date_trunc('month', d.day) AS DATE)
GROUP BY d.city, d.pledge_id, d.source, d.funding_source, CAST(date_trunc('month', d.day) AS DATE)
ORDER BY CAST(date_trunc('month', d.day) AS DATE), d.city, d.pledge_id, d.source, d.funding_source
