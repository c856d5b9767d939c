-- The aggregates up to $as_of per city × pledge × source × funding source × year, as signed rows
-- to sum: every year up to the as-of year whole (yearly_totals, with its first day that has
-- records), less what of the as-of year lies after $as_of: its whole months after the as-of month
-- (monthly_totals) and the as-of month's days after $as_of (daily_actuals), as negative rows with
-- first_day NULL. At a year's end nothing is subtracted; when the records end on or before $as_of
-- nothing is either. A key's sums are its records and amounts to $as_of exactly, so a key without
-- any record to $as_of sums to 0 records: group with HAVING sum(records) > 0. Over such a group
-- min(first_day) is its first record's day (a yearly row's first day after $as_of can only be
-- the smallest when no record lies on or before $as_of). Included by indicator_periods,
-- budget_by_year and record_pace. Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
SELECT city, pledge_id, source, funding_source, CAST(year AS BIGINT) AS year, records, amount_krw, first_day
FROM yearly_totals
WHERE year <= year(CAST($as_of AS DATE))
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
UNION ALL
SELECT city, pledge_id, source, funding_source, year(month), -records, -amount_krw, CAST(NULL AS DATE)
FROM monthly_totals
WHERE month > CAST($as_of AS DATE)
  AND month < CAST(date_trunc('year', CAST($as_of AS DATE)) + INTERVAL 1 YEAR AS DATE)
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
UNION ALL
SELECT city, pledge_id, source, funding_source, year(day), -records, -amount_krw, CAST(NULL AS DATE)
FROM daily_actuals
WHERE day > CAST($as_of AS DATE) AND day <= last_day(CAST($as_of AS DATE))
  AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
