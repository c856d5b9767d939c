-- monthly_actuals.sql for any set of pledges: per record-based indicator, the actual per
-- calendar month up to $as_of (counts, or 백만원 for executions), for all pledges, one city's
-- or one ($city / $pledge_id may be NULL). The forecast's pace reads it (metrics/forecast.py).
-- Reported indicators have no monthly figures. Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH ind AS (
    SELECT city, pledge_id, indicator_id, source
    FROM indicators
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
),
rec AS (
    SELECT city, pledge_id, 'publicity' AS source, date_trunc('month', action_date) AS month, count(*)::DOUBLE AS value
    FROM publicity
    WHERE action_date <= $as_of AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
    UNION ALL
    SELECT city, pledge_id, 'applications', date_trunc('month', applied_on), count(*)::DOUBLE
    FROM applications
    WHERE applied_on <= $as_of AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
    UNION ALL
    SELECT city, pledge_id, 'visits', date_trunc('month', visit_date), count(*)::DOUBLE
    FROM visits
    WHERE visit_date <= $as_of AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
    UNION ALL
    SELECT city, pledge_id, 'executions', date_trunc('month', executed_on), sum(amount_krw) / 1e6
    FROM executions
    WHERE executed_on <= $as_of AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
)
SELECT ind.city, ind.pledge_id, ind.indicator_id, rec.month::DATE AS month, rec.value
FROM ind JOIN rec ON rec.city = ind.city AND rec.pledge_id = ind.pledge_id AND rec.source = ind.source
ORDER BY ind.city, ind.pledge_id, ind.indicator_id, month
