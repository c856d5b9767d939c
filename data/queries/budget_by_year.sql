-- Investment plan (백만원) and execution to $as_of (원 → 백만원; executions read from the aggregates,
-- aggregates/years_to_date.sql) per pledge × phase × year × funding source.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
-- (One grouping over plan rows and execution rows together: cheaper than a full outer join at national scale.)
SELECT city, pledge_id, phase, year, funding_source,
       coalesce(sum(planned), 0) AS planned, coalesce(sum(executed), 0) AS executed
FROM (
    SELECT city, pledge_id, phase, year, funding_source, amount AS planned, NULL::DOUBLE AS executed
    FROM budget_plan
    WHERE ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    UNION ALL
    SELECT city, pledge_id, 'term', year, funding_source, NULL, sum(amount_krw) / 1e6
    FROM ({{aggregates/years_to_date}}) a
    WHERE source = 'executions'
    GROUP BY city, pledge_id, year, funding_source
    HAVING sum(records) > 0
)
GROUP BY ALL
ORDER BY city, pledge_id, phase, year NULLS FIRST, funding_source
