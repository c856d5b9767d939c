-- Write the changed daily rows back (a day left with no record has no row), in date order (migration 012).
INSERT INTO daily_actuals (city, pledge_id, source, funding_source, day, records, amount_krw)
SELECT city, pledge_id, source, funding_source, day, records, amount_krw
FROM agg_daily
WHERE records > 0
ORDER BY day, city, pledge_id, source, funding_source
