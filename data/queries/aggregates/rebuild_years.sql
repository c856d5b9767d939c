-- Fill yearly_totals from monthly_totals (after aggregates/rebuild_months).
INSERT INTO yearly_totals (city, pledge_id, source, funding_source, year, records, amount_krw, first_day, last_day)
SELECT city, pledge_id, source, funding_source, year(month), sum(records), sum(amount_krw), min(first_day), max(last_day)
FROM monthly_totals
GROUP BY city, pledge_id, source, funding_source, year(month)
ORDER BY city, pledge_id, source, funding_source, year(month)
