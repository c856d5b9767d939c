-- The forecast's record pace inputs (metrics/forecast.py), per record-based indicator with any
-- record up to $as_of: first_month = the month of its first record, window_total = its actual
-- (counts, or 백만원 for executions) over the $pace_window calendar months ending with the as-of
-- month (0 when none fell inside). The same months as monthly_actuals_all.sql, summed here
-- instead of returned month by month (amounts summed as integers 원, then ÷ 10⁶).
-- Params: $as_of DATE, $pace_window INTEGER, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH ind AS (
    SELECT city, pledge_id, indicator_id, source
    FROM indicators
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
),
rec AS (
    SELECT city, pledge_id, source, min(month) AS first_month,
           coalesce(sum(records) FILTER (WHERE month > window_end - to_months($pace_window)), 0) AS records,
           coalesce(sum(amount_krw) FILTER (WHERE month > window_end - to_months($pace_window)), 0) AS amount_krw
    FROM ({{aggregates/to_date}}) a,
         (SELECT CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE) AS window_end) w
    GROUP BY city, pledge_id, source
)
SELECT ind.city, ind.pledge_id, ind.indicator_id, CAST(rec.first_month AS DATE) AS first_month,
       CASE WHEN ind.source = 'executions' THEN rec.amount_krw / 1e6 ELSE CAST(rec.records AS DOUBLE) END AS window_total
FROM ind JOIN rec ON rec.city = ind.city AND rec.pledge_id = ind.pledge_id AND rec.source = ind.source
-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
