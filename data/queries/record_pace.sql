-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- The forecast's record pace inputs (metrics/forecast.py), per record-based indicator with any
-- record up to $as_of: first_month = the month of its first record, window_total = its actual
-- (counts, or 백만원 for executions) over the $pace_window calendar months ending with the as-of
-- month (0 when none fell inside). The same months as monthly_actuals_all.sql, summed here
-- instead of returned month by month (amounts summed as integers 원, then ÷ 10⁶).
-- Read from the aggregates (aggregates/years_to_date.sql): the window is the as-of year to $as_of,
-- plus the whole months of earlier years from the window's first month (ws = the as-of month less
-- $pace_window - 1 months) on, or less the as-of year's months before ws when the window is shorter
-- than the year so far (monthly_totals; at a year's end with the 12-month window, neither). The
-- bounds are written out from the parameters (not a one-row CTE joined in) so that the scan of
-- monthly_totals filters by them instead of joining every monthly row; each of the two month
-- ranges is its own scan (an OR of the two is not pushed down: on PostgreSQL the extension then
-- copied all of monthly_totals across, 2.2 million rows at 10M records). Rows in key order (city,
-- pledge_id, indicator_id): the same frame on every run (its consumer matches rows by key).
-- Params: $as_of DATE, $pace_window INTEGER, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH ind AS (
    SELECT city, pledge_id, indicator_id, source
    FROM indicators
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
),
parts AS (
    SELECT a.city, a.pledge_id, a.source, TRUE AS to_date, a.year = year(CAST($as_of AS DATE)) AS in_window, a.records,
           a.amount_krw, a.first_day
    FROM ({{aggregates/years_to_date}}) a
    UNION ALL
    -- earlier years' months from the window's first month on (added)
    SELECT m.city, m.pledge_id, m.source, FALSE, TRUE, m.records, m.amount_krw, CAST(NULL AS DATE)
    FROM monthly_totals m
    WHERE m.month >= CAST(date_trunc('month', CAST($as_of AS DATE)) - to_months($pace_window - 1) AS DATE)
      AND m.month < CAST(date_trunc('year', CAST($as_of AS DATE)) AS DATE)
      AND ($city IS NULL OR m.city = $city) AND ($pledge_id IS NULL OR m.pledge_id = $pledge_id)
    UNION ALL
    -- the as-of year's months before the window's first month (taken away)
    SELECT m.city, m.pledge_id, m.source, FALSE, TRUE, -m.records, -m.amount_krw, CAST(NULL AS DATE)
    FROM monthly_totals m
    WHERE m.month >= CAST(date_trunc('year', CAST($as_of AS DATE)) AS DATE)
      AND m.month < CAST(date_trunc('month', CAST($as_of AS DATE)) - to_months($pace_window - 1) AS DATE)
      AND ($city IS NULL OR m.city = $city) AND ($pledge_id IS NULL OR m.pledge_id = $pledge_id)
),
rec AS (
    SELECT city, pledge_id, source, CAST(date_trunc('month', min(first_day)) AS DATE) AS first_month,
           coalesce(sum(records) FILTER (WHERE in_window), 0) AS records,
           coalesce(sum(amount_krw) FILTER (WHERE in_window), 0) AS amount_krw
    FROM parts
    GROUP BY city, pledge_id, source
    HAVING sum(records) FILTER (WHERE to_date) > 0
)
SELECT ind.city, ind.pledge_id, ind.indicator_id, CAST(rec.first_month AS DATE) AS first_month,
       CASE WHEN ind.source = 'executions' THEN rec.amount_krw / 1e6 ELSE CAST(rec.records AS DOUBLE) END AS window_total
FROM ind JOIN rec ON rec.city = ind.city AND rec.pledge_id = ind.pledge_id AND rec.source = ind.source
ORDER BY ind.city, ind.pledge_id, ind.indicator_id
