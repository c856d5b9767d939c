-- Investment plan (백만원) and execution to $as_of (원 → 백만원) per pledge × phase × year × funding source.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH plan AS (
    SELECT city, pledge_id, phase, year, funding_source, sum(amount) AS planned
    FROM budget_plan
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
),
exe AS (
    SELECT city, pledge_id, 'term' AS phase, year(executed_on) AS year, funding_source,
           sum(amount_krw) / 1e6 AS executed
    FROM executions
    WHERE executed_on <= $as_of
      AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
)
SELECT city, pledge_id, phase, year, funding_source,
       coalesce(planned, 0) AS planned, coalesce(executed, 0) AS executed
FROM plan FULL OUTER JOIN exe USING (city, pledge_id, phase, year, funding_source)
ORDER BY city, pledge_id, phase, year NULLS FIRST, funding_source
