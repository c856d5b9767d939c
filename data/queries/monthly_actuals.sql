-- Per record-based indicator: actual per calendar month up to $as_of (counts, or 백만원 for
-- executions), read from the aggregates kept at write time (aggregates/to_date.sql).
-- Reported indicators have no monthly figures. Params: $as_of, $city, $pledge_id.
WITH ind AS (
    SELECT city, pledge_id, indicator_id, source FROM indicators WHERE city = $city AND pledge_id = $pledge_id
),
rec AS (
    SELECT source, month,
           CASE WHEN source = 'executions' THEN sum(amount_krw) / 1e6 ELSE CAST(sum(records) AS DOUBLE) END AS value
    FROM ({{aggregates/to_date}}) a
    GROUP BY source, month
)
SELECT ind.city, ind.pledge_id, ind.indicator_id, CAST(rec.month AS DATE) AS month, rec.value
FROM ind JOIN rec USING (source)
ORDER BY ind.indicator_id, month
