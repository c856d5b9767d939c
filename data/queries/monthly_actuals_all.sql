-- monthly_actuals.sql for any set of pledges: per record-based indicator, the actual per
-- calendar month up to $as_of (counts, or 백만원 for executions), for all pledges, one city's
-- or one ($city / $pledge_id may be NULL). The forecast's pace reads it (metrics/forecast.py).
-- Read from the aggregates kept at write time (aggregates/to_date.sql), not the records.
-- Reported indicators have no monthly figures. Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH ind AS (
    SELECT city, pledge_id, indicator_id, source
    FROM indicators
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
),
rec AS (
    SELECT city, pledge_id, source, month,
           CASE WHEN source = 'executions' THEN sum(amount_krw) / 1e6 ELSE CAST(sum(records) AS DOUBLE) END AS value
    FROM ({{aggregates/to_date}}) a
    GROUP BY city, pledge_id, source, month
)
SELECT ind.city, ind.pledge_id, ind.indicator_id, CAST(rec.month AS DATE) AS month, rec.value
FROM ind JOIN rec ON rec.city = ind.city AND rec.pledge_id = ind.pledge_id AND rec.source = ind.source
ORDER BY ind.city, ind.pledge_id, ind.indicator_id, month
