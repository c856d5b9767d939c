-- Fill monthly_totals from daily_actuals (after aggregates/rebuild_daily), in month order (migration 012).
INSERT INTO monthly_totals (city, pledge_id, source, funding_source, month, records, amount_krw, first_day, last_day)
SELECT city, pledge_id, source, funding_source, CAST(date_trunc('month', day) AS DATE),
       sum(records), sum(amount_krw), min(day), max(day)
FROM daily_actuals
GROUP BY city, pledge_id, source, funding_source, CAST(date_trunc('month', day) AS DATE)
ORDER BY CAST(date_trunc('month', day) AS DATE), city, pledge_id, source, funding_source
