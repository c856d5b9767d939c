-- The aggregates up to $as_of per city × pledge × source × funding source × year, as signed rows
-- to sum: every year before the as-of year whole (yearly_totals, with its first day that has
-- records), and the as-of year from whichever side of $as_of is shorter (as indicator_periods.sql
-- reads it). Before July: its whole months to $as_of (monthly_totals, with their first day: the
-- as-of month too when $as_of is its last day) and else the as-of month's days to $as_of
-- (daily_actuals). From July on: the whole year
-- (yearly_totals) less what lies after $as_of: its whole months after the as-of month and the
-- as-of month's days after $as_of, as negative rows with first_day NULL (at a year's end nothing
-- is subtracted; when the records end on or before $as_of nothing is either). A key's sums are its
-- records and amounts to $as_of exactly, so a key without any record to $as_of sums to 0 records:
-- group with HAVING sum(records) > 0. Over such a group min(first_day) is its first record's day
-- (a yearly row's first day after $as_of can only be the smallest when no record lies on or
-- before $as_of). The side's test is written out in each branch so that DuckDB folds it to a
-- constant (no one-row CTE). Included by record_pace.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, source, funding_source, CAST(year AS BIGINT) AS year, records, amount_krw, first_day
FROM yearly_totals
WHERE (year < year(CAST($as_of AS DATE))
       OR (year = year(CAST($as_of AS DATE)) AND CAST($as_of AS DATE) >= make_date(year(CAST($as_of AS DATE)), 7, 1)))
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
UNION ALL
SELECT city, pledge_id, source, funding_source, year(month), records, amount_krw, first_day
FROM monthly_totals
WHERE CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1)
  AND month >= CAST(date_trunc('year', CAST($as_of AS DATE)) AS DATE)
  AND month < CAST(date_trunc('month', CAST($as_of AS DATE) + INTERVAL 1 DAY) AS DATE)
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
UNION ALL
SELECT city, pledge_id, source, funding_source, year(day), records, amount_krw, day
FROM daily_actuals
WHERE CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1)
  AND CAST($as_of AS DATE) < last_day(CAST($as_of AS DATE))
  AND day >= CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE) AND day <= CAST($as_of AS DATE)
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
UNION ALL
SELECT city, pledge_id, source, funding_source, year(month), -records, -amount_krw, CAST(NULL AS DATE)
FROM monthly_totals
WHERE CAST($as_of AS DATE) >= make_date(year(CAST($as_of AS DATE)), 7, 1)
  AND month > CAST($as_of AS DATE)
  AND month < CAST(date_trunc('year', CAST($as_of AS DATE)) + INTERVAL 1 YEAR AS DATE)
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
UNION ALL
SELECT city, pledge_id, source, funding_source, year(day), -records, -amount_krw, CAST(NULL AS DATE)
FROM daily_actuals
WHERE CAST($as_of AS DATE) >= make_date(year(CAST($as_of AS DATE)), 7, 1)
  AND day > CAST($as_of AS DATE) AND day <= last_day(CAST($as_of AS DATE))
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
