-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- Per record-based indicator: actual per calendar month up to $as_of (counts, or 백만원 for
-- executions). Reported indicators have no monthly figures. Params: $as_of, $city, $pledge_id.
WITH ind AS (
    SELECT city, pledge_id, indicator_id, source FROM indicators WHERE city = $city AND pledge_id = $pledge_id
),
rec AS (
    SELECT 'publicity' AS source, date_trunc('month', action_date) AS month, count(*)::DOUBLE AS value
    FROM publicity WHERE city = $city AND pledge_id = $pledge_id AND action_date <= $as_of GROUP BY ALL
    UNION ALL
    SELECT 'applications', date_trunc('month', applied_on), count(*)::DOUBLE
    FROM applications WHERE city = $city AND pledge_id = $pledge_id AND applied_on <= $as_of GROUP BY ALL
    UNION ALL
    SELECT 'visits', date_trunc('month', visit_date), count(*)::DOUBLE
    FROM visits WHERE city = $city AND pledge_id = $pledge_id AND visit_date <= $as_of GROUP BY ALL
    UNION ALL
    SELECT 'executions', date_trunc('month', executed_on), sum(amount_krw) / 1e6
    FROM executions WHERE city = $city AND pledge_id = $pledge_id AND executed_on <= $as_of GROUP BY ALL
)
SELECT ind.city, ind.pledge_id, ind.indicator_id, rec.month::DATE AS month, rec.value
FROM ind JOIN rec USING (source)
ORDER BY ind.indicator_id, month
