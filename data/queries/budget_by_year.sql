-- Investment plan (백만원) and execution to $as_of (원 → 백만원) per pledge × phase × year × funding source.
-- Read from the budget grid kept at write time (budget_grid, migration 009: the plan rows summed and each
-- year's executions, aggregates/budget_rows.sql): a year before the as-of year is its whole year; the as-of
-- year's is read from whichever side of $as_of is shorter, as indicator_periods.sql reads it: before July
-- what lies up to $as_of (whole months to $as_of from monthly_totals, and unless $as_of ends its month that
-- month's days to $as_of from daily_actuals), from July on the whole year less what lies after $as_of (nothing at a
-- year's end); the same sums as the records give (aggregates/years_to_date.sql reads the same way). A key
-- without a plan row is shown only when it has executions to $as_of.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH part AS (
    SELECT city, pledge_id, funding_source, year(CAST($as_of AS DATE)) AS year, sum(records) AS records,
           sum(amount_krw) AS amount_krw
    FROM (
        -- before July: the as-of year to $as_of
        SELECT city, pledge_id, funding_source, records, amount_krw FROM monthly_totals
        WHERE CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1) AND source = 'executions'
          AND month >= CAST(date_trunc('year', CAST($as_of AS DATE)) AS DATE)
          AND month < CAST(date_trunc('month', CAST($as_of AS DATE) + INTERVAL 1 DAY) AS DATE)
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
        UNION ALL
        SELECT city, pledge_id, funding_source, records, amount_krw FROM daily_actuals
        WHERE CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1) AND source = 'executions'
          AND CAST($as_of AS DATE) < last_day(CAST($as_of AS DATE))
          AND day >= CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE) AND day <= CAST($as_of AS DATE)
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
        UNION ALL
        -- from July on: the as-of year after $as_of
        SELECT city, pledge_id, funding_source, records, amount_krw FROM monthly_totals
        WHERE CAST($as_of AS DATE) >= make_date(year(CAST($as_of AS DATE)), 7, 1) AND source = 'executions'
          AND month > CAST($as_of AS DATE) AND month < CAST(date_trunc('year', CAST($as_of AS DATE)) + INTERVAL 1 YEAR AS DATE)
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
        UNION ALL
        SELECT city, pledge_id, funding_source, records, amount_krw FROM daily_actuals
        WHERE CAST($as_of AS DATE) >= make_date(year(CAST($as_of AS DATE)), 7, 1) AND source = 'executions'
          AND day > CAST($as_of AS DATE) AND day <= last_day(CAST($as_of AS DATE))
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
           CASE WHEN CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1) THEN coalesce(x.records, 0)
                ELSE b.year_records - coalesce(x.records, 0) END,
           CASE WHEN CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1) THEN coalesce(x.amount_krw, 0)
                ELSE b.year_amount - coalesce(x.amount_krw, 0) END
    FROM budget_grid b
    LEFT JOIN part x ON x.city = b.city AND x.pledge_id = b.pledge_id AND x.funding_source = b.funding_source
    WHERE b.year = year(CAST($as_of AS DATE))
      AND ($city IS NULL OR b.city = $city) AND ($pledge_id IS NULL OR b.pledge_id = $pledge_id)
)
SELECT city, pledge_id, phase, CAST(year AS BIGINT) AS year, funding_source, coalesce(planned, 0) AS planned,
       CASE WHEN records > 0 THEN amount_krw / 1e6 ELSE 0 END AS executed
FROM rows
WHERE planned IS NOT NULL OR records > 0
ORDER BY city, pledge_id, phase, year NULLS FIRST, funding_source
