-- Investment plan (백만원) and execution to $as_of (원 → 백만원) per pledge × phase × year × funding source.
-- Read from the budget grid kept at write time (budget_grid, migration 009: the plan rows summed and each
-- year's executions, aggregates/budget_rows.sql): a year before the as-of year is its whole year; the as-of
-- year's is its whole year less what lies after $as_of (whole months after the as-of month from
-- monthly_totals, the as-of month's later days from daily_actuals; nothing at a year's end), the same
-- sums as the records give (aggregates/years_to_date.sql reads the same way). A key without a plan row
-- is shown only when it has executions to $as_of.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH later AS (
    SELECT city, pledge_id, funding_source, year(CAST($as_of AS DATE)) AS year, sum(records) AS records,
           sum(amount_krw) AS amount_krw
    FROM (
        SELECT city, pledge_id, funding_source, records, amount_krw FROM monthly_totals
        WHERE source = 'executions'
          AND month > CAST($as_of AS DATE) AND month < CAST(date_trunc('year', CAST($as_of AS DATE)) + INTERVAL 1 YEAR AS DATE)
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
        UNION ALL
        SELECT city, pledge_id, funding_source, records, amount_krw FROM daily_actuals
        WHERE source = 'executions' AND day > CAST($as_of AS DATE) AND day <= last_day(CAST($as_of AS DATE))
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    ) a
    GROUP BY city, pledge_id, funding_source
),
rows AS (
    SELECT city, pledge_id, phase, year, funding_source, planned,
           CASE WHEN year < year(CAST($as_of AS DATE)) THEN year_records END AS records, year_amount AS amount_krw
    FROM budget_grid
    WHERE (year IS NULL OR year <> year(CAST($as_of AS DATE)))
      AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    UNION ALL
    SELECT b.city, b.pledge_id, b.phase, b.year, b.funding_source, b.planned,
           b.year_records - coalesce(x.records, 0), b.year_amount - coalesce(x.amount_krw, 0)
    FROM budget_grid b
    LEFT JOIN later x ON x.city = b.city AND x.pledge_id = b.pledge_id AND x.funding_source = b.funding_source
    WHERE b.year = year(CAST($as_of AS DATE))
      AND ($city IS NULL OR b.city = $city) AND ($pledge_id IS NULL OR b.pledge_id = $pledge_id)
)
SELECT city, pledge_id, phase, CAST(year AS BIGINT) AS year, funding_source, coalesce(planned, 0) AS planned,
       CASE WHEN records > 0 THEN amount_krw / 1e6 ELSE 0 END AS executed
FROM rows
WHERE planned IS NOT NULL OR records > 0
ORDER BY city, pledge_id, phase, year NULLS FIRST, funding_source
