-- The aggregates up to $as_of, per city × pledge × source × funding source × month: whole
-- months before the as-of month from monthly_totals, and the as-of month from monthly_totals too
-- when $as_of is its last day, else its days up to $as_of from daily_actuals (exact for any date;
-- at a month's end the daily table is not read at all). One comparison per monthly row: the
-- first month not read whole is the month of the day after $as_of. Included by the monthly actuals
-- (monthly_actuals, monthly_actuals_all; the yearly figures read aggregates/years_to_date.sql).
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, source, funding_source, month, records, amount_krw
FROM monthly_totals
WHERE month < CAST(date_trunc('month', CAST($as_of AS DATE) + INTERVAL 1 DAY) AS DATE)
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
UNION ALL
SELECT city, pledge_id, source, funding_source, CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE), records, amount_krw
FROM daily_actuals
WHERE CAST($as_of AS DATE) < last_day(CAST($as_of AS DATE))
  AND day >= CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE) AND day <= $as_of
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
