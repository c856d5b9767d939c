-- Record dates (applied_on, visit_date, action_date, executed_on, reported_on): data.vocabulary.RECORD_DATE;
-- tests/data/test_schema.py keeps every query over records in step with it.
-- For every indicator × period of its pledge's term (with the period's term, label, starts and ends): the card's
-- target (당초 목표), the target in force on $as_of (the newest revision on or before it,
-- revisions_in_force.sql, else the card's: as targets_in_force.sql defines it) and the actual to $as_of (from
-- records, or the newest reported figure on or before $as_of). Actual is NULL for periods not yet begun.
-- Read from the grid kept at write time (indicator_grid, migration 009: the grid, the card targets and each
-- year's record actuals, aggregates/grid_rows.sql): a period before the as-of year is its whole year; the as-of
-- year's is read from whichever side of $as_of is shorter: before July, what lies up to $as_of (the year's whole
-- months to $as_of from monthly_totals, and unless $as_of ends its month that month's days to $as_of from
-- daily_actuals); from July on, the whole year less what lies after $as_of (whole months after the as-of month, the as-of month's
-- later days; nothing at a year's end). Either gives the same counts and sums as the records
-- (aggregates/years_to_date.sql reads the same way). The side's test `CAST($as_of AS DATE) < make_date(year(
-- CAST($as_of AS DATE)), 7, 1)` is written out in each branch (no one-row CTE): DuckDB then folds it to a
-- constant and never reads the other side's rows; monthly_totals and daily_actuals are kept in date order
-- (migration 012) so that a month's or a day range's rows are found without reading the others.
-- Later periods begin after $as_of.
-- Params: $as_of DATE, $city TEXT|NULL, $pledge_id TEXT|NULL.
WITH latest AS (
    {{revisions_in_force}}
),
part AS (
    SELECT city, pledge_id, source, year(CAST($as_of AS DATE)) AS period, sum(records) AS records, sum(amount_krw) AS amount_krw
    FROM (
        -- before July: the as-of year to $as_of
        SELECT city, pledge_id, source, records, amount_krw FROM monthly_totals
        WHERE CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1)
          AND month >= CAST(date_trunc('year', CAST($as_of AS DATE)) AS DATE)
          AND month < CAST(date_trunc('month', CAST($as_of AS DATE) + INTERVAL 1 DAY) AS DATE)
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
        UNION ALL
        SELECT city, pledge_id, source, records, amount_krw FROM daily_actuals
        WHERE CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1)
          AND CAST($as_of AS DATE) < last_day(CAST($as_of AS DATE))
          AND day >= CAST(date_trunc('month', CAST($as_of AS DATE)) AS DATE) AND day <= CAST($as_of AS DATE)
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
        UNION ALL
        -- from July on: the as-of year after $as_of
        SELECT city, pledge_id, source, records, amount_krw FROM monthly_totals
        WHERE CAST($as_of AS DATE) >= make_date(year(CAST($as_of AS DATE)), 7, 1)
          AND month > CAST($as_of AS DATE) AND month < CAST(date_trunc('year', CAST($as_of AS DATE)) + INTERVAL 1 YEAR AS DATE)
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
        UNION ALL
        SELECT city, pledge_id, source, records, amount_krw FROM daily_actuals
        WHERE CAST($as_of AS DATE) >= make_date(year(CAST($as_of AS DATE)), 7, 1)
          AND day > CAST($as_of AS DATE) AND day <= last_day(CAST($as_of AS DATE))
          AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    ) a
    GROUP BY city, pledge_id, source
),
rep AS (
    SELECT city, pledge_id, indicator_id, period, arg_max(value, reported_on) AS value
    FROM reported_actuals
    WHERE reported_on <= $as_of
      AND ($city IS NULL OR city = $city) AND ($pledge_id IS NULL OR pledge_id = $pledge_id)
    GROUP BY ALL
)
SELECT g.city, g.pledge_id, g.indicator_id, g.period, g.term, g.label, g.starts, g.ends,
       g.original_target, CASE WHEN l.revision_id IS NULL THEN g.original_target ELSE l.target END AS target,
       l.revision_id,
       CASE
           WHEN g.starts > $as_of THEN NULL
           WHEN g.source = 'reported' THEN rep.value
           WHEN g.period = year(CAST($as_of AS DATE)) AND CAST($as_of AS DATE) < make_date(year(CAST($as_of AS DATE)), 7, 1)
               THEN CASE WHEN g.source = 'executions' THEN coalesce(x.amount_krw, 0) / 1e6
                         ELSE CAST(coalesce(x.records, 0) AS DOUBLE) END
           WHEN g.source = 'executions' THEN coalesce(g.year_amount - coalesce(x.amount_krw, 0), 0) / 1e6
           ELSE CAST(coalesce(g.year_records - coalesce(x.records, 0), 0) AS DOUBLE)
       END AS actual
FROM indicator_grid g
LEFT JOIN latest l
  ON l.city = g.city AND l.pledge_id = g.pledge_id AND l.indicator_id = g.indicator_id AND l.period = g.period
LEFT JOIN part x ON x.city = g.city AND x.pledge_id = g.pledge_id AND x.source = g.source AND x.period = g.period
LEFT JOIN rep ON rep.city = g.city AND rep.pledge_id = g.pledge_id AND rep.indicator_id = g.indicator_id AND rep.period = g.period
WHERE ($city IS NULL OR g.city = $city) AND ($pledge_id IS NULL OR g.pledge_id = $pledge_id)
ORDER BY g.city, g.pledge_id, g.indicator_id, g.period
